public import Foundation

/// Where and how webhooks are delivered (the `webhooks` configuration section, resolved: per-webhook credentials
/// already fall back to the section's).
public struct NotifierSettings: Sendable, Hashable {
    /// The `general` webhook: called for every notification type.
    public var general: WebhookTarget?
    /// One webhook per notification type (`analysis_update`, `tag_update`, …).
    public var byType: [String: WebhookTarget]
    /// How long a notification is retried before it is dropped (Anchore's `notification_retry_timeout`).
    public var retryTimeout: Duration
    /// The longest one delivery may take (connect, send, response head); a hanging receiver is given up on.
    public var requestTimeout: Duration
    /// The wait before the first retry; each further retry waits twice as long, up to ``maxBackoff``.
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    /// How often the queue is looked at when nothing rings (a safety net; enqueues wake the notifier at once).
    public var pollInterval: Duration

    public init(
        general: WebhookTarget? = nil, byType: [String: WebhookTarget] = [:], retryTimeout: Duration = .seconds(300),
        requestTimeout: Duration = .seconds(10), initialBackoff: Duration = .seconds(2), maxBackoff: Duration = .seconds(60),
        pollInterval: Duration = .seconds(30)
    ) {
        self.general = general
        self.byType = byType
        self.retryTimeout = retryTimeout
        self.requestTimeout = requestTimeout
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.pollInterval = pollInterval
    }

    /// The webhooks a notification of `type` goes to, by name (`type` first, then `general`).
    public func targets(for type: String) -> [(name: String, target: WebhookTarget)] {
        var list: [(name: String, target: WebhookTarget)] = []
        if let own = byType[type] { list.append((type, own)) }
        if let general { list.append(("general", general)) }
        return list
    }

    /// The wait after the `tries`-th failed attempt.
    public func backoff(afterTries tries: Int) -> Duration {
        var wait = initialBackoff
        for _ in 1..<max(1, min(tries, 32)) {
            wait *= 2
            if wait >= maxBackoff { return maxBackoff }
        }
        return min(wait, maxBackoff)
    }
}

/// One webhook receiver.
public struct WebhookTarget: Sendable, Hashable {
    public enum Authorization: Sendable, Hashable {
        case none
        case basic(user: String, password: String)
        case bearer(token: String)
    }

    /// The URL, with `<userId>` and `<notification_type>` placeholders.
    public var url: String
    public var authorization: Authorization
    /// Whether the receiver's TLS certificate is checked.
    public var verifyTLS: Bool

    public init(url: String, authorization: Authorization = .none, verifyTLS: Bool = true) {
        self.url = url
        self.authorization = authorization
        self.verifyTLS = verifyTLS
    }

    /// The URL with its placeholders filled in.
    public func resolvedURL(account: String, notificationType: String) -> String {
        url.replacingOccurrences(of: "<userId>", with: account).replacingOccurrences(of: "<notification_type>", with: notificationType)
    }

    /// The `Authorization` header value, if any.
    public var authorizationHeader: String? {
        switch authorization {
        case .none: nil
        case .basic(let user, let password): "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        case .bearer(let token): "Bearer \(token)"
        }
    }
}
