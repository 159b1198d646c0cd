import Engine
import Foundation
import NIOHTTP1
import OCI
import Server
import Store
import TestSupport
import Testing

/// Webhook notifications end to end: a live service, a real loopback receiver.
@Suite(.serialized) struct WebhookTests {
    /// A `webhooks` section with short retry settings; `type` and `general` are receiver paths.
    static func webhooks(
        _ receiver: WebhookReceiver, type: String? = "/hooks/<notification_type>/<userId>", general: String? = nil,
        retryTimeout: Double = 20, backoff: Double = 0.1, requestTimeout: Double = 5
    ) -> String {
        var yaml = """
            webhook_user: hook-user
            webhook_pass: hook-pass
            notification_retry_timeout: \(retryTimeout)
            request_timeout: \(requestTimeout)
            retry_backoff: \(backoff)
            max_retry_backoff: \(backoff * 2)
            """
        if let type { yaml += "\nanalysis_update: {url: \"\(receiver.url(type))\"}\ntag_update: {url: \"\(receiver.url(type))\"}" }
        if let general { yaml += "\ngeneral: {url: \"\(receiver.url(general))\", webhook_token: general-token}" }
        return yaml
    }

    static func configure(_ yaml: String) throws -> (inout ServiceConfiguration) -> Void {
        let webhooks = try ServiceConfiguration.Webhooks(value: yaml, source: "test")
        return { configuration in configuration.webhooks = webhooks }
    }

    /// Records an event the way the analyzer does, through the service's own event log.
    static func record(_ harness: ServiceHarness, _ kind: EventLog.Kind, tag: String, details: [String: String]) async throws {
        let events = try #require(harness.service.catalog.events)
        await events.record(kind, account: "admin", resource: tag, details: details)
    }

