public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
public import Store

/// What one POST to a webhook receiver came to.
public struct WebhookResult: Sendable, Hashable {
    /// The URL called (placeholders filled in).
    public var url: String
    /// The receiver's HTTP status; nil when it could not be reached or did not answer in time.
    public var status: Int?
    /// Why it failed, when it did.
    public var error: String?
    /// Any 2xx counts as delivered.
    public var delivered: Bool { status.map { (200..<300).contains($0) } ?? false }
}

/// POSTs notification bodies to webhook receivers. Never throws: every failure is a ``WebhookResult``.
public struct WebhookSender: Sendable {
    public let client: HTTPClient
    public let timeout: Duration

    public init(client: HTTPClient, timeout: Duration) {
        self.client = client
        self.timeout = timeout
    }

    /// Runs `body` with a sender over a fresh HTTP client, closed afterwards.
    public static func with<T: Sendable>(timeout: Duration, _ body: (WebhookSender) async -> T) async -> T {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.clientConfiguration())
        let result = await body(WebhookSender(client: client, timeout: timeout))
        try? await client.shutdown()
        return result
    }

    static func clientConfiguration() -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        return configuration
    }

    /// POSTs `body` (JSON) to the target, bounded by the timeout.
    public func send(_ body: Data, to target: WebhookTarget, account: String, notificationType: String) async -> WebhookResult {
        let url = target.resolvedURL(account: account, notificationType: notificationType)
        let shown = Self.redacted(url)
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme), parsed.host != nil else {
            return WebhookResult(url: shown, status: nil, error: "not an http(s) URL")
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "drydock-notifier")
        if let authorization = target.authorizationHeader { request.headers.add(name: "Authorization", value: authorization) }
        request.body = .bytes(ByteBuffer(bytes: body))
        if !target.verifyTLS {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            request.tlsConfiguration = tls
        }
        do {
            let response = try await client.execute(request, deadline: .now() + .nanoseconds(Int64(timeout.timeInterval * 1e9)))
            // Only the status matters; the body is not read (a receiver that stalls its body cannot hold us).
            return WebhookResult(url: shown, status: Int(response.status.code), error: nil)
        } catch {
            return WebhookResult(url: shown, status: nil, error: Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout { return "timed out" }
            return "\(error)"
        }
        return "\(error)"
    }

    /// The URL without credentials, for logs and events.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.user != nil || components.password != nil else { return url }
        components.user = nil
        components.password = nil
        return components.string ?? url
    }

    /// The webhook body: Anchore's queue envelope around a `notification_payload` (reference 5.3).
    public static func envelope(of notification: QueuedNotification, email: String? = nil) throws -> Data {
        let payload = (try? JSONSerialization.jsonObject(with: notification.payload)) ?? [String: Any]()
        let object: [String: Any] = [
            "queueId": notification.type, "userId": notification.account, "dataId": notification.id,
            "created_at": Int(notification.createdAt.timeIntervalSince1970),
            "last_updated": Int(notification.lastUpdated.timeIntervalSince1970),
            "record_state_key": "active", "record_state_val": NSNull(),
            "tries": notification.tries, "max_tries": Int(notification.expiresAt.timeIntervalSince1970),
            "data": [
                "notification_user": notification.account, "notification_user_email": email as Any? ?? NSNull(),
                "notification_type": notification.type, "notification_payload": payload,
            ] as [String: Any],
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }
}
