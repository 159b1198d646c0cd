public import Foundation
public import Logging
public import Store
import OCI

/// Turns recorded events into queued webhook notifications (reference 5.2): `user.image.analysis.completed|failed`
/// → `analysis_update`, `user.image.tag.updated` → `tag_update`, `user.checks.tag.vulnerabilities.update` → `vuln_update`,
/// `user.checks.tag.policy_evaluation.update` → `policy_eval`, each only when the account has an active
/// subscription of that type on the event's tag. It is the ``EventLog``'s observer.
public final class WebhookQueue: EventObserver {
    public let store: any DataStore
    public let settings: NotifierSettings
    let logger: Logger
    let bell = NotificationBell()
    let clock: @Sendable () -> Date

    public init(store: any DataStore, settings: NotifierSettings, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.settings = settings
        self.logger = logger
        self.clock = clock
    }

    /// The notification type an event feeds, if any.
    static func notificationType(of event: Event) -> String? {
        switch event.type {
        case EventLog.Kind.analysisCompleted.rawValue, EventLog.Kind.analysisFailed.rawValue: "analysis_update"
        case EventLog.Kind.tagUpdated.rawValue: "tag_update"
        case EventLog.Kind.vulnerabilitiesUpdated.rawValue: "vuln_update"
        case EventLog.Kind.policyEvaluationUpdated.rawValue: "policy_eval"
        default: nil
        }
    }

    public func observe(_ event: Event) async {
        guard let type = Self.notificationType(of: event), !settings.targets(for: type).isEmpty else { return }
        do {
            let subscriptions = try await store.subscriptions(account: event.account, key: event.resourceID, type: type)
            guard subscriptions.contains(where: { $0.type == type && $0.active }) else { return }
            let now = clock()
            var notification = QueuedNotification(
                account: event.account, type: type, payload: Data(), createdAt: now, expiresAt: now + settings.retryTimeout.seconds)
            let payload = try await payload(for: event, type: type, id: notification.id)
            notification.payload = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys, .withoutEscapingSlashes])
            try await store.saveNotification(notification)
            await bell.ring()
        } catch {
            logger.error(
                "cannot queue a notification", metadata: ["event": "\(event.type)", "resource": "\(event.resourceID)", "error": "\(error)"])
        }
    }

    /// The `notification_payload` (reference 5.3) of an event's notification.
    func payload(for event: Event, type: String, id: String) async throws -> [String: Any] {
        var payload: [String: Any] = [
            "userId": event.account, "subscription_key": event.resourceID, "notificationId": id, "subscription_type": type,
        ]
        switch type {
        case "analysis_update":
            let digest = event.details["imageDigest"] ?? ""
            let annotations = try await annotations(account: event.account, digest: digest)
            let status = event.type == EventLog.Kind.analysisFailed.rawValue ? "analysis_failed" : "analyzed"
            payload["annotations"] = annotations
            payload["last_eval"] = ["imageDigest": digest, "analysis_status": "analyzing", "annotations": annotations] as [String: Any]
            payload["curr_eval"] = ["imageDigest": digest, "analysis_status": status, "annotations": annotations] as [String: Any]
        case "vuln_update":
            // Reference 5.3: the image and its diff (`added`, `updated`, `removed` vulnerability summaries).
            let digest = event.details["imageDigest"] ?? ""
            let diff = (event.details["diff"].flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }) ?? [:]
            payload["imageDigest"] = digest
            payload["diff_vulnerability_result"] = diff
            payload["annotations"] = try await annotations(account: event.account, digest: digest)
        case "policy_eval":
            // Reference 5.3: the previous and the new evaluation documents (with `image_digest` and `status`).
            let digest = event.details["imageDigest"] ?? ""
            func document(_ key: String) -> Any { event.details[key].flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } ?? [:] }
            payload["last_eval"] = document("last_eval")
            payload["curr_eval"] = document("curr_eval")
            payload["annotations"] = try await annotations(account: event.account, digest: digest)
        default:
            let last = (event.details["last_eval"] ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
            let current = (event.details["curr_eval"] ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
            payload["last_eval"] = last
            payload["curr_eval"] = current
            payload["annotations"] = try await annotations(account: event.account, digest: current.last ?? "")
        }
        return payload
    }

    func annotations(account: String, digest: String) async throws -> [String: String] {
        guard let digest = Digest(digest) else { return [:] }
        return try await store.image(account: account, digest: digest)?.annotations ?? [:]
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval { timeInterval }
}

/// Wakes the notifier when something is queued; a ring with nobody waiting is kept for the next wait.
actor NotificationBell {
    private var rung = false
    private var waiter: CheckedContinuation<Void, Never>?

    func ring() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            rung = true
        }
    }

    /// Returns at the next ring (or at once if one is pending), or after `timeout`.
    func wait(timeout: Duration) async {
        if rung {
            rung = false
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForRing() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        rung = false
    }

    private func waitForRing() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                if rung || Task.isCancelled {
                    continuation.resume()
                } else {
                    waiter?.resume()
                    waiter = continuation
                }
            }
        } onCancel: {
            Task { await self.release() }
        }
    }

    private func release() {
        waiter?.resume()
        waiter = nil
    }
}
