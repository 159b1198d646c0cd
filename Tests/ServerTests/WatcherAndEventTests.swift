import Engine
import Foundation
import Logging
import NIOHTTP1
import OCI
import Registry
import Server
import Store
import TestSupport
import Testing

@Suite(.serialized) struct WatcherAndEventTests {
    @Test func theTagWatcherAddsANewDigestOfAWatchedTagAndRecordsEvents() async throws {
        try await RegistryServer.withRegistry { registry in
            let tag = "\(registry.host)/watched/app:stable"
            let first = try await pushSampleImage(tag, marker: "1")
            try await ServiceHarness.with(configure: { $0.tagWatchIntervalSeconds = 1 }) { harness in
                let api = harness.api
                let added = try await api.call(.POST, "/v1/images?autosubscribe=True", body: #"{"tag": "\#(tag)", "annotations": {"owner": "web"}}"#)
                #expect(added.status == 200, "\(added.text)")
                _ = try await api.waitForAnalysis(first.digest.description)

                // A new digest is pushed to the watched tag; the watcher (every second here) finds it.
                let second = try await pushSampleImage(tag, marker: "2")
                var current: [String: Any]?
                for _ in 0..<100 {
                    current = try await api.call(.GET, "/v1/images?fulltag=\(tag)&history=false").list.first
                    if current?["imageDigest"] as? String == second.digest.description { break }
                    try await Task.sleep(for: .milliseconds(200))
                }
                #expect(current?["imageDigest"] as? String == second.digest.description)
                #expect((current?["annotations"] as? [String: String]) == ["owner": "web"])
                let analyzed = try await api.waitForAnalysis(second.digest.description)
                #expect(analyzed["analysis_status"] as? String == "analyzed")
                let history = try await api.call(.GET, "/v1/images?fulltag=\(tag)&history=true")
                #expect(history.list.count == 2)

                // Nothing moved since: a check adds nothing.
                #expect(await harness.service.watcher.check(account: "admin", tag: tag) == nil)

                let events = try await api.call(.GET, "/v1/events?event_type=user.image&limit=100")
                let results = try #require(events.object["results"] as? [[String: Any]])
                let types = results.compactMap { ($0["event"] as? [String: Any])?["type"] as? String }
                #expect(types.contains("user.image.tag.updated"))
                #expect(types.filter { $0 == "user.image.analysis.completed" }.count == 2)
                let update = try #require(results.first { ($0["event"] as? [String: Any])?["type"] as? String == "user.image.tag.updated" })
                let details = (update["event"] as? [String: Any])?["details"] as? [String: String]
                #expect(details?["curr_eval"] == second.digest.description)
                #expect(details?["last_eval"] == first.digest.description)
                #expect(events.object["next_page"] as? Bool == false)
            }
        }
    }

    @Test func aWatchedTagThatDisappearsIsReportedAndTheOthersAreStillChecked() async throws {
        try await RegistryServer.withRegistry { registry in
            let kept = "\(registry.host)/watch/kept:1"
            _ = try await pushSampleImage(kept, marker: "1")
            try await ServiceHarness.with { harness in
                #expect(try await harness.api.call(.POST, "/v1/images?autosubscribe=True", body: #"{"tag": "\#(kept)"}"#).status == 200)
                // A subscription on a tag the registry does not have.
                let missing = "\(registry.host)/watch/gone:1"
                let created = try await harness.api.call(
                    .POST, "/v1/subscriptions", body: #"{"subscription_key": "\#(missing)", "subscription_type": "tag_update", "active": true}"#)
                #expect(created.status == 200, "\(created.text)")
                let moved = try await pushSampleImage(kept, marker: "9")
                await harness.service.watcher.checkAll()
                let now = try await harness.api.call(.GET, "/v1/images?fulltag=\(kept)").list.first
                #expect(now?["imageDigest"] as? String == moved.digest.description)
                let failures = try await harness.api.call(.GET, "/v1/events?level=error&resource_id=\(missing)")
                let results = try #require(failures.object["results"] as? [[String: Any]])
                #expect(results.count == 1)
                #expect((results.first?["event"] as? [String: Any])?["type"] as? String == "system.tag_watcher.check_failed")
            }
        }
    }

    @Test func eventsPageFilterAndDelete() async throws {
        try await ServiceHarness.with { harness in
            let api = harness.api
            let log = EventLog(store: harness.service.store, logger: .init(label: "test"))
            let base = Date(timeIntervalSince1970: 1_700_000_000)
            for index in 0..<5 {
                await log.record(.analysisCompleted, account: "admin", resource: "r/app:\(index)", at: base + Double(index))
            }
            await log.record(.registryLookupFailed, account: "admin", resource: "r/bad:1", details: ["error": "nope"], at: base + 10)

            let first = try await api.call(.GET, "/v1/events?limit=4")
            #expect(first.object["next_page"] as? Bool == true)
            #expect(first.object["item_count"] as? Int == 4)
            let newest = (first.object["results"] as? [[String: Any]])?.first
            #expect((newest?["event"] as? [String: Any])?["type"] as? String == "system.image_analysis.registry_lookup_failed")
            let second = try await api.call(.GET, "/v1/events?limit=4&page=2")
            #expect(second.object["next_page"] as? Bool == false)
            #expect(second.object["item_count"] as? Int == 2)

            let errors = try await api.call(.GET, "/v1/events?level=error")
            #expect((errors.object["results"] as? [Any])?.count == 1)
            let byType = try await api.call(.GET, "/v1/events?event_type=user.image.*.completed")
            #expect((byType.object["results"] as? [Any])?.count == 5)
            let since = try await api.call(.GET, "/v1/events?since=2023-11-14T22:13:22Z")
            #expect((since.object["results"] as? [Any])?.count == 4)

            let id = try #require(newest?["generated_uuid"] as? String)
            #expect(try await api.call(.GET, "/v1/events/\(id)").object["generated_uuid"] as? String == id)
            #expect(try await api.call(.DELETE, "/v1/events/\(id)").status == 200)
            #expect(try await api.call(.GET, "/v1/events/\(id)").status == 404)
            #expect(try await api.call(.DELETE, "/v1/events/\(id)").message == "Event not found")
            let deleted = try await api.call(.DELETE, "/v1/events?before=2023-11-14T22:13:22Z")
            #expect((deleted.json as? [String])?.count == 2)

            #expect(try await api.call(.GET, "/v1/events?page=0").status == 400)
            #expect(try await api.call(.GET, "/v1/events?limit=5000").status == 400)
            #expect(try await api.call(.GET, "/v1/events?since=yesterday").status == 400)
            #expect(try await api.call(.GET, "/v1/events?since=2024-01-02T00:00:00Z&before=2024-01-01T00:00:00Z").status == 400)
            #expect(try await api.call(.GET, "/v1/events?event_type=Bad%20Type").status == 400)
            let types = try await api.call(.GET, "/v1/event_types")
            #expect(types.list.contains { $0["name"] as? String == "user" })
        }
    }
}
