import Foundation
import Logging
import TestSupport
import OCI
import Store
import Testing

/// The stores the conformance suite runs on: every test taking a `StoreKind` holds for each of them.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, memory, postgres

    var testDescription: String { rawValue }
}

/// A fresh store of the kind (SQLite in a temporary directory, removed afterwards).
func withStore<T>(_ kind: StoreKind, _ body: (any DataStore) async throws -> T) async throws -> T {
    switch kind {
    case .memory:
        return try await body(MemoryStore())
    case .sqlite:
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(try SQLiteStore(path: directory.appendingPathComponent("db.sqlite").path))
    case .postgres:
        // A throw-away cluster of Debian's PostgreSQL (make test installs it) per test: no test sees another's rows.
        return try await PostgresServer.withServer { server in
            var logger = Logger(label: "store-test")
            logger.logLevel = .warning
            let store = try await PostgresStore(url: server.url + "?sslmode=disable", logger: logger)
            defer { store.shutdown() }
            return try await body(store)
        }
    }
}

func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

func digest(_ n: Int) -> Digest { Digest(String(format: "sha256:%064x", n))! }

func queued(_ n: Int, account: String = "admin", at time: Double) -> ImageRecord {
    ImageRecord(
        account: account, digest: digest(n), createdAt: Date(timeIntervalSince1970: time), queuedAt: Date(timeIntervalSince1970: time),
        tags: [TagRecord(registry: "r.example", repository: "app", tag: "v\(n)", imageID: String(n), createdAt: Date(timeIntervalSince1970: time))])
}

