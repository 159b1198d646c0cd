import AsyncHTTPClient
import Engine
import Foundation
import Logging
import Store
import TestSupport
import Vulnerabilities
import Testing

/// A sync cancelled (the service stopping) starts no further feed, and the one under way ends quietly: with many
/// default feeds, a stop no longer walks through every remaining one, each failing, logging and recording events.
@Suite struct FeedSyncCancellationTests {
    @Test func aCancelledSyncStartsNoFurtherFeed() async throws {
        let scratch = FileManager.default.temporaryDirectory.appending(path: "drydock-cancel-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        // The site answers slowly: the first feed is under way when the sync is cancelled.
        let site = try await ScriptedRegistry.start { _ in
            try? await Task.sleep(for: .seconds(5))
            return .init(status: 404)
        }
        defer { Task { await site.stop() } }
        let store = try SQLiteStore(path: scratch.appending(path: "drydock.sqlite").path)
        let logger = Logger(label: "test")
        let sources = (1...4).map { FeedSourceConfiguration(name: "feed\($0)", driver: .kev, url: URL(string: "http://\(site.host)/feed\($0).json")!) }
        let service = VulnerabilityService(
            store: store, sources: sources, fetcher: FeedFetcher(client: HTTPClient.shared, timeout: .seconds(10)),
            events: EventLog(store: store, logger: logger), logger: logger)
        try await service.start()
        let sync = Task { try await service.sync() }
        // Cancelled once the first feed's request is under way (bounded wait: the machine may be busy).
        for _ in 0..<600 where site.requests.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        sync.cancel()
        let results = try await sync.value
        #expect(results.count == 1, "\(results.map(\.feed))")
        #expect(results.first?.status == "cancelled")
        #expect(site.requests.map(\.path) == ["/feed1.json"])
        // A stop is not a failure: no feed_failed event, and the feed's state is as it was (no error recorded).
        let events = try await store.events(account: "admin", filter: EventFilter(typePattern: "system.feeds.sync.feed_failed"), page: 1, limit: 10).events
        #expect(events.isEmpty, "\(events)")
        #expect(try await store.feeds().first { $0.name == "feed1" }?.lastError == nil)
    }
}

/// Two processes on one database: the one that does not sync picks up what the other stored.
@Suite struct SharedVulnerabilityDataTests {
    @Test func aProcessFollowingTheStoreLoadsWhatAnotherSynced() async throws {
        let store = MemoryStore()
        let logger = Logger(label: "test")
        let sources = [
            FeedSourceConfiguration(name: "debian", driver: .vulnListDebian, url: VulnerabilityAPITests.vulndata.appending(path: "vuln-list-debian-subset/tracker"))
        ]
        func service() -> VulnerabilityService {
            VulnerabilityService(store: store, sources: sources, fetcher: nil, events: EventLog(store: store, logger: logger), logger: logger)
        }
        let syncer = service()
        let follower = service()
        try await syncer.start()
        try await follower.start()
        follower.followsStore = true
        #expect(follower.matcher.index.recordCount == 0)
        _ = try await syncer.sync()
        #expect(syncer.matcher.index.recordCount > 0)
        // The follower still has what it loaded at start, until it looks.
        #expect(follower.matcher.index.recordCount == 0)
        await follower.refreshIndexIfStale()
        #expect(follower.matcher.index.recordCount == syncer.matcher.index.recordCount)
        #expect(follower.matcher.index.version == syncer.matcher.index.version)
        // Nothing new stored: looking again reloads nothing (the same index stays).
        let version = follower.matcher.index.version
        await follower.refreshIndexIfStale()
        #expect(follower.matcher.index.version == version)
        // A group switched off by the other process is left out here too.
        let group = try #require(try await store.feedGroups().first)
        #expect(try await store.setGroupEnabled(feed: group.feed, group: group.name, enabled: false, at: Date()))
        await follower.refreshIndexIfStale()
        #expect(follower.matcher.index.recordCount < syncer.matcher.index.recordCount)
    }
}
