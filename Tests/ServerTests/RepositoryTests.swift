import Engine
import Foundation
import NIOHTTP1
import OCI
import Registry
import Server
import Store
import TestSupport
import Testing

@Suite(.serialized) struct RepositoryTests {
    @Test func addingARepositoryQueuesEveryTagAndTheWatcherAddsNewOnes() async throws {
        try await RegistryServer.withRegistry { registry in
            let repository = "\(registry.host)/whole/repo"
            for tag in ["1.0", "1.1", "latest"] { _ = try await pushSampleImage("\(repository):\(tag)", marker: tag) }
            try await ServiceHarness.with(configure: { $0.repoWatchIntervalSeconds = 3600 }) { harness in
                let api = harness.api
                // A dry run reports the count and stores nothing.
                let dry = try await api.call(.POST, "/v1/repositories?repository=\(repository)&autosubscribe=False&dryrun=True")
                #expect(dry.status == 200, "\(dry.text)")
                let dryRecord = try #require(dry.list.first)
                #expect(dryRecord["active"] as? Bool == false)
                let dryValue = try #require((dryRecord["subscription_value"] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any])
                #expect(dryValue["tagcount"] as? Int == 3)
                #expect(try await api.call(.GET, "/v1/subscriptions?subscription_type=repo_update").list.isEmpty)
                #expect(try await api.call(.GET, "/v1/images").list.isEmpty)

                let added = try await api.call(.POST, "/v1/repositories?repository=\(repository)&autosubscribe=True&dryrun=False")
                let record = try #require(added.list.first)
                #expect(record["active"] as? Bool == true)
                #expect(record["subscription_type"] as? String == "repo_update")
                #expect(record["subscription_key"] as? String == repository)
                // The tags are added in the background.
                var tags: Set<String> = []
                for _ in 0..<100 {
                    tags = Set(try await api.call(.GET, "/v1/summaries/imagetags").list.compactMap { $0["fulltag"] as? String })
                    if tags.count == 3 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(tags == ["\(repository):1.0", "\(repository):1.1", "\(repository):latest"])
                let tagUpdate = try await api.call(.GET, "/v1/subscriptions?subscription_key=\(repository):1.0&subscription_type=tag_update")
                #expect(tagUpdate.list.first?["active"] as? Bool == true)

                // A new tag appears; the watcher adds only it.
                _ = try await pushSampleImage("\(repository):2.0", marker: "2.0")
                #expect(await harness.service.repositoryWatcher.sync(account: "admin", key: repository) == 1)
                #expect(await harness.service.repositoryWatcher.sync(account: "admin", key: repository) == 0)
                let stored = try await api.call(.GET, "/v1/subscriptions?subscription_key=\(repository)&subscription_type=repo_update")
                let value = try #require((stored.list.first?["subscription_value"] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any])
                #expect(value["tagcount"] as? Int == 4)
                #expect((value["repotags"] as? [String])?.count == 4)

                // Unwatched: new tags are not added.
                let id = try #require(stored.list.first?["subscription_id"] as? String)
                _ = try await api.call(.PUT, "/v1/subscriptions/\(id)", body: #"{"active": false}"#)
                _ = try await pushSampleImage("\(repository):3.0", marker: "3.0")
                #expect(await harness.service.repositoryWatcher.sync(account: "admin", key: repository) == 0)

                // Remove repository: every image and subscription of it goes.
                for image in try await api.call(.GET, "/v1/images").list {
                    _ = try await api.waitForAnalysis(image["imageDigest"] as! String)
                }
                let removed = try await api.call(.DELETE, "/v1/repositories?repository=\(repository)")
                #expect((removed.json as? [String])?.count == 4, "\(removed.text)")
                #expect(try await api.call(.GET, "/v1/images?image_status=all").list.isEmpty)
                #expect(try await api.call(.GET, "/v1/subscriptions").list.isEmpty)
            }
        }
    }

    @Test func cancelPendingRemovesOnlyImagesStillWaitingAndBadRepositoriesAre404() async throws {
        try await RegistryServer.withRegistry { registry in
            let repository = "\(registry.host)/pending/repo"
            let done = try await pushSampleImage("\(repository):done", marker: "d")
            try await ServiceHarness.with(configure: { $0.workers = 1 }) { harness in
                let api = harness.api
                #expect(try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(repository):done"}"#).status == 200)
                _ = try await api.waitForAnalysis(done.digest.description)
                // Queue one more without letting it be analyzed: write it as not analyzed directly.
                let waiting = try await pushSampleImage("\(repository):waiting", marker: "w")
                #expect(try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(repository):waiting"}"#).status == 200)
                _ = try await harness.service.store.modifyImage(account: "admin", digest: waiting.digest) { record in
                    record?.analysisStatus = .notAnalyzed
                    record?.imageStatus = .inactive  // keeps the worker away while the test looks
                }
                let cancelled = try await api.call(.DELETE, "/v1/repositories/pending?repository=\(repository)")
                #expect(cancelled.json as? [String] == [waiting.digest.description], "\(cancelled.text)")
                #expect(try await api.call(.GET, "/v1/images/\(done.digest)").status == 200)

                let missing = try await api.call(.POST, "/v1/repositories?repository=\(registry.host)/no/such&autosubscribe=False")
                #expect(missing.status == 404)
                #expect(missing.message == "no tags could be added from input regrepo (\(registry.host)/no/such)")
                #expect(try await api.call(.POST, "/v1/repositories").status == 400)
                let failures = try await api.call(.GET, "/v1/events?event_type=system.repository")
                #expect((failures.object["results"] as? [Any])?.count == 1)
            }
        }
    }
}

@Suite struct SubscriptionAPITests {
    @Test func unknownSubscriptionIdsAreAnEmptyListOr404AndUnknownTypes400() async throws {
        try await ServiceHarness.with { harness in
            let api = harness.api
            let unknown = String(repeating: "0", count: 32)
            // GET answers an empty list, as Anchore does; a change of an unknown one is 404.
            let got = try await api.call(.GET, "/v1/subscriptions/\(unknown)")
            #expect(got.status == 200 && got.list.isEmpty, "\(got.text)")
            let deleted = try await api.call(.DELETE, "/v1/subscriptions/\(unknown)")
            #expect(deleted.status == 404)
            #expect(deleted.message == "subscription \(unknown) not found")
            #expect(try await api.call(.PUT, "/v1/subscriptions/\(unknown)", body: #"{"active": true}"#).status == 404)
            #expect(try await api.call(.POST, "/v1/subscriptions", body: #"{"subscription_key": "a/b:c", "subscription_type": "nope"}"#).status == 400)
            let created = try await api.call(.POST, "/v1/subscriptions", body: #"{"subscription_key": "r.example/a:1", "subscription_type": "vuln_update"}"#)
            let id = try #require(created.list.first?["subscription_id"] as? String)
            #expect(created.list.first?["active"] as? Bool == false)
            #expect(try await api.call(.POST, "/v1/subscriptions", body: #"{"subscription_key": "r.example/a:1", "subscription_type": "vuln_update"}"#).status == 409)
            #expect(try await api.call(.GET, "/v1/subscriptions/\(id)").list.first?["subscription_key"] as? String == "r.example/a:1")
            #expect(try await api.call(.DELETE, "/v1/subscriptions/\(id)").json as? Bool == true)
        }
    }
}