    static func subscribe(_ harness: ServiceHarness, tag: String, type: String, active: Bool) async throws {
        let created = try await harness.api.call(
            .POST, "/v1/subscriptions",
            body: #"{"subscription_key": "\#(tag)", "subscription_type": "\#(type)", "active": \#(active)}"#)
        #expect(created.status == 200, "\(created.text)")
    }

    static func events(_ harness: ServiceHarness, type: String) async throws -> [[String: Any]] {
        try await harness.api.call(.GET, "/v1/events?event_type=\(type)").object["results"] as? [[String: Any]] ?? []
    }

    @Test func addingAnImageDeliversOneAnalysisUpdateToTheTypeAndGeneralWebhooks() async throws {
        try await RegistryServer.withRegistry { registry in
            let tag = "\(registry.host)/hooks/app:1.0"
            let image = try await pushSampleImage(tag)
            try await WebhookReceiver.with { receiver in
                let yaml = Self.webhooks(receiver, general: "/general/<notification_type>")
                try await ServiceHarness.with(configure: try Self.configure(yaml)) { harness in
                    let added = try await harness.api.call(.POST, "/v1/images", body: #"{"tag": "\#(tag)", "annotations": {"team": "payments"}}"#)
                    #expect(added.status == 200, "\(added.text)")
                    _ = try await harness.api.waitForAnalysis(image.digest.description)
                    let deliveries = try await receiver.waitFor(2)
                    let typed = try #require(deliveries.first { $0.path == "/hooks/analysis_update/admin" })
                    let general = try #require(deliveries.first { $0.path == "/general/analysis_update" })
                    #expect(typed.headers["authorization"] == "Basic " + Data("hook-user:hook-pass".utf8).base64EncodedString())
                    #expect(general.headers["authorization"] == "Bearer general-token")
                    #expect(typed.headers["content-type"] == "application/json")

                    let envelope = typed.object
                    #expect(envelope["queueId"] as? String == "analysis_update")
                    #expect(envelope["userId"] as? String == "admin")
                    #expect(envelope["record_state_key"] as? String == "active")
                    #expect(envelope["tries"] as? Int == 0)
                    #expect(envelope["created_at"] as? Int != nil)
                    #expect((envelope["max_tries"] as? Int ?? 0) > (envelope["created_at"] as? Int ?? .max))
                    let data = try #require(envelope["data"] as? [String: Any])
                    #expect(data["notification_user"] as? String == "admin")
                    #expect(data["notification_type"] as? String == "analysis_update")
                    let payload = typed.payload
                    #expect(payload["subscription_key"] as? String == tag)
                    #expect(payload["subscription_type"] as? String == "analysis_update")
                    #expect(payload["userId"] as? String == "admin")
                    #expect(payload["notificationId"] as? String == envelope["dataId"] as? String)
                    #expect(payload["annotations"] as? [String: String] == ["team": "payments"])
                    let last = try #require(payload["last_eval"] as? [String: Any])
                    let current = try #require(payload["curr_eval"] as? [String: Any])
                    #expect(last["analysis_status"] as? String == "analyzing")
                    #expect(current["analysis_status"] as? String == "analyzed")
                    #expect(current["imageDigest"] as? String == image.digest.description)
                    #expect(current["annotations"] as? [String: String] == ["team": "payments"])
                    #expect(general.body == typed.body)

                    try await Task.sleep(for: .milliseconds(300))
                    #expect(receiver.deliveries.count == 2)
                    #expect(try await harness.service.store.pendingNotifications(account: nil).isEmpty)
                }
            }
        }
    }

    @Test func aReceiverThatFailsTwiceGetsTheNotificationOnTheThirdTry() async throws {
        try await WebhookReceiver.with({ index, _ in .init(status: index < 2 ? 500 : 200) }) { receiver in
            try await ServiceHarness.with(configure: try Self.configure(Self.webhooks(receiver))) { harness in
                let tag = "registry.example/team/app:2"
                try await Self.subscribe(harness, tag: tag, type: "tag_update", active: true)
                let old = "sha256:" + String(repeating: "a", count: 64)
                let new = "sha256:" + String(repeating: "b", count: 64)
                try await Self.record(harness, .tagUpdated, tag: tag, details: ["last_eval": old, "curr_eval": new])
                let deliveries = try await receiver.waitFor(3)
                #expect(deliveries.allSatisfy { $0.path == "/hooks/tag_update/admin" })
                #expect(deliveries.map { $0.object["tries"] as? Int } == [0, 1, 2])
                let payload = deliveries[2].payload
                #expect(payload["last_eval"] as? [String] == [old])
                #expect(payload["curr_eval"] as? [String] == [new])
                #expect(payload["subscription_key"] as? String == tag)
                #expect(payload["subscription_type"] as? String == "tag_update")
                // The third answer was a 2xx: the queue empties and no more attempts follow.
                for _ in 0..<100 where try await !harness.service.store.pendingNotifications(account: nil).isEmpty {
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(try await harness.service.store.pendingNotifications(account: nil).isEmpty)
                let failures = try await Self.events(harness, type: "system.webhook.delivery_failed")
                #expect(failures.count == 2)
                let details = (failures.first?["event"] as? [String: Any])?["details"] as? [String: Any]
                #expect(details?["http_status"] as? String == "500")
                try await Task.sleep(for: .milliseconds(300))
                #expect(receiver.deliveries.count == 3)
            }
        }
    }

    @Test func aHangingReceiverIsBoundedByTheTimeoutAndDoesNotHoldTheOthers() async throws {
        try await WebhookReceiver.with({ _, delivery in
            .init(status: 200, stall: delivery.path.hasPrefix("/hang") ? .seconds(5) : .zero)
        }) { receiver in
            let yaml = Self.webhooks(receiver, type: "/hang/<notification_type>", general: "/general", retryTimeout: 0.6, requestTimeout: 0.5)
            try await ServiceHarness.with(configure: try Self.configure(yaml)) { harness in
                let tag = "registry.example/team/app:3"
                try await Self.subscribe(harness, tag: tag, type: "analysis_update", active: true)
                let started = ContinuousClock.now
                try await Self.record(harness, .analysisCompleted, tag: tag, details: ["imageDigest": "sha256:" + String(repeating: "c", count: 64)])
                let general = try await receiver.waitFor(2).first { $0.path == "/general" }
                #expect(general != nil)
                var failures: [[String: Any]] = []
                for _ in 0..<200 where failures.isEmpty {
                    failures = try await Self.events(harness, type: "system.webhook.delivery_failed")
                    if failures.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
                }
                #expect(started.duration(to: .now) < .seconds(4))
                let details = try #require((failures.first?["event"] as? [String: Any])?["details"] as? [String: Any])
                #expect(details["error"] as? String == "timed out")
                #expect((details["url"] as? String)?.hasSuffix("/hang/analysis_update") == true)
                // Past the retry timeout it is dropped, with an event; the general webhook is not called again.
                var dropped: [[String: Any]] = []
                for _ in 0..<200 where dropped.isEmpty {
                    dropped = try await Self.events(harness, type: "system.webhook.notification_dropped")
                    if dropped.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
                }
                #expect(dropped.count == 1)
                #expect(try await harness.service.store.pendingNotifications(account: nil).isEmpty)
                #expect(receiver.deliveries.filter { $0.path == "/general" }.count == 1)
            }
        }
    }

    @Test func anInactiveSubscriptionSendsNothing() async throws {
        try await WebhookReceiver.with { receiver in
            try await ServiceHarness.with(configure: try Self.configure(Self.webhooks(receiver, general: "/general"))) { harness in
                let tag = "registry.example/team/app:4"
                try await Self.subscribe(harness, tag: tag, type: "analysis_update", active: false)
                try await Self.record(harness, .analysisCompleted, tag: tag, details: ["imageDigest": "sha256:" + String(repeating: "d", count: 64)])
                // No subscription at all on another tag: nothing either.
                try await Self.record(harness, .analysisFailed, tag: "registry.example/team/other:1", details: [:])
                // Queueing happens inside `record`: nothing is queued, so nothing can be sent.
                #expect(try await harness.service.store.pendingNotifications(account: nil).isEmpty)
                try await Task.sleep(for: .milliseconds(200))
                #expect(receiver.deliveries.isEmpty)
            }
        }
    }

    @Test func pendingNotificationsSurviveARestart() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-webhook-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let tag = "registry.example/team/app:5"
        try await WebhookReceiver.with({ index, _ in .init(status: index == 0 ? 503 : 200) }) { receiver in
            // A long first backoff: the notification is still pending when the service stops.
            let yaml = Self.webhooks(receiver, backoff: 60)
            try await ServiceHarness.with(dataDirectory: data, configure: try Self.configure(yaml)) { harness in
                try await Self.subscribe(harness, tag: tag, type: "analysis_update", active: true)
                try await Self.record(harness, .analysisCompleted, tag: tag, details: ["imageDigest": "sha256:" + String(repeating: "e", count: 64)])
                try await receiver.waitFor(1)
                var pending: [QueuedNotification] = []
                for _ in 0..<100 where pending.first?.tries != 1 {
                    pending = try await harness.service.store.pendingNotifications(account: nil)
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(pending.count == 1)
                #expect(pending.first?.tries == 1)
            }
            // Make it due now, as if the backoff had passed while the service was down.
            let store = try SQLiteStore(path: data.appendingPathComponent("drydock.sqlite").path)
            var waiting = try #require(try await store.pendingNotifications(account: nil).first)
            waiting.nextAttemptAt = Date()
            try await store.saveNotification(waiting)
            try await ServiceHarness.with(dataDirectory: data, configure: try Self.configure(Self.webhooks(receiver))) { harness in
                let deliveries = try await receiver.waitFor(2)
                #expect(deliveries[1].object["dataId"] as? String == waiting.id)
                #expect(deliveries[1].object["tries"] as? Int == 1)
                for _ in 0..<100 where try await !harness.service.store.pendingNotifications(account: nil).isEmpty {
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(try await harness.service.store.pendingNotifications(account: nil).isEmpty)
            }
        }
    }

    @Test func theTestEndpointSendsATestNotification() async throws {
        try await WebhookReceiver.with({ _, delivery in .init(status: delivery.path.hasPrefix("/broken") ? 500 : 200) }) { receiver in
            let yaml = Self.webhooks(receiver, general: "/general/<notification_type>/<userId>")
                + "\npolicy_eval: {url: \"\(receiver.url("/broken"))\"}"
            try await ServiceHarness.with(configure: try Self.configure(yaml)) { harness in
                let reply = try await harness.api.call(.POST, "/v1/system/webhooks/general/test?notification_type=analysis_update")
                #expect(reply.status == 200, "\(reply.text)")
                #expect(reply.object["status_code"] as? Int == 200)
                let delivery = try #require(try await receiver.waitFor(1).first)
                #expect(delivery.path == "/general/test/admin")
                #expect(delivery.headers["authorization"] == "Bearer general-token")
                #expect(delivery.object["queueId"] as? String == "analysis_update")
                #expect((delivery.payload["curr_eval"] as? [String: Any])?["analysis_status"] as? String == "analyzed")

                let typed = try await harness.api.call(.POST, "/system/webhooks/tag_update/test")
                #expect(typed.status == 200, "\(typed.text)")
                #expect(try await receiver.waitFor(2).last?.path == "/hooks/test/admin")
                #expect(try await receiver.waitFor(2).last?.headers["authorization"]?.hasPrefix("Basic ") == true)

                let broken = try await harness.api.call(.POST, "/v1/system/webhooks/policy_eval/test")
                #expect(broken.status == 502)
                #expect((broken.object["detail"] as? [String: Any])?["status_code"] as? String == "500")
                let missing = try await harness.api.call(.POST, "/v1/system/webhooks/vuln_update/test")
                #expect(missing.status == 400)
                let badType = try await harness.api.call(.POST, "/v1/system/webhooks/general/test?notification_type=nope")
                #expect(badType.status == 400)
            }
        }
        try await ServiceHarness.with { harness in
            let reply = try await harness.api.call(.POST, "/v1/system/webhooks/general/test")
            #expect(reply.status == 400)
            #expect(reply.message == "Webhooks Configuration not found")
        }
    }
}
