public import Engine
import Foundation
import Yams

extension ServiceConfiguration {
    /// The `webhooks` section (Anchore's shape, reference 5.2) plus Drydock's bearer tokens and retry tuning:
    ///
    /// ```yaml
    /// webhooks:
    ///   webhook_user: u            # HTTP Basic for every webhook that sets none of its own
    ///   webhook_pass: p
    ///   webhook_token: t           # or a bearer token
    ///   ssl_verify: true
    ///   notification_retry_timeout: 300   # seconds a notification is retried before it is dropped
    ///   request_timeout: 10        # seconds one delivery may take
    ///   retry_backoff: 2           # seconds before the first retry; doubles each time, at most max_retry_backoff
    ///   max_retry_backoff: 60
    ///   general: {url: "https://hooks.example/<notification_type>/<userId>"}
    ///   analysis_update: {url: "https://hooks.example/analysis", webhook_token: secret}
    /// ```
    public struct Webhooks: Sendable, Hashable {
        /// One receiver's settings; unset credentials and `ssl_verify` fall back to the section's.
        public struct Endpoint: Sendable, Hashable {
            public var url: String?
            public var user: String?
            public var password: String?
            public var token: String?
            public var sslVerify: Bool?
            public init(url: String? = nil, user: String? = nil, password: String? = nil, token: String? = nil, sslVerify: Bool? = nil) {
                self.url = url
                self.user = user
                self.password = password
                self.token = token
                self.sslVerify = sslVerify
            }
        }

        public var user: String?
        public var password: String?
        public var token: String?
        public var sslVerify = true
        /// Seconds a notification is retried before it is dropped. Anchore's default is 30; ours is 300, so a
        /// receiver restarting for a few minutes loses nothing.
        public var retryTimeoutSeconds: Double = 300
        public var requestTimeoutSeconds: Double = 10
        public var retryBackoffSeconds: Double = 2
        public var maxRetryBackoffSeconds: Double = 60
        public var general: Endpoint?
        /// Per notification type (`analysis_update`, `tag_update`, `vuln_update`, `policy_eval`, `repo_update`, `event_log`).
        public var byType: [String: Endpoint] = [:]

        public init() {}

        /// The notification types a section may name, besides `general`.
        public static let notificationTypes = ["tag_update", "analysis_update", "vuln_update", "policy_eval", "repo_update", "event_log"]
        static let settingKeys = [
            "webhook_user", "webhook_pass", "webhook_token", "ssl_verify", "notification_retry_timeout", "request_timeout",
            "retry_backoff", "max_retry_backoff",
        ]
        static let endpointKeys = ["url", "webhook_user", "webhook_pass", "webhook_token", "ssl_verify"]

        /// The settings the notifier runs with: endpoints without a URL are left out.
        public var notifierSettings: NotifierSettings {
            NotifierSettings(
                general: general.flatMap(target), byType: byType.compactMapValues(target),
                retryTimeout: .milliseconds(Int64(retryTimeoutSeconds * 1000)),
                requestTimeout: .milliseconds(Int64(requestTimeoutSeconds * 1000)),
                initialBackoff: .milliseconds(Int64(retryBackoffSeconds * 1000)),
                maxBackoff: .milliseconds(Int64(max(retryBackoffSeconds, maxRetryBackoffSeconds) * 1000)))
        }

        /// The resolved receiver: a bearer token wins over Basic credentials, the endpoint's over the section's.
        func target(_ endpoint: Endpoint) -> WebhookTarget? {
            guard let url = endpoint.url, !url.isEmpty else { return nil }
            let authorization: WebhookTarget.Authorization
            if let token = endpoint.token {
                authorization = .bearer(token: token)
            } else if endpoint.user != nil || endpoint.password != nil {
                authorization = .basic(user: endpoint.user ?? "", password: endpoint.password ?? "")
            } else if let token {
                authorization = .bearer(token: token)
            } else if user != nil || password != nil {
                authorization = .basic(user: user ?? "", password: password ?? "")
            } else {
                authorization = .none
            }
            return WebhookTarget(url: url, authorization: authorization, verifyTLS: endpoint.sslVerify ?? sslVerify)
        }

