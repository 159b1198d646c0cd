import AsyncHTTPClient
public import Foundation
public import Logging
public import ServiceLifecycle
public import Store

/// Delivers queued webhook notifications (reference 5.2): each goes to its type's webhook and the `general` one;
/// any 2xx is delivered, anything else is retried with exponential backoff until the retry timeout has passed,
/// then dropped. Failures and drops are recorded as events. The queue lives in the store, so a restart resumes.
public struct Notifier: Service {
    /// The queue the event log feeds; nil when no webhooks are configured (the notifier then idles).
    public let queue: WebhookQueue?
    public let events: EventLog
    public let logger: Logger
    /// How many deliveries run at once (a hanging receiver holds one slot until its timeout).
    public var concurrency: Int

    public init(queue: WebhookQueue?, events: EventLog, logger: Logger, concurrency: Int = 8) {
        self.queue = queue
        self.events = events
        self.logger = logger
        self.concurrency = max(1, concurrency)
    }

    public func run() async throws {
        guard let queue else {
            try? await gracefulShutdown()
            return
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: WebhookSender.clientConfiguration())
        let sender = WebhookSender(client: client, timeout: queue.settings.requestTimeout)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await deliverDue(queue: queue, sender: sender)
                let next = (try? await queue.store.nextNotificationDue()) ?? nil
                let idle = queue.settings.pollInterval
                let wait = next.map { max(Duration.milliseconds(10), min(idle, .milliseconds(Int64($0.timeIntervalSinceNow * 1000)))) } ?? idle
                await queue.bell.wait(timeout: wait)
            }
        }
        try? await client.shutdown()
    }

    /// One pass: every due notification is attempted, `concurrency` at a time.
    public func deliverDue(queue: WebhookQueue, sender: WebhookSender) async {
        let due: [QueuedNotification]
        do {
            due = try await queue.store.dueNotifications(now: queue.clock(), limit: 256)
        } catch {
            logger.error("cannot read the notification queue", metadata: ["error": "\(error)"])
            return
        }
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for notification in due {
                if running >= concurrency {
                    await group.next()
                    running -= 1
                }
                group.addTask { await self.attempt(notification, queue: queue, sender: sender) }
                running += 1
            }
        }
    }

    /// Sends one notification to the webhooks that have not accepted it yet; then deletes, reschedules or drops it.
    func attempt(_ notification: QueuedNotification, queue: WebhookQueue, sender: WebhookSender) async {
        // The attempt is this notifier's alone: another one (a second process during a handover of the notifier
        // role) finds it claimed and skips it; if this one dies, the notification is due again when the claim ends.
        let now = queue.clock()
        do {
            guard try await queue.store.claimNotification(id: notification.id, now: now, until: now + sender.timeout.seconds + 30) else { return }
        } catch {
            logger.error("cannot claim a notification", metadata: ["id": "\(notification.id)", "error": "\(error)"])
            return
        }
        let targets = queue.settings.targets(for: notification.type).filter { !notification.deliveredTargets.contains($0.name) }
        let body: Data
        do {
            body = try WebhookSender.envelope(of: notification)
        } catch {
            logger.error("cannot encode a notification; dropping it", metadata: ["id": "\(notification.id)", "error": "\(error)"])
            _ = try? await queue.store.deleteNotification(id: notification.id)
            return
        }
        let results = await withTaskGroup(of: (String, WebhookResult).self) { group in
            for (name, target) in targets {
                group.addTask {
                    (name, await sender.send(body, to: target, account: notification.account, notificationType: notification.type))
                }
            }
            var all: [(String, WebhookResult)] = []
            for await result in group { all.append(result) }
            return all
        }
        var updated = notification
        updated.tries += 1
        updated.lastUpdated = queue.clock()
        var failures: [WebhookResult] = []
        for (name, result) in results {
            if result.delivered {
                updated.deliveredTargets.append(name)
            } else {
                failures.append(result)
                await events.record(
                    .webhookDeliveryFailed, account: notification.account, resource: result.url,
                    details: Self.details(notification, result, tries: updated.tries))
            }
        }
        do {
            if failures.isEmpty {
                try await queue.store.deleteNotification(id: notification.id)
                logger.debug("notification delivered", metadata: ["id": "\(notification.id)", "type": "\(notification.type)"])
                return
            }
            let now = queue.clock()
            updated.lastError = failures.map { "\($0.url): \($0.status.map { "HTTP \($0)" } ?? $0.error ?? "failed")" }.joined(separator: "; ")
            if now >= notification.expiresAt {
                try await queue.store.deleteNotification(id: notification.id)
                for failure in failures {
                    await events.record(
                        .webhookDropped, account: notification.account, resource: failure.url,
                        details: Self.details(notification, failure, tries: updated.tries))
                }
                return
            }
            updated.nextAttemptAt = min(now + queue.settings.backoff(afterTries: updated.tries).seconds, notification.expiresAt)
            try await queue.store.saveNotification(updated)
        } catch {
            logger.error("cannot update the notification queue", metadata: ["id": "\(notification.id)", "error": "\(error)"])
        }
    }

    static func details(_ notification: QueuedNotification, _ result: WebhookResult, tries: Int) -> [String: String] {
        var details = [
            "notificationId": notification.id, "notification_type": notification.type, "url": result.url, "tries": "\(tries)",
        ]
        if let status = result.status { details["http_status"] = "\(status)" }
        if let error = result.error { details["error"] = error }
        return details
    }
}
