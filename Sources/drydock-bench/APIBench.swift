import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OCI
import Registry
import Store
import TestSupport

/// `drydock-bench api`: the service under load. A burst of tag adds against a live `drydock serve` (every add
/// answered, none lost, API latency while the workers analyze), then `GET /images` over a large catalog.
struct APIBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "api", abstract: "Benchmark the REST API and the analysis queue.")

    @Option(help: "The drydock binary (a release build).")
    var drydock: String

    @Option(help: "How many distinct tags (images) to add in the burst.")
    var tags = 1000

    @Option(help: "How many adds are in flight at once.")
    var concurrency = 50

    @Option(help: "How many images the listing benchmark catalogs.")
    var listImages = 10_000

    @Option(help: "How many analyzer workers the service runs.")
    var workers = 2

    @Option(help: "Append the report (markdown) to this file.")
    var results: String?

    func run() async throws {
        var report = "## API and queue (drydock-bench api)\n\n"
        try await RegistryServer.withRegistry { registry in
            let references = try await pushImages(registry: registry.host)
            try await withServer(data: temporaryDirectory("burst")) { base, client in
                report += try await burst(references, base: base, client: client)
            }
        }
        let listData = temporaryDirectory("list")
        try await seedCatalog(at: listData)
        try await withServer(data: listData) { base, client in
            report += try await listing(base: base, client: client)
        }
        print(report)
        if let results {
            let existing = (try? String(contentsOfFile: results, encoding: .utf8)) ?? ""
            try (existing + "\n" + report).write(toFile: results, atomically: true, encoding: .utf8)
        }
    }

    func temporaryDirectory(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("drydock-bench-\(name)-\(UUID().uuidString)")
    }

    /// Pushes `tags` distinct small images (one layer of a few files each), eight uploads at a time.
    func pushImages(registry: String) async throws -> [String] {
        let references = (0..<tags).map { "\(registry)/burst/app\($0 % 20):v\($0)" }
        try await RegistryClient.withClient { client in
            let pusher = ImagePusher(client: client)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, reference) in references.enumerated() {
                    if index >= 8 { try await group.next() }
                    group.addTask {
                        let layer = try ImageBuilder.layer([
                            .text("etc/os-release", "ID=alpine\nVERSION_ID=3.19.\(index)\n"),
                            .text("lib/apk/db/installed", "P:musl\nV:1.2.\(index)-r0\nA:x86_64\n\nP:busybox\nV:1.36.\(index)-r0\nA:x86_64\n\n"),
                            .text("app/id", "\(index)"),
                        ])
                        try await pusher.push(try ImageBuilder.image([layer]), to: try Reference(parsing: reference))
                    }
                }
                try await group.waitForAll()
            }
        }
        return references
    }

    /// Starts `drydock serve` on a free port with `data`, runs `body`, stops it (SIGTERM) and removes `data`.
    func withServer(data: URL, _ body: (String, HTTPClient) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(at: data) }
        let port = try FreePort.next()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: drydock)
        process.arguments = ["serve", "--port", "\(port)", "--data", data.path, "--workers", "\(workers)"]
        var environment = ProcessInfo.processInfo.environment
        environment["DRYDOCK_ADMIN_PASSWORD"] = "bench"
        environment["DRYDOCK_LOG_LEVEL"] = "warning"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)))
        func stop() async {
            try? await client.shutdown()
            process.terminate()
            for _ in 0..<100 where process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        let base = "http://127.0.0.1:\(port)/v1"
        do {
            var up = false
            for _ in 0..<600 where !up {
                up = (try? await call(client, .GET, base + "/system").0) == 200
                if !up { try await Task.sleep(for: .milliseconds(100)) }
            }
            guard up else { throw ValidationError("drydock serve did not come up on port \(port)") }
            try await body(base, client)
        } catch {
            await stop()
            throw error
        }
        await stop()
    }

    func call(_ client: HTTPClient, _ method: HTTPMethod, _ url: String, body: String? = nil) async throws -> (Int, ByteBuffer) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Basic " + Data("admin:bench".utf8).base64EncodedString())
        request.headers.add(name: "Content-Type", value: "application/json")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(120))
        let buffer = try await response.body.collect(upTo: 512 << 20)
        return (Int(response.status.code), buffer)
    }

    func burst(_ references: [String], base: String, client: HTTPClient) async throws -> String {
        let started = ContinuousClock.now
        var latencies: [Duration] = []
        var failures: [String] = []
        try await withThrowingTaskGroup(of: (Duration, Int, String).self) { group in
            for (index, reference) in references.enumerated() {
                if index >= concurrency, let (latency, status, text) = try await group.next() {
                    latencies.append(latency)
                    if status != 200 { failures.append(text) }
                }
                group.addTask {
                    let start = ContinuousClock.now
                    let (status, buffer) = try await call(client, .POST, base + "/images?autosubscribe=True", body: #"{"tag": "\#(reference)"}"#)
                    return (start.duration(to: .now), status, "\(status) \(String(buffer: buffer).prefix(200))")
                }
            }
            for try await (latency, status, text) in group {
                latencies.append(latency)
                if status != 200 { failures.append(text) }
            }
        }
        let burstTime = started.duration(to: .now)
        // While the workers analyze: single reads of the catalog keep answering.
        var readLatencies: [Duration] = []
        var analyzed = 0
        let deadline = ContinuousClock.now + .seconds(900)
        while ContinuousClock.now < deadline {
            for _ in 0..<10 {
                let start = ContinuousClock.now
                let (status, _) = try await call(client, .GET, base + "/images?fulltag=\(references.randomElement()!)&history=false")
                readLatencies.append(start.duration(to: .now))
                if status != 200 { failures.append("GET by tag answered \(status)") }
            }
            let (_, buffer) = try await call(client, .GET, base + "/summaries/imagetags")
            let rows = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [[String: Any]] ?? []
            analyzed = rows.filter { $0["analysis_status"] as? String == "analyzed" }.count
            let failed = rows.filter { $0["analysis_status"] as? String == "analysis_failed" }.count
            if analyzed + failed >= references.count { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let drainTime = started.duration(to: .now)
        let (_, listed) = try await call(client, .GET, base + "/images")
        let stored = ((try? JSONSerialization.jsonObject(with: Data(listed.readableBytesView))) as? [Any])?.count ?? 0
        return """
            Burst of \(references.count) `POST /images` (distinct tags and images, \(concurrency) in flight, \(workers) workers):

            | measure | value |
            |---|---|
            | adds answered 200 | \(latencies.count - failures.count) of \(references.count) |
            | images stored after the burst | \(stored) |
            | analyzed | \(analyzed) |
            | add latency p50 / p99 / max | \(ms(percentile(latencies, 0.5))) / \(ms(percentile(latencies, 0.99))) / \(ms(latencies.max() ?? .zero)) |
            | burst wall time | \(ms(burstTime)) |
            | `GET /images?fulltag=…` while the workers analyze, p50 / p99 (\(readLatencies.count) reads) | \(ms(percentile(readLatencies, 0.5))) / \(ms(percentile(readLatencies, 0.99))) |
            | all analyzed after | \(ms(drainTime)) |
            \(failures.isEmpty ? "" : "\nFirst failures: \(failures.prefix(3).joined(separator: "; "))\n")

            """
    }

    /// Writes `listImages` analyzed image records with one tag each straight into a fresh store.
    func seedCatalog(at directory: URL) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory.appendingPathComponent("drydock.sqlite").path)
        let now = Date()
        for index in 0..<listImages {
            let digest = Digest(String(format: "sha256:%064x", index + 1))!
            let image = ImageRecord(
                account: "admin", digest: digest, analysisStatus: .analyzed, createdAt: now - Double(index), analyzedAt: now,
                annotations: ["team": "t\(index % 7)"], compressedSize: 3_000_000, arch: "amd64", distro: "debian", distroVersion: "12",
                dockerfileMode: "Guessed", imageSize: 80_000_000, layerCount: 3,
                tags: [TagRecord(registry: "registry.example.com", repository: "team\(index % 50)/app", tag: "v\(index)",
                                 imageID: String(format: "%064x", index + 7), createdAt: now - Double(index))])
            try await store.modifyImage(account: "admin", digest: digest) { $0 = image }
        }
    }

    func listing(base: String, client: HTTPClient) async throws -> String {
        var latencies: [Duration] = []
        var bytes = 0
        var count = 0
        for _ in 0..<11 {
            let start = ContinuousClock.now
            let (status, buffer) = try await call(client, .GET, base + "/images")
            latencies.append(start.duration(to: .now))
            guard status == 200 else { throw ValidationError("GET /images answered \(status)") }
            bytes = buffer.readableBytes
            count = ((try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [Any])?.count ?? 0
        }
        latencies.removeFirst()  // the first read warms the page cache
        return """
            `GET /images` over \(listImages) analyzed images (10 reads after one warm-up):

            | measure | value |
            |---|---|
            | images returned | \(count) |
            | body size | \(bytes / 1024) KiB |
            | latency p50 / max | \(ms(percentile(latencies, 0.5))) / \(ms(latencies.max() ?? .zero)) |

            """
    }

    func percentile(_ values: [Duration], _ p: Double) -> Duration {
        guard !values.isEmpty else { return .zero }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    func ms(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f ms", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}
