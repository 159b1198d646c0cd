public import ArgumentParser
import Catalog
import Engine
import Foundation
import Layers
import Logging
import OCI
import Policy
import Registry
import Store
import Vulnerabilities

extension Drydock {
    /// `drydock scan IMAGE`: one-shot analysis, no server: the syft use case.
    public struct Scan: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "scan",
            abstract: "Analyze an image once and print its packages or SBOM.",
            discussion: """
                IMAGE is a registry reference, oci-layout:DIR[:TAG] or docker-archive:FILE. Layers are cached by \
                diffID under the cache directory, so a later scan of an image sharing layers reads only the new ones; \
                what a whole stack of layers holds is cached too, so scanning the same layers again reads only the \
                image's manifest and config; configs are kept there as well, so a re-scan asks the registry only for \
                the manifest.

                When a vulnerability database is present (the data directory of `drydock serve`, whose feeds it \
                syncs: ~/.drydock by default, or --vuln-db DIR), the table also lists the image's vulnerabilities.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, json
            case cyclonedxJSON = "cyclonedx-json"
            case spdxJSON = "spdx-json"
        }

        @Argument(help: "The image to analyze.")
        var image: String

        @Option(name: [.short, .customLong("output")], help: "Output format: table, json (native), cyclonedx-json, spdx-json.")
        var output: Format = .table

        @Option(name: .customLong("file"), help: "Write the output to this file instead of standard output.")
        var file: String?

        @OptionGroup var registry: RegistryOptions

        @Option(help: "Where layer and stack records are cached (default: ~/.drydock/cache/layers).")
        var cacheDir: String?

        @Flag(help: "Do not read or write the cache.")
        var noCache = false

        @Flag(help: "Search files and the environment for secrets (keys, passwords).")
        var secrets = false

        @Option(help: "Refuse a layer that expands past this many MiB (a guard against tar bombs).")
        var maxLayerSizeMb: Int64 = 32 * 1024

        @Option(help: "A Dockerfile to record in Actual mode (otherwise it is guessed from the history).")
        var dockerfile: String?

        @Flag(name: .shortAndLong, help: "No progress display.")
        var quiet = false

        @Option(help: "The data directory of a `drydock serve` whose synced feeds to match against (default: ~/.drydock, when it has feeds).")
        var vulnDb: String?

        @Flag(help: "Do not match vulnerabilities, even when a database is present.")
        var noVulns = false

        @Option(help: "A policy bundle (Anchore's JSON format) to evaluate the image against; exits 1 when its final action is STOP.")
        var policy: String?

        @Option(help: "An OpenVEX document whose not_affected and fixed statements take matches out of the results (repeatable).")
        var vex: [String] = []

        public init() {}

        public func run() async throws {
            let bundle = try policy.map(Self.loadBundle)
            let files = try Self.loadVEX(vex)
            var configuration = AnalyzerConfiguration()
            configuration.limits.maxUncompressedBytes = maxLayerSizeMb * 1024 * 1024
            if secrets { configuration.secrets = try SecretScanner() }
            let cache: (any LayerCache)? = noCache ? nil : try DirectoryLayerCache(directory: cacheDirectory())
            // Image configs are kept beside the layer and stack records: a re-scan then asks the registry only for
            // the manifest.
            let configCache = noCache ? nil : ConfigCache(directory: cacheDirectory())
            let analyzer = ImageAnalyzer(configuration: configuration, cache: cache)
            let dockerfileText = try dockerfile.map { try String(contentsOfFile: $0, encoding: .utf8) }
            let platform = try registry.parsedPlatform()
            let display = ProgressDisplay(enabled: !quiet && isatty(STDERR_FILENO) == 1)
            let analysis: ImageAnalysis = try await withRegistryClient(registry, image: image, configCache: configCache) { client in
                let source = try ImageSourceLocator.source(for: image, client: client)
                do {
                    return try await analyzer.analyze(
                        source, platform: platform, dockerfile: dockerfileText, progress: display.update)
                } catch {
                    display.finish()
                    throw ValidationError("cannot analyze \(image): \(error)")
                }
            }
            display.finish()
            let database = (output == .table || bundle != nil) && !noVulns ? try await vulnerabilityDatabase() : nil
            var vulnerabilities = database.map { VulnerabilityMatcher(index: $0.index).match(MatchInput(distro: analysis.distro, packages: analysis.packages)) }
            let statements = VEXStatements(files, feeds: database?.index.vex ?? [])
            if !statements.isEmpty, var report = vulnerabilities {
                let digest = analysis.source.manifestDigest?.description ?? ""
                report.matches.removeAll { statements.assessment(for: $0, image: digest)?.statement.status.suppresses == true }
                vulnerabilities = report
            }
            let renderedFiles = noCache ? nil : RenderedFilesCache(directory: cacheDirectory(), analyzer: configuration.stackFingerprint)
            try emit(analysis, vulnerabilities: output == .table ? vulnerabilities : nil, renderedFiles: renderedFiles)
            if let bundle {
                let result = Self.evaluate(bundle, analysis: analysis, report: vulnerabilities, groups: database?.groups ?? [], now: Date())
                let text = Self.policyTable(result, bundle: bundle.bundle)
                if output == .table, file == nil { print(text, terminator: "") } else { FileHandle.standardError.write(Data(text.utf8)) }
                if result.finalAction == .stop { throw ExitCode(1) }
            }
        }

        /// Writes the output to `--file` or standard output; the native JSON streams out as it is written, its files
        /// copied from the cache's rendering (made and kept there when there was none). A reader that
        /// went away (`drydock scan … | head`) ends the process quietly with status 141, as a write into a closed
        /// pipe does for most tools.
        private func emit(_ analysis: ImageAnalysis, vulnerabilities: MatchReport?, renderedFiles: RenderedFilesCache?) throws {
            let descriptor = file.map { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) } ?? STDOUT_FILENO
            guard descriptor >= 0 else {
                throw ValidationError("cannot write \(file ?? "the output"): \(String(cString: strerror(errno)))")
            }
            defer { if file != nil { close(descriptor) } }
            func send(_ data: Data) throws { try data.withUnsafeBytes { try JSONWriter.write($0, to: descriptor) } }
            do {
                switch output {
                case .table: try send(Data((Self.table(analysis) + (vulnerabilities.map(Self.vulnerabilityTable) ?? "")).utf8))
                case .json: try NativeEncoder.write(analysis, to: descriptor, renderedFiles: renderedFiles?.section(for: analysis))
                case .cyclonedxJSON: try send(CycloneDXEncoder.encode(analysis))
                case .spdxJSON: try send(SPDXEncoder.encode(analysis))
                }
                if file == nil, output != .table { try send(Data("\n".utf8)) }
            } catch let error as POSIXError {
                if error.code == .EPIPE, file == nil { throw ExitCode(141) }
                throw ValidationError("cannot write \(file ?? "the output"): \(error.localizedDescription)")
            }
        }

        /// The synced feeds of the vulnerability database (its index, and its groups for the feeds' ages), nil when
        /// there is none (no --vuln-db and no synced default).
        func vulnerabilityDatabase() async throws -> (index: VulnerabilityIndex, groups: [FeedGroupRecord])? {
            let explicit = vulnDb != nil
            let directory = vulnDb.map { URL(fileURLWithPath: $0) }
                ?? DockerConfig.homeDirectory.appendingPathComponent(".drydock")
            let path = directory.appendingPathComponent("drydock.sqlite").path
            guard FileManager.default.fileExists(atPath: path) else {
                if explicit { throw ValidationError("no vulnerability database at \(path)") }
                return nil
            }
            var logger = Logger(label: "drydock.scan")
            logger.logLevel = .error
            let store = try SQLiteStore(path: path)
            let index = try await VulnerabilityService.loadIndex(store: store, feeds: nil, logger: logger)
            if index.recordCount == 0 {
                if explicit { throw ValidationError("the database at \(path) has no synced feeds (run `drydock serve` with feeds, then `drydock system feeds sync`)") }
                return nil
            }
            return (index, try await store.feedGroups())
        }

        /// `NAME  INSTALLED  FIXED-IN  TYPE  VULNERABILITY  SEVERITY`, like grype's table, most severe first.
        static func vulnerabilityTable(_ report: MatchReport) -> String {
            let rank = ["Critical": 0, "High": 1, "Medium": 2, "Low": 3, "Negligible": 4, "Unknown": 5]
            let rows = report.matches.sorted {
                (rank[$0.severity] ?? 6, $0.packageName, $0.id) < (rank[$1.severity] ?? 6, $1.packageName, $1.id)
            }.map { match in
                let fix = match.fixedVersions.isEmpty ? (match.willNotFix ? "(won't fix)" : "") : match.fixedVersions.joined(separator: ", ")
                return [match.packageName, match.packageVersion, fix, match.packageType, match.id, match.severity]
            }
            var lines = [""]
            let header = ["NAME", "INSTALLED", "FIXED-IN", "TYPE", "VULNERABILITY", "SEVERITY"]
            if rows.isEmpty {
                lines.append("No vulnerabilities found")
            } else {
                lines += columns(header, rows)
            }
            for warning in report.warnings { lines.append("warning: \(warning)") }
            return lines.joined(separator: "\n") + "\n"
        }

        /// The header and rows as columns two spaces apart, trailing spaces trimmed.
        static func columns(_ header: [String], _ rows: [[String]]) -> [String] {
            let widths = (0..<header.count).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            return ([header] + rows).map { row in
                row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
            }
        }

        private func cacheDirectory() -> URL {
            if let cacheDir { return URL(fileURLWithPath: cacheDir) }
            return DockerConfig.homeDirectory.appendingPathComponent(".drydock/cache/layers")
        }

        /// `NAME  VERSION  TYPE`, sorted, like syft's table.
        static func table(_ analysis: ImageAnalysis) -> String {
            let rows = analysis.packages.map { [$0.name, $0.version, $0.type.rawValue] }
                .sorted { $0.lexicographicallyPrecedes($1) }
            var lines: [String] = []
            if let distro = analysis.distro { lines.append("Distro: \(distro.prettyName ?? distro.id) (\(distro.namespace))") }
            if rows.isEmpty {
                lines.append("No packages found")
            } else {
                lines += columns(["NAME", "VERSION", "TYPE"], rows)
            }
            for issue in analysis.issues.prefix(20) { lines.append("issue: \(issue)") }
            if analysis.issues.count > 20 { lines.append("… and \(analysis.issues.count - 20) more issues (see -o json)") }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