/// The store contract, run on every conformer.
@Suite struct StoreTests {
    @Test(arguments: StoreKind.allCases) func theQueueHandsOutTheOldestImageOnceAndTakesBackAbandonedWork(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for (n, time) in [(1, 30.0), (2, 10.0), (3, 20.0)] {
                let image = queued(n, at: time)
                try await store.modifyImage(account: "admin", digest: image.digest) { $0 = image }
            }
            let now = Date(timeIntervalSince1970: 100)
            let first = try await store.claimNextImage(worker: "w1", leaseUntil: now + 60, now: now)
            #expect(first?.digest == digest(2))
            #expect(first?.analysisStatus == .analyzing)
            #expect(first?.tags.map(\.tag) == ["v2"])
            let second = try await store.claimNextImage(worker: "w2", leaseUntil: now + 60, now: now)
            #expect(second?.digest == digest(3))
            // Only the holder may finish or release.
            var done = try #require(second)
            done.analysisStatus = .analyzed
            #expect(try await store.finishAnalysis(done, worker: "w1", artifacts: ["x": Data([1])]) == false)
            #expect(try await store.finishAnalysis(done, worker: "w2", artifacts: ["x": Data([1])]) == true)
            #expect(try await store.artifact(account: "admin", digest: digest(3), kind: "x") == Data([1]))
            #expect(try await store.image(account: "admin", digest: digest(3))?.analysisStatus == .analyzed)
            // w1 dies: its lease runs out and the image is queued again.
            #expect(try await store.requeueAbandoned(now: now + 30, all: false) == 0)
            #expect(try await store.requeueAbandoned(now: now + 61, all: false) == 1)
            #expect(try await store.image(account: "admin", digest: digest(2))?.analysisStatus == .notAnalyzed)
            #expect(try await store.renewLease(account: "admin", digest: digest(2), worker: "w1", until: now + 200) == false)
            let third = try await store.claimNextImage(worker: "w3", leaseUntil: now + 60, now: now)
            #expect(third?.digest == digest(2))
            #expect(try await store.releaseImage(account: "admin", digest: digest(2), worker: "w3") == true)
            #expect(try await store.analysisStatusCounts() == [.notAnalyzed: 2, .analyzed: 1])
        }
    }

    @Test(arguments: StoreKind.allCases) func imagesKeepTheirTagsAnnotationsAndFilters(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var draft = queued(7, at: 5)
            draft.annotations = ["team": "a \"quoted\" value"]
            let image = draft
            try await store.modifyImage(account: "admin", digest: image.digest) { $0 = image }
            // Adding a tag later keeps the first one.
            try await store.modifyImage(account: "admin", digest: image.digest) { record in
                record?.tags.append(TagRecord(registry: "r.example", repository: "app", tag: "stable", imageID: "7", createdAt: Date(timeIntervalSince1970: 9)))
            }
            let back = try #require(try await store.image(account: "admin", digest: image.digest))
            #expect(back.tags.map(\.tag) == ["v7", "stable"])
            #expect(back.annotations == image.annotations)
            let byTag = try await store.images(account: "admin", filter: ImageFilter(tag: TagKey(registry: "r.example", repository: "app", tag: "stable")))
            #expect(byTag.map(\.digest) == [image.digest])
            #expect(try await store.images(account: "other", filter: ImageFilter()).isEmpty)
            #expect(try await store.images(account: "admin", filter: ImageFilter(analysisStatus: .analyzed)).isEmpty)
            #expect(try await store.images(account: "admin", filter: ImageFilter(imageID: "7")).count == 1)
            try await store.modifyImage(account: "admin", digest: image.digest) { $0 = nil }
            #expect(try await store.image(account: "admin", digest: image.digest) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func accountsUsersAndSubscriptionsAreUniqueAndDeterministic(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let now = Date(timeIntervalSince1970: 1000)
            try await store.insert(Account(name: "admin", type: .admin, createdAt: now))
            await #expect(throws: StoreError.self) { try await store.insert(Account(name: "admin", createdAt: now)) }
            try await store.insert(User(username: "admin", account: "admin", passwordHash: "x", createdAt: now))
            #expect(try await store.user(named: "admin")?.account == "admin")
            let subscription = Subscription(account: "admin", type: "tag_update", key: "docker.io/alpine:latest", createdAt: now)
            // Anchore's id: md5("admin+docker.io/alpine:latest+tag_update").
            #expect(subscription.id == Subscription.id(account: "admin", key: "docker.io/alpine:latest", type: "tag_update"))
            #expect(subscription.id.count == 32)
            try await store.save(subscription)
            var changed = subscription
            changed.active = true
            try await store.save(changed)
            let list = try await store.subscriptions(account: "admin", key: "docker.io/alpine:latest", type: nil)
            #expect(list.count == 1)
            #expect(list.first?.active == true)
            try await store.deleteSubscription(account: "admin", id: subscription.id)
            #expect(try await store.subscription(account: "admin", id: subscription.id) == nil)
        }
    }

    /// The policy engine reads a batch of images' stored facts and latest outcomes in one read each.
    @Test(arguments: StoreKind.allCases) func batchReadsReturnEveryImageOfTheBatchAndNothingElse(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for n in 1...3 { try await store.putArtifact(account: "admin", digest: digest(n), kind: "facts", data: Data([UInt8(n)])) }
            try await store.putArtifact(account: "other", digest: digest(1), kind: "facts", data: Data([9]))
            try await store.putArtifact(account: "admin", digest: digest(1), kind: "seen", data: Data([7]))
            let read = try await store.artifacts(account: "admin", digests: [digest(1), digest(3), digest(4)], kind: "facts")
            #expect(read == [digest(1): Data([1]), digest(3): Data([3])])
            #expect(try await store.artifacts(account: "admin", digests: [], kind: "facts").isEmpty)
            // More digests than SQLite takes in one statement.
            #expect(try await store.artifacts(account: "admin", digests: (1...1200).map(digest), kind: "facts").count == 3)

            func evaluation(_ n: Int, _ tag: String, _ id: String, _ final: String, at time: Double, account: String = "admin") -> EvaluationRecord {
                EvaluationRecord(
                    account: account, id: id, digest: digest(n).description, tag: tag, policyID: "p", finalAction: final,
                    evaluatedAt: Date(timeIntervalSince1970: time), document: Data("{}".utf8))
            }
            try await store.save([
                evaluation(1, "r/a:1", "e1", "GO", at: 10), evaluation(1, "r/a:1", "e2", "STOP", at: 20), evaluation(1, "r/a:2", "e3", "WARN", at: 5),
                evaluation(2, "r/b:1", "e4", "GO", at: 1), evaluation(3, "r/c:1", "e5", "STOP", at: 1),
                evaluation(1, "r/a:1", "e6", "GO", at: 99, account: "other"),
            ])
            let latest = try await store.latestEvaluations(account: "admin", digests: [digest(1).description, digest(2).description])
            #expect(latest.map(\.id) == ["e2", "e3", "e4"])
            #expect(latest.allSatisfy { $0.document.isEmpty })
            for record in latest {
                let one = try await store.latestEvaluation(account: "admin", digest: record.digest, tag: record.tag)
                #expect(one?.id == record.id)
            }
        }
    }
}
