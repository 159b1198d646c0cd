import Foundation
import NIOHTTP1
import OCI
import Registry
import Server
import Engine
import Store
import TestSupport
import Testing

/// `/policies`, `/images/{digest}/check`, `/system/policy_spec` and `policy_eval` notifications against a live
/// service.
@Suite(.serialized) struct PolicyAPITests {
    static let defaultID = "2c53a13c-1765-11e8-82ef-23527761d060"

    /// A bundle that stops images with libc6.
    static let denyLibc = #"""
        {"id": "deny-libc", "version": "1_0", "name": "No libc",
         "policies": [{"id": "p1", "version": "1_0", "rules": [{"id": "r1", "gate": "packages", "trigger": "blacklist", "action": "STOP", "params": [{"name": "name", "value": "libc6"}]}]}],
         "whitelists": [], "mappings": [{"name": "all", "registry": "*", "repository": "*", "image": {"type": "tag", "value": "*"}, "policy_ids": ["p1"], "whitelist_ids": []}]}
        """#

    static let malformed: [(String, String, String)] = [
        ("not JSON", "{", "not valid JSON"),
        ("a list", "[]", "must be a JSON object"),
        ("unknown gate", #"{"id": "x", "version": "1_0", "policies": [{"id": "p", "version": "1_0", "rules": [{"gate": "nope", "trigger": "t", "action": "STOP", "params": []}]}], "mappings": []}"#, "GateNotFoundError"),
        ("unknown parameter", #"{"id": "x", "version": "1_0", "policies": [{"id": "p", "version": "1_0", "rules": [{"gate": "always", "trigger": "always", "action": "STOP", "params": [{"name": "when", "value": "now"}]}]}], "mappings": []}"#, "InvalidParameterError"),
        ("bad regex", #"{"id": "x", "version": "1_0", "policies": [{"id": "p", "version": "1_0", "rules": [{"gate": "files", "trigger": "name_match", "action": "STOP", "params": [{"name": "regex", "value": "(["}]}]}], "mappings": []}"#, "not a valid regular expression"),
        ("wrong type", #"{"id": 7, "version": "1_0", "policies": [], "mappings": []}"#, "must be a string"),
        ("mapping to a missing policy", #"{"id": "x", "version": "1_0", "policies": [], "mappings": [{"name": "m", "registry": "*", "repository": "*", "image": {"type": "tag", "value": "*"}, "policy_ids": ["ghost"], "whitelist_ids": []}]}"#, "ReferencedObjectNotFoundError"),
        ("duplicate ids", #"{"id": "x", "version": "1_0", "policies": [{"id": "p", "version": "1_0", "rules": []}, {"id": "p", "version": "1_0", "rules": []}], "mappings": []}"#, "DuplicateIdentifierFoundError"),
        ("10 MB", #"{"id": "x", "version": "1_0", "comment": ""# + String(repeating: "a", count: 10 << 20) + #"", "policies": [], "mappings": []}"#, "the limit is"),
    ]

    @Test func malformedBundlesAreRefusedWithTheProblemAndNothingIsStored() async throws {
        try await ServiceHarness.with { harness in
            for (name, body, expected) in Self.malformed {
                let reply = try await harness.api.call(.POST, "/v1/policies", body: body)
                #expect(reply.status == 400, "\(name): \(reply.status) \(reply.text.prefix(300))")
                #expect(reply.text.contains(expected), "\(name): \(reply.text.prefix(500))")
                let detail = reply.object["detail"] as? [String: Any]
                #expect((detail?["validation_details"] as? [[String: Any]])?.isEmpty == false, "\(name)")
            }
            let empty = try await harness.api.call(.POST, "/v1/policies")
            #expect(empty.status == 400, "\(empty.text)")
            let listed = try await harness.api.call(.GET, "/v1/policies?detail=False")
            #expect(listed.list.map { $0["policyId"] as? String } == [Self.defaultID], "\(listed.text)")
            #expect(listed.list.first?["active"] as? Bool == true)
        }
    }

    @Test func bundleLifecycleKeepsOneActiveBundle() async throws {
        try await ServiceHarness.with { harness in
            let api = harness.api
            let added = try await api.call(.POST, "/v1/policies?detail=True", body: Self.denyLibc)
            #expect(added.status == 200, "\(added.text)")
            #expect(added.object["policyId"] as? String == "deny-libc")
            #expect(added.object["active"] as? Bool == false)
            #expect((added.object["policybundle"] as? [String: Any])?["name"] as? String == "No libc")

            let got = try await api.call(.GET, "/v1/policies/deny-libc?detail=False")
            #expect(got.list.count == 1 && (got.list[0]["policybundle"] as? [String: Any])?.isEmpty == true, "\(got.text)")
            #expect(try await api.call(.GET, "/v1/policies/ghost").status == 404)

            // Activate with the full record, as anchore-cli does; the default bundle is deactivated.
            var record = try #require(try await api.call(.GET, "/v1/policies/deny-libc?detail=True").list.first)
            record["active"] = true
            let body = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
            let activated = try await api.call(.PUT, "/v1/policies/deny-libc", body: body)
            #expect(activated.status == 200 && activated.list.first?["active"] as? Bool == true, "\(activated.text)")
            let all = try await api.call(.GET, "/v1/policies?detail=False").list
            #expect(all.filter { $0["active"] as? Bool == true }.map { $0["policyId"] as? String } == ["deny-libc"])

            // Refusals: 4xx, never 5xx, nothing changed.
            let deleteActive = try await api.call(.DELETE, "/v1/policies/deny-libc")
            #expect(deleteActive.status == 409 && deleteActive.message.contains("cannot delete an active policy"), "\(deleteActive.text)")
            let deactivate = try await api.call(.PUT, "/v1/policies/deny-libc", body: #"{"policyId": "deny-libc", "active": false}"#)
            #expect(deactivate.status == 409, "\(deactivate.text)")
            let mismatch = try await api.call(.PUT, "/v1/policies/deny-libc", body: #"{"policyId": "other", "active": true}"#)
            #expect(mismatch.status == 400, "\(mismatch.text)")
            let badContent = try await api.call(.PUT, "/v1/policies/deny-libc", body: #"{"policyId": "deny-libc", "policybundle": {"id": "deny-libc", "version": "1_0", "policies": [], "mappings": [{"name": "m", "registry": "*", "repository": "*", "image": {"type": "tag", "value": "*"}, "policy_ids": ["nope"], "whitelist_ids": []}]}}"#)
            #expect(badContent.status == 400, "\(badContent.text)")
            #expect(try await api.call(.PUT, "/v1/policies/ghost", body: #"{"policyId": "ghost"}"#).status == 404)
            #expect(try await api.call(.PUT, "/v1/policies/deny-libc", body: "[1]").status == 400)

            // Another account sees its own default bundle, not the admin's.
            #expect(try await api.call(.POST, "/v1/accounts", body: #"{"name": "team-policy"}"#).status == 200)
            let theirs = try await api.call(.GET, "/v1/policies", headers: ["x-anchore-account": "team-policy"])
            #expect(theirs.list.map { $0["policyId"] as? String } == [Self.defaultID], "\(theirs.text)")
            #expect(try await api.call(.GET, "/v1/policies/deny-libc", headers: ["x-anchore-account": "team-policy"]).status == 404)

            // Switch back, then the bundle can go; deleting an unknown id answers "deleted" (Anchore).
            #expect(try await api.call(.PUT, "/v1/policies/\(Self.defaultID)?active=true", body: #"{"policyId": "\#(Self.defaultID)"}"#).status == 200)
            let deleted = try await api.call(.DELETE, "/v1/policies/deny-libc")
            #expect(deleted.status == 200 && deleted.json as? String == "deleted", "\(deleted.text)")
            #expect(try await api.call(.DELETE, "/v1/policies/ghost").json as? String == "deleted")

            let spec = try await api.call(.GET, "/v1/system/policy_spec")
            let gates = spec.list.compactMap { $0["name"] as? String }
            #expect(gates.contains("vulnerabilities") && gates.contains("tag_drift") && gates.contains("anchoresec"), "\(gates)")
        }
    }

    /// On both stores: the service's rules do not depend on SQLite.
    @Test(arguments: ServiceHarness.StoreKind.allCases) func checkEvaluatesStoresAndPreviews(store: ServiceHarness.StoreKind) async throws {
        try await RegistryServer.withRegistry { registry in
            let tag = "\(registry.host)/policy/app:1.0"
            let image = try await pushSampleImage(tag)
            let digest = image.digest.description
            try await ServiceHarness.with(store: store) { harness in
                let api = harness.api
                #expect(try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(tag)"}"#).status == 200)
                _ = try await api.waitForAnalysis(digest)

                let check = try await api.call(.GET, "/v1/images/\(digest)/check?history=false&detail=true&tag=\(tag)")
                #expect(check.status == 200, "\(check.text)")
                let entry = try #require(((check.list.first?[digest] as? [String: Any])?[tag] as? [[String: Any]])?.first, "\(check.text)")
                #expect(entry["status"] as? String == "pass")
                #expect(entry["policyId"] as? String == Self.defaultID)
                let result = try #require((entry["detail"] as? [String: Any])?["result"] as? [String: Any])
                #expect(result["final_action"] as? String == "warn")
                let imageID = try #require(result["image_id"] as? String)
                let table = ((result["result"] as? [String: Any])?[imageID] as? [String: Any])?["result"] as? [String: Any]
                #expect((table?["header"] as? [String])?.count == 9)

                // The digest percent-encoded and the by_id form work too; a tag is required.
                #expect(try await api.call(.GET, "/v1/images/\(digest.replacingOccurrences(of: ":", with: "%3A"))/check?tag=\(tag)").status == 200)
                #expect(try await api.call(.GET, "/v1/images/by_id/\(imageID)/check?tag=\(tag)").status == 200)
                #expect(try await api.call(.GET, "/v1/images/\(digest)/check").status == 400)
                #expect(try await api.call(.GET, "/v1/images/sha256:\(String(repeating: "0", count: 64))/check?tag=\(tag)").status == 404)
                #expect(try await api.call(.GET, "/v1/images/\(digest)/check?tag=\(tag)&policyId=ghost").status == 404)

                // The preview evaluates without storing: one image would now fail.
                let preview = try await api.call(.POST, "/v1/policies?dryrun=true", body: Self.denyLibc)
                #expect(preview.status == 200, "\(preview.text)")
                let summary = try #require(preview.object["summary"] as? [String: Any])
                #expect(summary["stop"] as? Int == 1 && summary["images"] as? Int == 1, "\(preview.text)")
                let changes = try #require(preview.object["changes"] as? [[String: Any]])
                #expect(changes.first?["previous_final_action"] as? String == "WARN" && changes.first?["final_action"] as? String == "STOP", "\(preview.text)")
                #expect(try await api.call(.GET, "/v1/policies").list.count == 1)

                // Evaluating against a given (inactive) bundle; the history keeps one record per outcome.
                #expect(try await api.call(.POST, "/v1/policies", body: Self.denyLibc).status == 200)
                let strict = try await api.call(.GET, "/v1/images/\(digest)/check?tag=\(tag)&policyId=deny-libc")
                #expect(((strict.list.first?[digest] as? [String: Any])?[tag] as? [[String: Any]])?.first?["status"] as? String == "fail", "\(strict.text)")
                _ = try await api.call(.GET, "/v1/images/\(digest)/check?tag=\(tag)")
                let history = try await api.call(.GET, "/v1/images/\(digest)/check?tag=\(tag)&history=true")
                let records = try #require((history.list.first?[digest] as? [String: Any])?[tag] as? [[String: Any]])
                #expect(Set(records.compactMap { $0["status"] as? String }) == ["pass", "fail"], "\(history.text)")
            }
        }
    }

    @Test func anImageNotYetAnalyzedHasNoEvaluation() async throws {
        try await RegistryServer.withRegistry { registry in
            let tag = "\(registry.host)/policy/waiting:1"
            let image = try await pushSampleImage(tag)
            try await ServiceHarness.with(configure: { $0.workers = 0 }) { harness in
                #expect(try await harness.api.call(.POST, "/v1/images", body: #"{"tag": "\#(tag)"}"#).status == 200)
                let reply = try await harness.api.call(.GET, "/v1/images/\(image.digest)/check?tag=\(tag)")
                #expect(reply.status == 404, "\(reply.text)")
                #expect(reply.message == "image is not analyzed - analysis_status: not_analyzed", "\(reply.text)")
            }
        }
    }

    @Test func activatingAStricterBundleFiresPolicyEvalForSubscribedTags() async throws {
        try await RegistryServer.withRegistry { registry in
            let tag = "\(registry.host)/policy/watched:1"
            let image = try await pushSampleImage(tag)
            try await WebhookReceiver.with { receiver in
                let yaml = "policy_eval: {url: \"\(receiver.url("/hooks/<notification_type>"))\"}\nretry_backoff: 0.1\nmax_retry_backoff: 0.2"
                try await ServiceHarness.with(configure: try WebhookTests.configure(yaml)) { harness in
                    let api = harness.api
                    #expect(try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(tag)"}"#).status == 200)
                    _ = try await api.waitForAnalysis(image.digest.description)
                    // `image add` made the tag's policy_eval subscription, inactive: switch it on.
                    let id = Subscription.id(account: "admin", key: tag, type: "policy_eval")
                    let switched = try await api.call(.PUT, "/v1/subscriptions/\(id)", body: #"{"active": true}"#)
                    #expect(switched.status == 200, "\(switched.text)")
                    // The analysis evaluated the tag (pass); the first evaluation raises nothing.
                    #expect(try await WebhookTests.events(harness, type: "user.checks.tag.policy_evaluation.update").isEmpty)
                    #expect(try await api.call(.POST, "/v1/policies", body: Self.denyLibc.replacingOccurrences(of: #""name": "No libc","#, with: #""name": "No libc", "active": true,"#)).status == 200)
                    let delivery = try #require(try await receiver.waitFor(1).first)
                    #expect(delivery.path == "/hooks/policy_eval")
                    let payload = delivery.payload
                    #expect(payload["subscription_key"] as? String == tag)
                    #expect((payload["last_eval"] as? [String: Any])?["final_action"] as? String == "warn", "\(payload)")
                    #expect((payload["curr_eval"] as? [String: Any])?["final_action"] as? String == "stop", "\(payload)")
                    #expect((payload["curr_eval"] as? [String: Any])?["status"] as? String == "fail")
                    let events = try await WebhookTests.events(harness, type: "user.checks.tag.policy_evaluation.update")
                    #expect(events.count == 1, "\(events)")
                }
            }
        }
    }

    @Test func aFeedChangeReevaluatesAndFiresPolicyEval() async throws {
        let scratch = FileManager.default.temporaryDirectory.appending(path: "drydock-policy-feeds-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pypa = scratch.appending(path: "pypa")
        let advisories = try FileManager.default.contentsOfDirectory(
            atPath: VulnerabilityAPITests.vulndata.appending(path: "pypa-advisory-database/vulns/jinja2").path)
        try VulnerabilityAPITests.jinjaFeed(pypa, drop: advisories)
        let bundle = #"{"id": "no-pysec", "version": "1_0", "active": true, "policies": [{"id": "p", "version": "1_0", "rules": [{"gate": "vulnerabilities", "trigger": "blacklist", "action": "STOP", "params": [{"name": "vulnerability_ids", "value": "PYSEC-2021-66"}]}]}], "whitelists": [], "mappings": [{"name": "all", "registry": "*", "repository": "*", "image": {"type": "tag", "value": "*"}, "policy_ids": ["p"], "whitelist_ids": []}]}"#
        try await RegistryServer.withRegistry { registry in
            let tag = "\(registry.host)/policy/jinja:1"
            let image = try await VulnerabilityAPITests.pushBookworm(tag)
            try await WebhookReceiver.with { receiver in
                let yaml = "policy_eval: {url: \"\(receiver.url("/hooks/<notification_type>"))\"}\nretry_backoff: 0.1\nmax_retry_backoff: 0.2"
                let webhooks = try ServiceConfiguration.Webhooks(value: yaml, source: "test")
                try await ServiceHarness.with(configure: { configuration in
                    configuration.feeds = [FeedSourceConfiguration(name: "pypa", driver: .osv, url: pypa)]
                    configuration.feedSyncIntervalSeconds = 0
                    configuration.webhooks = webhooks
                }) { harness in
                    let api = harness.api
                    #expect(try await api.call(.POST, "/v1/system/feeds").status == 200)
                    #expect(try await api.call(.POST, "/v1/policies", body: bundle).object["active"] as? Bool == true)
                    #expect(try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(tag)"}"#).status == 200)
                    let digest = image.digest.description
                    _ = try await api.waitForAnalysis(digest)
                    let id = Subscription.id(account: "admin", key: tag, type: "policy_eval")
                    #expect(try await api.call(.PUT, "/v1/subscriptions/\(id)", body: #"{"active": true}"#).status == 200)
                    let before = try await api.call(.GET, "/v1/images/\(digest)/check?tag=\(tag)")
                    #expect(((before.list.first?[digest] as? [String: Any])?[tag] as? [[String: Any]])?.first?["status"] as? String == "pass", "\(before.text)")

                    // The advisories arrive: the sync re-matches the stored image, which now fails; the tag is told.
                    try VulnerabilityAPITests.jinjaFeed(pypa)
                    #expect(try await api.call(.POST, "/v1/system/feeds").status == 200)
                    let delivery = try #require(try await receiver.waitFor(1).first)
                    #expect(delivery.path == "/hooks/policy_eval")
                    #expect((delivery.payload["curr_eval"] as? [String: Any])?["final_action"] as? String == "stop", "\(delivery.payload)")
                    let summary = try await api.call(.GET, "/v1/summaries/policy_evaluations")
                    #expect(summary.list.first { $0["fulltag"] as? String == tag }?["status"] as? String == "fail", "\(summary.text)")
                }
            }
        }
    }

    /// `ancestry` and `tag_drift` gather their data from the other stored images: a child built on a stored base, and
    /// a tag that moved.
    @Test func ancestryAndTagDriftReadTheOtherStoredImages() async throws {
        try await RegistryServer.withRegistry { registry in
            let baseLayer = try ImageBuilder.layer([.text("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"), .text("base/marker", "base")])
            let appLayer = try ImageBuilder.layer([.text("app/marker", "app")])
            let base = try ImageBuilder.image([baseLayer])
            let child = try ImageBuilder.image([baseLayer, appLayer])
            let baseTag = "\(registry.host)/policy/base:12"
            let childTag = "\(registry.host)/policy/child:1"
            try await RegistryClient.withClient { client in
                try await ImagePusher(client: client).push(base, to: try Reference(parsing: baseTag))
                try await ImagePusher(client: client).push(child, to: try Reference(parsing: childTag))
            }
            let bundle = #"{"id": "lineage", "version": "1_0", "active": true, "policies": [{"id": "p", "version": "1_0", "rules": [{"gate": "ancestry", "trigger": "allowed_base_image_tag", "action": "STOP", "params": [{"name": "base_tag", "value": "\#(registry.host)/policy/base:*"}]}, {"gate": "ancestry", "trigger": "no_ancestors_analyzed", "action": "WARN", "params": []}, {"gate": "tag_drift", "trigger": "packages_modified", "action": "WARN", "params": []}]}], "whitelists": [], "mappings": [{"name": "all", "registry": "*", "repository": "*", "image": {"type": "tag", "value": "*"}, "policy_ids": ["p"], "whitelist_ids": []}]}"#
            try await ServiceHarness.with { harness in
                let api = harness.api
                #expect(try await api.call(.POST, "/v1/policies", body: bundle).status == 200)
                for (tag, image) in [(baseTag, base), (childTag, child)] {
                    #expect(try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(tag)"}"#).status == 200)
                    _ = try await api.waitForAnalysis(image.digest.description)
                }
                func rows(_ image: BuiltImage, _ tag: String) async throws -> (String?, [String]) {
                    let digest = image.digest.description
                    let reply = try await api.call(.GET, "/v1/images/\(digest)/check?tag=\(tag)&detail=true")
                    let entry = ((reply.list.first?[digest] as? [String: Any])?[tag] as? [[String: Any]])?.first
                    let result = (entry?["detail"] as? [String: Any])?["result"] as? [String: Any]
                    let imageID = result?["image_id"] as? String ?? ""
                    let table = ((result?["result"] as? [String: Any])?[imageID] as? [String: Any])?["result"] as? [String: Any]
                    let fired = (table?["rows"] as? [[Any]] ?? []).compactMap { $0[4] as? String }
                    return (entry?["status"] as? String, fired.sorted())
                }
                // The child is built on the stored base: an approved ancestor, nothing fires.
                let (childStatus, childRows) = try await rows(child, childTag)
                #expect(childStatus == "pass" && childRows.isEmpty, "\(childRows)")
                // The base has no stored ancestor: both ancestry triggers say so.
                let (baseStatus, baseRows) = try await rows(base, baseTag)
                #expect(baseStatus == "fail" && baseRows == ["allowed_base_image_tag", "no_ancestors_analyzed"], "\(baseRows)")

                // A tag that moved: the new image's packages are compared with the previous image's.
                let movingTag = "\(registry.host)/policy/moving:1"
                let first = try await pushSampleImage(movingTag, marker: "1")
                #expect(try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(movingTag)"}"#).status == 200)
                _ = try await api.waitForAnalysis(first.digest.description)
                let second = try await pushSampleImage(movingTag, marker: "2")
                #expect(try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(movingTag)"}"#).status == 200)
                _ = try await api.waitForAnalysis(second.digest.description)
                let (_, movedRows) = try await rows(second, movingTag)
                #expect(movedRows.filter { $0 == "packages_modified" }.count == 2, "libc6 and requests moved: \(movedRows)")
                let (_, firstRows) = try await rows(first, movingTag)
                #expect(!firstRows.contains("packages_modified"), "the first image of the tag has nothing to drift from: \(firstRows)")
            }
        }
    }
}
