import Engine
import Foundation
import Hummingbird
import Store

extension AnchoreAPI {
    func registerWebhooks(on group: RouterGroup<DrydockContext>) {
        group.post("system/webhooks/:type/test", use: testWebhook)
    }

    /// `POST /system/webhooks/{general|<notification_type>}/test?notification_type=` (admin account only): sends a
    /// test notification to that webhook now and answers 200 with the receiver's status when it accepted it (2xx),
    /// else 502 with the receiver's status (or the connection error) in `detail`.
    @Sendable func testWebhook(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let identity = context.identity else { throw UnauthorizedError() }
        guard identity.account.type == .admin else { throw APIError(.forbidden, "Only the admin account can test webhooks") }
        let webhookType = try context.parameters.decoded("type")
        let notificationType = request.query("notification_type") ?? "tag_update"
        guard let settings = (catalog.events?.observer as? WebhookQueue)?.settings else {
            throw APIError.badRequest("Webhooks Configuration not found")
        }
        guard ServiceConfiguration.Webhooks.notificationTypes.contains(notificationType) else {
            throw APIError.badRequest(
                "unknown notification_type \"\(notificationType)\" (\(ServiceConfiguration.Webhooks.notificationTypes.joined(separator: ", ")))")
        }
        let target = webhookType == "general" ? settings.general : settings.byType[webhookType]
        guard let target else { throw APIError.badRequest("No Webhook Configuration found for type=\(webhookType)") }
        let account = identity.namespace
        let now = Date()
        var notification = QueuedNotification(
            account: account, type: notificationType, payload: Data(), createdAt: now, expiresAt: now + 30)
        notification.payload = try JSONSerialization.data(
            withJSONObject: Self.testPayload(notificationType, account: account, id: notification.id), options: [.sortedKeys])
        let body = try WebhookSender.envelope(of: notification)
        let result = await WebhookSender.with(timeout: settings.requestTimeout) { sender in
            await sender.send(body, to: target, account: account, notificationType: "test")
        }
        var detail = ["url": result.url, "webhook_type": webhookType, "notification_type": notificationType]
        if let status = result.status { detail["status_code"] = "\(status)" }
        guard result.delivered, let status = result.status else {
            let reason = result.status.map { "answered HTTP \($0)" } ?? (result.error ?? "failed")
            throw APIError(.badGateway, "the webhook \(result.url) \(reason)", detail: detail)
        }
        return try jsonResponse(object: [
            "url": result.url, "status_code": status, "webhook_type": webhookType, "notification_type": notificationType,
            "notificationId": notification.id,
        ])
    }

    /// Anchore's `Test*NotificationPayload`: the type's payload with placeholder values.
    static func testPayload(_ type: String, account: String, id: String) -> [String: Any] {
        let tag = "docker.io/drydock/test:latest"
        let digest = "sha256:" + String(repeating: "0", count: 64)
        let previous = "sha256:" + String(repeating: "1", count: 64)
        var payload: [String: Any] = [
            "userId": account, "notificationId": id, "subscription_key": tag, "subscription_type": type, "annotations": [String: String](),
        ]
        switch type {
        case "analysis_update":
            payload["last_eval"] = ["imageDigest": digest, "analysis_status": "analyzing", "annotations": [String: String]()] as [String: Any]
            payload["curr_eval"] = ["imageDigest": digest, "analysis_status": "analyzed", "annotations": [String: String]()] as [String: Any]
        case "vuln_update":
            payload["imageDigest"] = digest
            payload["diff_vulnerability_result"] = ["added": [Any](), "updated": [Any](), "removed": [Any]()]
        case "policy_eval":
            payload["last_eval"] = ["image_digest": digest, "status": "pass"]
            payload["curr_eval"] = ["image_digest": digest, "status": "fail"]
        case "repo_update":
            payload["subscription_key"] = "docker.io/drydock/test"
        case "event_log":
            payload["subscription_key"] = nil
            payload["event"] = ["type": "user.image.analysis.completed", "level": "info", "message": "test event"]
        default:
            payload["last_eval"] = [previous]
            payload["curr_eval"] = [digest]
        }
        return payload
    }
}
