import Foundation
import OCI
import Store
import Testing

/// The vulnerability data contract on every conformer: feeds and their groups, match inputs and reports.
@Suite struct FeedStoreConformanceTests {
    static func group(_ feed: String, _ name: String, count: Int, hash: String, at time: Double) -> FeedGroupRecord {
        FeedGroupRecord(feed: feed, name: name, recordCount: count, createdAt: at(time), updatedAt: at(time), lastSync: at(time), contentHash: hash)
    }

    @Test(arguments: StoreKind.allCases) func aSyncReplacesAFeedsGroupsAndKeepsWhatItDoesNotChange(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let feed = FeedRecord(name: "debian", createdAt: at(1), updatedAt: at(1), lastFullSync: at(1), sourceRevision: "r1")
            try await store.replaceGroups(of: feed, with: [
                FeedGroupUpdate(group: Self.group("debian", "debian:12", count: 2, hash: "h12", at: 1), data: Data([12])),
                FeedGroupUpdate(group: Self.group("debian", "debian:11", count: 1, hash: "h11", at: 1), data: Data([11])),
            ])
            try await store.replaceGroups(of: FeedRecord(name: "alpine", createdAt: at(1), updatedAt: at(1)), with: [
                FeedGroupUpdate(group: Self.group("alpine", "alpine:3.20", count: 1, hash: "a", at: 1), data: Data([3])),
            ])
            #expect(try await store.feeds().map(\.name) == ["alpine", "debian"])
            #expect(try await store.feedGroups().map(\.name) == ["alpine:3.20", "debian:11", "debian:12"])
            #expect(try await store.setGroupEnabled(feed: "debian", group: "debian:12", enabled: false, at: at(5)))
            #expect(try await !store.setGroupEnabled(feed: "debian", group: "debian:99", enabled: false, at: at(5)))

            // The next sync: debian:12 unchanged (no data), debian:11 gone, debian:13 new; a group's switch and age stay.
            var next = feed
            next.updatedAt = at(9)
            next.lastFullSync = at(9)
            next.sourceRevision = "r2"
            next.createdAt = at(8)
            try await store.replaceGroups(of: next, with: [
                FeedGroupUpdate(group: Self.group("debian", "debian:12", count: 3, hash: "h12b", at: 9), data: nil),
                FeedGroupUpdate(group: Self.group("debian", "debian:13", count: 5, hash: "h13", at: 9), data: Data([13])),
                // Unchanged content of a group the store does not have writes nothing.
                FeedGroupUpdate(group: Self.group("debian", "debian:10", count: 5, hash: "h10", at: 9), data: nil),
            ])
            let groups = try await store.feedGroups().filter { $0.feed == "debian" }
            #expect(groups.map(\.name) == ["debian:12", "debian:13"])
            let twelve = try #require(groups.first)
            #expect(!twelve.enabled && twelve.recordCount == 3 && twelve.contentHash == "h12b" && twelve.createdAt == at(1) && twelve.lastSync == at(9))
            let data = try await store.feedGroupData()
            #expect(data.map { "\($0.feed)/\($0.group)" } == ["alpine/alpine:3.20", "debian/debian:12", "debian/debian:13"])
            #expect(data.map(\.data) == [Data([3]), Data([12]), Data([13])])
            let stored = try #require(try await store.feeds().last)
            #expect(stored.sourceRevision == "r2" && stored.lastFullSync == at(9) && stored.createdAt == at(1))
            // A group written again with data keeps its switch.
            try await store.replaceGroups(of: next, with: [
                FeedGroupUpdate(group: Self.group("debian", "debian:12", count: 4, hash: "h12c", at: 10), data: Data([120])),
            ])
            #expect(try await store.feedGroups().first { $0.name == "debian:12" }?.enabled == false)

            // A failed attempt is recorded on the feed alone.
            var failed = stored
            failed.lastAttempt = at(11)
            failed.lastError = "unreachable"
            try await store.save(failed)
            #expect(try await store.feeds().last?.lastError == "unreachable")
            #expect(try await store.feedGroups().count == 2)

            // Deleting one group keeps the feed; deleting the feed removes both.
            try await store.deleteFeedData(feed: "debian", group: "debian:12")
            #expect(try await store.feedGroups().map(\.name) == ["alpine:3.20"])
            #expect(try await store.feeds().count == 2)
            try await store.deleteFeedData(feed: "alpine", group: nil)
            #expect(try await store.feeds().map(\.name) == ["debian"])
            #expect(try await store.feedGroupData().isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func matchInputsAndReportsByDigest(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for n in [3, 1, 2] { try await store.saveMatchInput(digest: digest(n), data: Data([UInt8(n)])) }
            try await store.saveMatchInput(digest: digest(1), data: Data([10]))
            #expect(try await store.matchInput(digest: digest(1)) == Data([10]))
            #expect(try await store.matchInput(digest: digest(9)) == nil)
            // Matched digests are those some account still has an image for.
            #expect(try await store.matchedDigests().isEmpty)
            for (n, account) in [(1, "admin"), (3, "other")] {
                let image = queued(n, account: account, at: 1)
                try await store.modifyImage(account: account, digest: image.digest) { $0 = image }
            }
            #expect(try await store.matchedDigests() == [digest(1), digest(3)])

            try await store.saveMatchReport(digest: digest(1), data: Data([1]), fingerprint: "f1", indexVersion: "v1")
            try await store.saveMatchReport(digest: digest(2), data: Data([2]), fingerprint: "f2", indexVersion: nil)
            #expect(try await store.matchReport(digest: digest(1)) == Data([1]))
            #expect(try await store.matchReportFingerprint(digest: digest(2)) == "f2")
            #expect(try await store.matchReports(digests: [digest(1), digest(3)]) == [digest(1): Data([1])])
            let rows = try await store.rematchRows(digests: [digest(3), digest(2), digest(1), digest(9)])
            #expect(rows.map(\.digest) == [digest(1), digest(2), digest(3)])
            #expect(rows.map(\.fingerprint) == ["f1", "f2", nil])
            #expect(rows.map(\.indexVersion) == ["v1", nil, nil])
            #expect(rows.first?.input == Data([10]))
            #expect(try await store.rematchRows(digests: []).isEmpty)

            // A re-match writes changed reports and marks unchanged ones (only those that exist) as current.
            try await store.saveRematch(
                [MatchReportUpdate(digest: digest(1), data: Data([11]), fingerprint: "f1b", indexVersion: "v2")],
                current: [digest(2), digest(3)], indexVersion: "v2")
            let after = try await store.rematchRows(digests: [digest(1), digest(2), digest(3)])
            #expect(after.map(\.fingerprint) == ["f1b", "f2", nil])
            #expect(after.map(\.indexVersion) == ["v2", "v2", nil])
            #expect(try await store.matchReport(digest: digest(1)) == Data([11]))
            try await store.deleteMatchReports()
            #expect(try await store.matchReports(digests: [digest(1), digest(2)]).isEmpty)
            #expect(try await store.matchInput(digest: digest(2)) == Data([2]))
        }
    }
}

