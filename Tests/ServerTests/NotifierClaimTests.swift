import Engine
import Foundation
import Logging
import Store
import Testing

/// Two notifiers on one queue (the notifier role handing over between processes): each notification reaches its
/// receiver once.
@Suite struct NotifierClaimTests {
    @Test func twoNotifiersOnOneQueueDeliverEachNotificationOnce() async throws {
        try await WebhookReceiver.with { receiver in
            let store = MemoryStore()
            let logger = Logger(label: "test")
            let settings = NotifierSettings(general: WebhookTarget(url: receiver.url("/hook/<notification_type>")), requestTimeout: .seconds(5))
            let queue = WebhookQueue(store: store, settings: settings, logger: logger)
            let now = Date()
            for n in 0..<40 {
                try await store.saveNotification(QueuedNotification(
                    id: "n\(n)", account: "admin", type: "tag_update", payload: Data(#"{"n": \#(n)}"#.utf8), createdAt: now - 1,
                    expiresAt: now + 300))
            }
            let events = EventLog(store: store, logger: logger)
            let first = Notifier(queue: queue, events: events, logger: logger, concurrency: 4)
            let second = Notifier(queue: queue, events: events, logger: logger, concurrency: 4)
            await WebhookSender.with(timeout: .seconds(5)) { sender in
                async let a: Void = first.deliverDue(queue: queue, sender: sender)
                async let b: Void = second.deliverDue(queue: queue, sender: sender)
                _ = await (a, b)
            }
            let delivered = receiver.deliveries.compactMap { $0.payload["n"] as? Int }
            #expect(delivered.count == 40, "\(delivered.sorted())")
            #expect(Set(delivered).count == 40)
            #expect(try await store.pendingNotifications(account: nil).isEmpty)
        }
    }
}
