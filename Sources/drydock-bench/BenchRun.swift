import ArgumentParser
import Foundation
import OCI
import Registry
import TestSupport

/// `drydock-bench run`: build (or reuse) the layer blobs, start a registry on 127.0.0.1, push the images, and for
/// each image measure the floor, syft, and drydock scan cold and warm; compare package lists; print and write the
/// report. The registry is stopped at the end, on errors too.
struct BenchRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the benchmark end to end.")

    @Option(help: "The root filesystems scripts/bench/rootfs.sh built.") var rootfs = ".build/bench-rootfs"
    @Option(help: "Where layer blobs are cached between runs.") var images = ".build/bench-images"
    @Option(help: "Where tool outputs, logs and scan caches go.") var output = ".build/bench-output"
    @Option(help: "The markdown report.") var results = ".build/bench-results.md"
    @Option(help: "The syft binary.") var syft = ".build/bench-venv/bin/syft"
    @Option(help: "The drydock binary.") var drydock = ".build/release/drydock"
    @Option(help: "GNU tar.") var tar = "/usr/bin/tar"
    @Option(help: "Floor repetitions (the median is reported).") var floorRuns = 3
    @Option(help: "syft and drydock repetitions (median wall time, highest peak RSS).") var runs = 1
    @Option(help: "The longest one measured process may run, in seconds.") var timeout = 1200
    @Option(name: .customLong("image"), help: "Only these images (repeatable): minbase, dev, wheels.") var only: [String] = []

    func run() async throws {
        let selected = only.isEmpty ? BenchImage.all : BenchImage.all.filter { only.contains($0.name) }
        guard !selected.isEmpty else { throw ValidationError("no image named \(only); there are minbase, dev, wheels") }
        let outputDir = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: outputDir, withIntermediateDirectories: true)

        print("== layers")
        let builder = LayerBuilder(rootfs: URL(fileURLWithPath: rootfs), cache: URL(fileURLWithPath: images), tar: tar)
        var layers: [String: LayerFile] = [:]
        for name in Set(selected.flatMap(\.layers)).sorted() {
            layers[name] = try await builder.layer(name)
            print("  \(name): \(layers[name]!.digest) \(Self.mb(layers[name]!.size)) MB")
        }

        print("== registry")
        let server = try await RegistryServer.start()
        print("  docker-registry on \(server.host)")
        let measured: [ImageResult]
        do {
            measured = try await measureAll(selected, layers: layers, registry: server.host, outputDir: outputDir)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        print("  registry stopped")

        let report = Report(results: measured, syftVersion: await syftVersion(outputDir), floorRuns: floorRuns, runs: runs)
        let markdown = report.markdown()
        print("")
        print(markdown)
        try markdown.write(toFile: results, atomically: true, encoding: .utf8)
        print("(written to \(results); tool outputs in \(output))")
    }

    private func measureAll(
        _ selected: [BenchImage], layers: [String: LayerFile], registry: String, outputDir: URL
    ) async throws -> [ImageResult] {
        let client = RegistryClient()
        do {
            let pusher = BenchPusher(client: client)
            for image in selected {
                let reference = Reference(registry: registry, repository: image.repository, tag: "latest")
                let started = ContinuousClock.now
                let digest = try await pusher.push(image.layers.map { layers[$0]! }, to: reference)
                print(String(format: "  pushed %@ (%@) in %.1f s", "\(reference)", "\(digest)", (ContinuousClock.now - started).seconds))
            }
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
        var all: [ImageResult] = []
        for image in selected {
            all.append(await measure(image, layers: image.layers.map { layers[$0]! }, registry: registry, outputDir: outputDir))
        }
        return all
    }

    private func measure(_ image: BenchImage, layers: [LayerFile], registry: String, outputDir: URL) async -> ImageResult {
        let reference = Reference(registry: registry, repository: image.repository, tag: "latest")
        let ref = "\(registry)/\(image.repository):latest"
        print("== \(ref)")
        var result = ImageResult(
            image: image, reference: ref, layers: layers.count, compressedBytes: layers.reduce(0) { $0 + $1.size },
            uncompressedBytes: layers.reduce(0) { $0 + $1.uncompressedSize },
            floorMedian: nil, floorFailure: nil, floorCPU: nil, syft: .failed("not run"), cold: .failed("not run"),
            warm: .failed("not run"), warmLayers: .failed("not run"), comparison: nil, comparisonFailure: nil,
            warmMatchesCold: nil, warmLayersMatchesCold: nil)

        // (a) the floor
        var floors: [Floor.Result] = []
        do {
            for _ in 0..<max(1, floorRuns) {
                floors.append(try await Floor.measure(reference))
            }
            let median = floors.sorted { $0.elapsed < $1.elapsed }[floors.count / 2]
            result.floorMedian = median.elapsed
            result.floorCPU = median.cpuSeconds
            print("  floor: " + floors.map { String(format: "%.3f s (%.2f s CPU)", $0.elapsed.seconds, $0.cpuSeconds) }.joined(separator: ", "))
        } catch {
            result.floorFailure = "\(error)"
            print("  floor failed: \(error)")
        }

        let command = MeasuredCommand(timeoutSeconds: timeout)
        let path = { (suffix: String) in outputDir.appendingPathComponent("\(image.name).\(suffix)").path }

        // (b) syft
        var syftRuns: [Outcome] = []
        for _ in 0..<max(1, runs) {
            syftRuns.append(await command.run(
                syft, [ "registry:\(ref)", "-o", "syft-json=\(path("syft.json"))"],
                environment: ["SYFT_CHECK_FOR_APP_UPDATE": "false", "SYFT_REGISTRY_INSECURE_USE_HTTP": "true"],
                stdout: path("syft.stdout"), stderr: path("syft.stderr")))
            print("  syft: \(Self.describe(syftRuns.last!))")
        }
        result.syft = Self.combine(syftRuns)

        // (c) drydock cold, (d) warm, and (d') warm from the layer records only, with a fresh cache dir per repetition
        var coldRuns: [Outcome] = []
        var warmRuns: [Outcome] = []
        var warmLayerRuns: [Outcome] = []
        for _ in 0..<max(1, runs) {
            let cache = outputDir.appendingPathComponent("\(image.name).cache")
            try? FileManager.default.removeItem(at: cache)
            try? FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
            let arguments = ["scan", ref, "-o", "json", "--cache-dir", cache.path]
            coldRuns.append(await command.run(
                drydock, arguments, stdout: path("drydock.json"), stderr: path("drydock.stderr")))
            print("  drydock cold: \(Self.describe(coldRuns.last!))")
            warmRuns.append(await command.run(
                drydock, arguments, stdout: path("drydock-warm.json"), stderr: path("drydock-warm.stderr")))
            print("  drydock warm: \(Self.describe(warmRuns.last!))")
            for file in (try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? [] where file.hasSuffix(".stack") {
                try? FileManager.default.removeItem(at: cache.appendingPathComponent(file))
            }
            warmLayerRuns.append(await command.run(
                drydock, arguments, stdout: path("drydock-warm-layers.json"), stderr: path("drydock-warm-layers.stderr")))
            print("  drydock warm, layer records only: \(Self.describe(warmLayerRuns.last!))")
            try? FileManager.default.removeItem(at: cache)
        }
        result.cold = Self.combine(coldRuns)
        result.warm = Self.combine(warmRuns)
        result.warmLayers = Self.combine(warmLayerRuns)

        // (e) correctness against syft
        if result.syft.measurement != nil, result.cold.measurement != nil {
            do {
                let comparison = Comparison(
                    syft: try Inventory.syft(path("syft.json")), drydock: try Inventory.drydock(path("drydock.json")))
                result.comparison = comparison
                print("  packages: " + comparison.report(limit: 5).joined(separator: "\n            "))
            } catch {
                result.comparisonFailure = "\(error)"
            }
            if result.warm.measurement != nil,
                let cold = try? Inventory.drydock(path("drydock.json")), let warm = try? Inventory.drydock(path("drydock-warm.json"))
            {
                result.warmMatchesCold = cold.packages.sorted() == warm.packages.sorted()
            }
            if result.warmLayers.measurement != nil,
                let cold = try? Inventory.drydock(path("drydock.json")),
                let warm = try? Inventory.drydock(path("drydock-warm-layers.json"))
            {
                result.warmLayersMatchesCold = cold.packages.sorted() == warm.packages.sorted()
            }
        } else {
            result.comparisonFailure = "needs both syft and drydock outputs"
        }
        return result
    }

    private func syftVersion(_ outputDir: URL) async -> String {
        let file = outputDir.appendingPathComponent("syft.version").path
        guard (try? await Subprocess.run(syft, ["version"], environment: ["SYFT_CHECK_FOR_APP_UPDATE": "false"], stdout: file))?.succeeded == true,
            let text = try? String(contentsOfFile: file, encoding: .utf8),
            let version = MeasuredCommand.value(in: text, after: "Version:")
        else { return "unknown" }
        return version
    }

    static func mb(_ bytes: Int64) -> String { String(format: "%.1f", Double(bytes) / 1e6) }

    static func describe(_ outcome: Outcome) -> String {
        switch outcome {
        case .measured(let m):
            String(format: "%.3f s, %.2f s CPU, %.1f MB peak RSS", m.wall.seconds, m.cpuSeconds ?? .nan, Double(m.peakRSS) / 1e6)
        case .failed(let why): "failed: \(why)"
        }
    }

    /// Median wall time and highest peak RSS over the repetitions; any failure fails the cell.
    static func combine(_ outcomes: [Outcome]) -> Outcome {
        var measurements: [Measurement] = []
        for outcome in outcomes {
            switch outcome {
            case .failed: return outcome
            case .measured(let m): measurements.append(m)
            }
        }
        guard !measurements.isEmpty else { return .failed("not run") }
        var median = measurements.sorted { $0.wall < $1.wall }[measurements.count / 2]
        median.peakRSS = measurements.map(\.peakRSS).max()!
        return .measured(median)
    }
}