        /// Parses the section: a mapping, or (from the environment) its YAML/JSON text. Errors name the key.
        public init(value: Any, source: String) throws(ConfigurationError) {
            var node = value
            if let text = value as? String {
                do {
                    node = try Yams.load(yaml: text) as Any
                } catch {
                    throw ConfigurationError("\(source): webhooks is not valid YAML: \(error)")
                }
            }
            guard let mapping = node as? [String: Any] else {
                throw ConfigurationError("\(source): webhooks must be a mapping (webhook_user, general, analysis_update, …)")
            }
            for (key, value) in mapping {
                let name = "webhooks.\(key)"
                if key == "general" || Self.notificationTypes.contains(key) {
                    let endpoint = try Self.endpoint(value, name: name, source: source)
                    if key == "general" { general = endpoint } else { byType[key] = endpoint }
                    continue
                }
                switch key {
                case "webhook_user": user = Self.text(value)
                case "webhook_pass": password = Self.text(value)
                case "webhook_token": token = Self.text(value)
                case "ssl_verify": sslVerify = try Self.bool(value, name: name, source: source) ?? true
                case "notification_retry_timeout": retryTimeoutSeconds = try Self.seconds(value, name: name, source: source, default: 300)
                case "request_timeout": requestTimeoutSeconds = try Self.seconds(value, name: name, source: source, default: 10)
                case "retry_backoff": retryBackoffSeconds = try Self.seconds(value, name: name, source: source, default: 2)
                case "max_retry_backoff": maxRetryBackoffSeconds = try Self.seconds(value, name: name, source: source, default: 60)
                default:
                    let known = (Self.settingKeys + ["general"] + Self.notificationTypes).joined(separator: ", ")
                    throw ConfigurationError("\(source): unknown setting \"\(name)\" (known: \(known))")
                }
            }
        }

        static func endpoint(_ value: Any, name: String, source: String) throws(ConfigurationError) -> Endpoint? {
            if value is NSNull { return nil }
            guard let mapping = value as? [String: Any] else {
                throw ConfigurationError("\(source): \(name) must be a mapping (url, webhook_user, webhook_pass, webhook_token, ssl_verify)")
            }
            var endpoint = Endpoint()
            for (key, value) in mapping {
                switch key {
                case "url":
                    guard let url = text(value) else { continue }
                    guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil
                    else {
                        throw ConfigurationError("\(source): \(name).url must be an http(s) URL, got \"\(url)\"")
                    }
                    endpoint.url = url
                case "webhook_user": endpoint.user = text(value)
                case "webhook_pass": endpoint.password = text(value)
                case "webhook_token": endpoint.token = text(value)
                case "ssl_verify": endpoint.sslVerify = try bool(value, name: "\(name).ssl_verify", source: source)
                default:
                    throw ConfigurationError(
                        "\(source): unknown setting \"\(name).\(key)\" (known: \(endpointKeys.joined(separator: ", ")))")
                }
            }
            return endpoint
        }

        /// A string value; YAML null is nil.
        static func text(_ value: Any) -> String? {
            value is NSNull ? nil : "\(value)"
        }

        static func bool(_ value: Any, name: String, source: String) throws(ConfigurationError) -> Bool? {
            if value is NSNull { return nil }
            if let flag = value as? Bool { return flag }
            switch "\(value)".lowercased() {
            case "true", "yes", "on", "1": return true
            case "false", "no", "off", "0": return false
            default: throw ConfigurationError("\(source): \(name) must be true or false, got \"\(value)\"")
            }
        }

        static func seconds(_ value: Any, name: String, source: String, default fallback: Double) throws(ConfigurationError) -> Double {
            if value is NSNull { return fallback }
            let number: Double? = switch value {
            case let integer as Int: Double(integer)
            case let double as Double: double
            default: Double("\(value)".trimmingCharacters(in: .whitespaces))
            }
            guard let number, number > 0, number <= 86_400 * 30 else {
                throw ConfigurationError("\(source): \(name) must be a positive number of seconds, got \"\(value)\"")
            }
            return number
        }
    }
}
