import ArgumentParser
import Foundation
import Logging
import OCI
import Store
import Synchronization
import TestSupport

/// `drydock-bench queue`: the store under the analysis queue and the image listing, on the embedded SQLite and on a
/// real PostgreSQL (a throw-away cluster on 127.0.0.1, durable commits, fsync off: a lower bound on a real disk's
/// commit cost). Figures: seeding N queued images, listing all of them, and claiming every one with C concurrent
/// claimers (each claim's latency).
struct QueueBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "queue", abstract: "Benchmark the store's queue and listing (SQLite and PostgreSQL).")

    @Option(help: "Queued images.")
    var images = 10_000

    @Option(help: "Concurrent claimers (analyzer workers, across processes).")
    var claimers = 4

    @Option(help: "Append the report (markdown) to this file.")
    var results: String?

    func run() async throws {
        var report = """
            ## Store queue and listing (drydock-bench queue)

            \(images) queued images, one account; \(claimers) concurrent claimers take them all.

            | store | seed (images/s) | list all (`images(account:)`) | claim p50 / p99 | claims/s |
            |---|---|---|---|---|

            """
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-bench-queue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        report += try await measure("SQLite", store: try SQLiteStore(path: directory.appendingPathComponent("drydock.sqlite").path))
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        report += try await PostgresServer.withServer(durable: true) { server in
            let store = try await PostgresStore(url: server.url + "?sslmode=disable", maxConnections: claimers + 4, logger: logger)
            defer { store.shutdown() }
            return try await measure("PostgreSQL", store: store)
        }
        print(report)
        if let results {
            let existing = (try? String(contentsOfFile: results, encoding: .utf8)) ?? ""
            try (existing + "\n" + report).write(toFile: results, atomically: true, encoding: .utf8)
        }
    }

    func measure(_ name: String, store: any DataStore) async throws -> String {
        let clock = ContinuousClock()
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        // Seed, eight writers at a time (as concurrent adds would).
        let seeded = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for n in stride(from: writer, to: images, by: 8) {
                            let digest = Digest(String(format: "sha256:%064x", n + 1))!
                            let image = ImageRecord(
                                account: "admin", digest: digest, createdAt: base + Double(n), queuedAt: base + Double(n),
                                tags: [TagRecord(registry: "r.example", repository: "app\(n % 50)", tag: "v\(n)", imageID: String(n), createdAt: base + Double(n))])
                            try await store.modifyImage(account: "admin", digest: digest) { $0 = image }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let listStarted = clock.now
        let listed = try await store.images(account: "admin", filter: ImageFilter()).count
        let listing = clock.now - listStarted
        guard listed == images else { throw ValidationError("\(name): listed \(listed) of \(images) images") }
        let tally = Tally()
        let claiming = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<claimers {
                    group.addTask {
                        while true {
                            let started = clock.now
                            let next = try await store.claimNextImage(worker: "w\(worker)", leaseUntil: Date() + 300, now: Date())
                            let took = clock.now - started
                            guard let image = next else { return }
                            tally.latencies.withLock { $0.append(took) }
                            let fresh = tally.claimed.withLock { $0.insert(image.digest).inserted }
                            guard fresh else { throw ValidationError("\(name): \(image.digest) was claimed twice") }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let all = tally.latencies.withLock { $0 }.sorted()
        guard all.count == images else { throw ValidationError("\(name): \(all.count) of \(images) images claimed") }
        func ms(_ d: Duration) -> String { String(format: "%.2f ms", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000) }
        func rate(_ d: Duration) -> String { String(format: "%.0f", Double(images) / (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)) }
        return "| \(name) | \(rate(seeded)) | \(ms(listing)) | \(ms(all[all.count / 2])) / \(ms(all[min(all.count - 1, all.count * 99 / 100)])) | \(rate(claiming)) |\n"
    }

    /// What the claimers record, shared between them.
    final class Tally: Sendable {
        let latencies = Mutex<[Duration]>([])
        let claimed = Mutex(Set<Digest>())
    }
}