/// The processes sharing a store, on every conformer.
@Suite struct ServiceInstanceConformanceTests {
    @Test(arguments: StoreKind.allCases) func heartbeatsRecordRefreshAndForgetProcesses(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let api = ServiceInstance(id: "p1", hostID: "drydock-a-8228", roles: ["api", "watcher"], baseURL: "http://a:8228", version: "1",
                                      startedAt: at(10), heartbeatAt: at(10))
            let analyzer = ServiceInstance(id: "p2", hostID: "drydock-b-8229", roles: ["analyzer"], baseURL: "http://b:8229", version: "1",
                                           startedAt: at(5), heartbeatAt: at(12))
            try await store.heartbeat(api)
            try await store.heartbeat(analyzer)
            #expect(try await store.serviceInstances().map(\.id) == ["p2", "p1"])
            // A heartbeat moves the time (and may change the roles), never the start.
            var later = api
            later.heartbeatAt = at(40)
            later.startedAt = at(39)
            later.roles = ["api", "feeds", "watcher"]
            later.leading = ["feeds", "watcher"]
            try await store.heartbeat(later)
            let back = try #require(try await store.serviceInstances().last)
            #expect(back.heartbeatAt == at(40) && back.startedAt == at(10) && back.baseURL == "http://a:8228")
            #expect(back.roles == ["api", "feeds", "watcher"] && back.leading == ["feeds", "watcher"])
            #expect(try await store.serviceInstances().first?.leading == [])
            // Processes silent since before a time are forgotten; a stopping one removes itself.
            #expect(try await store.removeServiceInstances(before: at(20)) == 1)
            #expect(try await store.serviceInstances().map(\.id) == ["p1"])
            try await store.removeServiceInstance(id: "p1")
            #expect(try await store.serviceInstances().isEmpty)
        }
    }
}

/// Settings the processes sharing a store agree on, on every conformer.
@Suite struct SharedSettingConformanceTests {
    @Test(arguments: StoreKind.allCases) func theFirstValueStoredIsTheOneEveryoneReads(kind: StoreKind) async throws {
        try await withStore(kind) { (store: any DataStore) async throws in
            #expect(try await store.sharedSetting("encryption_key_fingerprint", default: "k1") == "k1")
            #expect(try await store.sharedSetting("encryption_key_fingerprint", default: "k2") == "k1")
            #expect(try await store.sharedSetting("other", default: "x") == "x")
        }
    }
}

/// Web UI sessions, on every conformer.
@Suite struct WebSessionConformanceTests {
    @Test(arguments: StoreKind.allCases) func sessionsAreFoundTouchedAndEnded(kind: StoreKind) async throws {
        try await withStore(kind) { (store: any DataStore) async throws in
            func session(_ hash: String, _ user: String, created: Double, seen: Double) -> WebSession {
                WebSession(tokenHash: hash, username: user, csrfToken: "csrf-\(hash)", createdAt: at(created), lastSeen: at(seen))
            }
            try await store.insert(session("h1", "alice", created: 10, seen: 10))
            try await store.insert(session("h2", "alice", created: 20, seen: 20))
            try await store.insert(session("h3", "bob", created: 30, seen: 30))
            await #expect(throws: StoreError.self) { try await store.insert(session("h1", "mallory", created: 1, seen: 1)) }
            #expect(try await store.webSession(tokenHash: "h1") == session("h1", "alice", created: 10, seen: 10))
            #expect(try await store.touchWebSession(tokenHash: "h1", lastSeen: at(50)))
            #expect(try await !store.touchWebSession(tokenHash: "nope", lastSeen: at(50)))
            #expect(try await store.webSession(tokenHash: "h1")?.lastSeen == at(50))
            // Idle since before 25 (h2), or started before 15 (h1): both go; h3 stays.
            #expect(try await store.deleteWebSessions(idleSince: at(25), startedBefore: at(15)) == 2)
            #expect(try await store.webSession(tokenHash: "h3") != nil)
            try await store.deleteWebSessions(usernames: ["bob"])
            #expect(try await store.webSession(tokenHash: "h3") == nil)
            try await store.insert(session("h4", "carol", created: 60, seen: 60))
            try await store.deleteWebSession(tokenHash: "h4")
            #expect(try await store.webSession(tokenHash: "h4") == nil)
        }
    }
}
