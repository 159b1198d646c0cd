import ArgumentParser
import Archive
import Catalog
import Engine
import Foundation
import Logging
import OCI
import Store
import Vulnerabilities

/// `drydock-bench vulns`: vulnerability data and matching, in process, on the service's own code paths (the
/// feed sync into SQLite, the index load, the matcher, the re-match of every stored image).
///
/// Data: the full pypa advisory database (OSV YAML, from `--vulndata`) and a synthetic Debian tracker JSON of
/// `--distro-records` records over `--distro-records / 10` source packages. The image: 450 dpkg packages named
/// from the synthetic feed plus 50 PyPI packages at old versions.
struct VulnBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vulns", abstract: "Benchmark feed import, matching and re-matching.")

    @Option(help: "The vulndata directory (../shared/vulndata).")
    var vulndata: String

    @Option(help: "Synthetic Debian tracker records.")
    var distroRecords = 1_200_000

    @Option(help: "Synthetic records of the other distro drivers (half Red Hat CSAF, 30% Amazon updateinfo, 20% Alpine secdb).")
    var otherRecords = 300_000

    @Option(help: "Stored images to re-match.")
    var images = 10_000

    @Option(help: "Matches timed for the per-image figure.")
    var matchRuns = 200

    @Option(help: "Append the report (markdown) to this file.")
    var results: String?

    func run() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-bench-vulns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pypa = URL(fileURLWithPath: vulndata).appendingPathComponent("pypa-advisory-database/vulns")
        guard FileManager.default.fileExists(atPath: pypa.path) else { throw ValidationError("no pypa advisories at \(pypa.path)") }
        let tracker = scratch.appendingPathComponent("tracker.json")
        let packageCount = max(1, distroRecords / 10)
        try Self.syntheticTracker(packages: packageCount, perPackage: 10, generation: 0).write(to: tracker)
        let csaf = scratch.appendingPathComponent("csaf_vex_2098-01-01.tar.zst")
        try Self.syntheticFeedArchive(documents: max(1, otherRecords / 2 / 10), perDocument: 5).write(to: csaf)
        let updateinfo = scratch.appendingPathComponent("updateinfo.xml.gz")
        try Self.syntheticUpdateinfo(advisories: max(1, otherRecords * 3 / 10 / 6), perAdvisory: 6).write(to: updateinfo)
        let secdb = scratch.appendingPathComponent("main.json")
        try Self.syntheticSecdb(packages: max(1, otherRecords / 5 / 10), perPackage: 10).write(to: secdb)

        var logger = Logger(label: "drydock-bench")
        logger.logLevel = .error
        let store = try SQLiteStore(path: scratch.appendingPathComponent("drydock.sqlite").path)
        let now = Date()
        try await store.insert(Account(name: "admin", type: .admin, createdAt: now))
        let events = EventLog(store: store, logger: logger)
        let sources = [
            FeedSourceConfiguration(name: "pypa", driver: .osv, url: pypa),
            FeedSourceConfiguration(name: "debian", driver: .debianTracker, url: tracker),
            FeedSourceConfiguration(name: "rhel", driver: .csaf, url: csaf),
            FeedSourceConfiguration(name: "amazon-2023", driver: .amazonUpdateinfo, url: updateinfo),
            FeedSourceConfiguration(name: "alpine", driver: .alpineSecdb, url: secdb),
        ]
        let service = VulnerabilityService(store: store, sources: sources, fetcher: nil, events: events, logger: logger)
        try await service.start()

        // Import: parse, group, encode and store each feed (the sync path, without re-matching: no images yet).
        var importRows: [String] = []
        for source in sources {
            let start = ContinuousClock.now
            let result = try await service.sync(only: [source.name])
            let seconds = Self.seconds(start.duration(to: .now))
            guard let feed = result.first, feed.status == "success" else { throw ValidationError("sync of \(source.name) failed: \(result)") }
            let records = feed.groups.reduce(0) { $0 + $1.updatedRecordCount }
            importRows.append("| \(source.name) (\(source.driver.rawValue)) | \(records) | \(String(format: "%.2f", seconds)) | \(Int(Double(records) / seconds)) |")
        }

        // Load: the index from the store, as at service start (every group decoded, nothing reused).
        let loadStart = ContinuousClock.now
        let cold = try await VulnerabilityService.loadIndex(store: store, feeds: nil, logger: logger)
        let loadSeconds = Self.seconds(loadStart.duration(to: .now))
        _ = consume cold
        try await service.reloadIndex()
        let matcher = service.matcher
        let indexedRecords = matcher.index.recordCount
        let memory = Self.memory()

        // Match one 500-package image.
        let pypiNames = try Self.pypiNames(pypa, count: 50)
        let input = Self.image(variant: 0, packages: packageCount, pypi: pypiNames)
        var report = matcher.match(input)
        var durations: [Duration] = []
        for _ in 0..<matchRuns {
            let start = ContinuousClock.now
            report = matcher.match(input)
            durations.append(start.duration(to: .now))
        }
        durations.sort()
        let p50 = durations[durations.count / 2]
        let p99 = durations[min(durations.count - 1, durations.count * 99 / 100)]

        // Re-match: `images` stored images (each its own variant of the 500 packages), first match of all, then
        // a feed change (every 20th open CVE resolved, every 70th late fix moved) and the sync that re-matches
        // them incrementally, the same change back re-matched in full, and a full re-match with nothing changed.
        for index in 0..<images {
            let digest = Digest(String(format: "sha256:%064x", index + 1))!
            let record = ImageRecord(
                account: "admin", digest: digest, analysisStatus: .analyzed, createdAt: now, analyzedAt: now, compressedSize: 1,
                tags: [TagRecord(registry: "registry.example.com", repository: "bench/app", tag: "v\(index)", imageID: String(format: "%064x", index + 7), createdAt: now)])
            try await store.modifyImage(account: "admin", digest: digest) { $0 = record }
            let data = Self.image(variant: index, packages: packageCount, pypi: pypiNames).compactEncoded()
            try await store.saveMatchInput(digest: digest, data: Data(try Compressor.compress(Array(data), as: .zstd, level: 1)))
        }
        let firstStart = ContinuousClock.now
        await service.rematchAll()
        let firstSeconds = Self.seconds(firstStart.duration(to: .now))
        func vulnEvents() async throws -> Int {
            try await store.events(
                account: "admin", filter: EventFilter(typePattern: "user.checks.tag.vulnerabilities.update"), page: 1, limit: 1_000_000).events.count
        }
        // Feed change, the service's way: the sync re-matches only the packages whose records changed.
        try Self.syntheticTracker(packages: packageCount, perPackage: 10, generation: 1).write(to: tracker)
        let changeStart = ContinuousClock.now
        let resync = try await service.sync(only: ["debian"])
        let changeSeconds = Self.seconds(changeStart.duration(to: .now))
        let changeStats = service.lastRematch
        let changedImages = resync.first?.groups.reduce(0) { $0 + $1.updatedImageCount } ?? 0
        let changeEvents = try await vulnEvents()
        // The same change back, with every image re-matched in full (incremental re-matching off).
        service.incrementalRematch = false
        try Self.syntheticTracker(packages: packageCount, perPackage: 10, generation: 0).write(to: tracker)
        let fullStart = ContinuousClock.now
        let fullSync = try await service.sync(only: ["debian"])
        let fullSeconds = Self.seconds(fullStart.duration(to: .now))
        let fullStats = service.lastRematch
        let fullChanged = fullSync.first?.groups.reduce(0) { $0 + $1.updatedImageCount } ?? 0
        let fullEvents = try await vulnEvents() - changeEvents
        service.incrementalRematch = true
        // Re-match again in full with nothing changed: every result's fingerprint equals the stored one.
        let steadyStart = ContinuousClock.now
        await service.rematchAll()
        let steadySeconds = Self.seconds(steadyStart.duration(to: .now))
        func rematchPart(_ stats: RematchStats?) -> String {
            guard let stats else { return "" }
            return String(format: "%.1f s of it the re-match: ", stats.seconds)
                + "\(stats.matched) images matched\(stats.incremental ? " in part (\(stats.changedKeys) changed keys)" : " in full"), "
        }

        let text = """
            ## Vulnerabilities (drydock-bench vulns)

            Data: the full pypa advisory database, a synthetic Debian tracker feed of \(distroRecords) records and \
            \(otherRecords) synthetic records in Red Hat's CSAF VEX archive, Amazon's updateinfo and Alpine's secdb formats \
            (\(indexedRecords) affected-package records indexed in all); \(images) stored images of 500 packages each (450 dpkg, 50 PyPI).

            | feed | records | import s | records/s |
            |---|---|---|---|
            \(importRows.joined(separator: "\n"))

            | measure | value |
            |---|---|
            | index load from the store | \(String(format: "%.2f", loadSeconds)) s |
            | process memory after the load: resident / peak | \(memory.resident) / \(memory.peak) MiB |
            | match one 500-package image, p50 / p99 | \(Self.ms(p50)) / \(Self.ms(p99)) ms (\(report.matches.count) matches) |
            | first match of \(images) stored images | \(String(format: "%.1f", firstSeconds)) s |
            | feed change: sync + incremental re-match of \(images) images | \(String(format: "%.1f", changeSeconds)) s (\(rematchPart(changeStats))\(changedImages) images changed, \(changeEvents) vuln_update events) |
            | feed change: sync + forced full re-match of \(images) images | \(String(format: "%.1f", fullSeconds)) s (\(rematchPart(fullStats))\(fullChanged) images changed, \(fullEvents) vuln_update events) |
            | forced full re-match of \(images) images, no result changed | \(String(format: "%.1f", steadySeconds)) s |

            """
        print(text)
        if let results {
            let existing = (try? String(contentsOfFile: results, encoding: .utf8)) ?? ""
            try (existing + "\n" + text).write(toFile: results, atomically: true, encoding: .utf8)
        }
    }

    /// The process's resident and peak resident memory (`/proc/self/status` VmRSS, VmHWM), in MiB.
    static func memory() -> (resident: Int, peak: Int) {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return -1 }
            return (Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1024) / 1024
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    static func ms(_ d: Duration) -> String { String(format: "%.2f", seconds(d) * 1000) }

    /// A Debian tracker JSON: `packages` source packages `pkg-N` with `perPackage` CVEs each, all for bookworm,
    /// shaped like real data for an image at `1.9.0-1`: most fixed long ago (`1.k.0-1`), one open and
    /// unimportant, one fixed later than installed for every 7th package. Generation 1 changes every 10th
    /// package's late fix version (an update) and resolves every 20th package's open one (a removal).
    static func syntheticTracker(packages: Int, perPackage: Int, generation: Int) -> Data {
        var out = "{"
        for p in 0..<packages {
            if p > 0 { out += "," }
            out += "\"pkg-\(p)\":{"
            for k in 0..<perPackage {
                if k > 0 { out += "," }
                let id = "CVE-2099-\(p * perPackage + k)"
                let release: String
                if k == perPackage - 2 {
                    release = generation > 0 && p % 20 == 0
                        ? #"{"status":"resolved","repositories":{"bookworm":"1.9.0-1"},"fixed_version":"1.9.0-1","urgency":"low"}"#
                        : #"{"status":"open","repositories":{"bookworm":"1.9.0-1"},"urgency":"unimportant"}"#
                } else if k == perPackage - 1 {
                    let fixed = p % 7 == 0 ? (generation > 0 && p % 10 == 0 ? "2.0.1-1" : "2.0.0-1") : "1.8.5-1"
                    release = #"{"status":"resolved","repositories":{"bookworm":"1.9.0-1"},"fixed_version":"\#(fixed)","urgency":"high"}"#
                } else {
                    release = #"{"status":"resolved","repositories":{"bookworm":"1.9.0-1"},"fixed_version":"1.\#(k).0-1","urgency":"medium"}"#
                }
                out += #""\#(id)":{"description":"synthetic","releases":{"bookworm":\#(release)}}"#
            }
            out += "}"
        }
        out += "}"
        return Data(out.utf8)
    }

    /// The first `count` package directories of the pypa database.
    static func pypiNames(_ pypa: URL, count: Int) throws -> [String] {
        Array(try FileManager.default.contentsOfDirectory(atPath: pypa.path).filter { !$0.hasPrefix(".") }.sorted().prefix(count))
    }

    /// A 500-package image: 450 dpkg packages spread over the synthetic sources (installed `1.9.0-1`), 50 PyPI
    /// packages at `0.1`; `variant` shifts which sources.
    static func image(variant: Int, packages: Int, pypi: [String]) -> MatchInput {
        var list: [MatchPackage] = []
        for i in 0..<450 {
            let source = "pkg-\((i * 37 + variant * 11) % packages)"
            list.append(MatchPackage(type: .deb, name: "\(source)-bin\(i % 3)", version: "1.9.0-1", sourceName: source, path: "pkgdb"))
        }
        for name in pypi {
            list.append(MatchPackage(type: .python, name: name, version: "0.1", path: "/usr/lib/python3/dist-packages/\(name).dist-info/METADATA"))
        }
        return MatchInput(distro: Distro(id: "debian", version: "12", namespace: "debian:12"), packages: list)
    }
}
