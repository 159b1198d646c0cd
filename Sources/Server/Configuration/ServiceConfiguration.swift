public import Engine
public import Foundation
import Yams

/// How `drydock serve` runs. Read from defaults, then the YAML file, then `DRYDOCK_*` environment variables,
/// then command-line flags: each later source overrides the earlier ones.
public struct ServiceConfiguration: Sendable, Hashable {
    /// The address to bind, `127.0.0.1` by default.
    public var host = "127.0.0.1"
    /// The port, 8228 by default (Anchore's).
    public var port = 8228
    /// Where the database and the layer cache live (`~/.drydock` by default).
    public var dataDirectory: String
    /// How many analyses run at once.
    public var workers = 2
    /// Refuse images whose compressed size is over this many MB; -1 disables the check.
    public var maxCompressedImageSizeMB = -1
    /// The admin user's password on first start; generated (and printed once) when unset.
    public var adminPassword: String?
    /// `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`.
    public var logLevel = "info"
    /// The largest request body accepted, in bytes.
    public var maxRequestBytes = 16 << 20
    /// Registries to reach over plain HTTP (loopback registries always are).
    public var insecureRegistries: [String] = []
    /// Base64 of the 32-byte AES key that seals stored registry passwords; when unset, a key is generated on first
    /// start and kept in `<data>/secret.key`.
    public var encryptionKey: String?
    /// How often active `tag_update` subscriptions are checked, in seconds.
    public var tagWatchIntervalSeconds = 3600
    /// Webhook receivers for notifications (see `WebhookConfiguration.swift`); nil when none are configured.
    public var webhooks: Webhooks?
    /// How often watched repositories are listed for new tags, in seconds.
    public var repoWatchIntervalSeconds = 60
    /// The vulnerability feeds to sync (`name`, `driver`, `url`); the upstream defaults when the file names none,
    /// nothing with `feeds: []`.
    public var feeds: [FeedSourceConfiguration] = FeedSourceConfiguration.defaults
    /// How often the feeds are synced, in seconds (Anchore's default: 6 hours); 0 turns the schedule off.
    public var feedSyncIntervalSeconds = 21600
    /// A web UI session ends after this many seconds without a request (it ends after 12 hours in any case).
    public var uiSessionTTLSeconds = 3600
    /// Whether the session cookie is marked `Secure`: `auto` (when the request came over HTTPS, directly or as
    /// `X-Forwarded-Proto: https` from a proxy), `always` or `never`.
    public var uiSecureCookie = "auto"
    /// Serve the web UI's files from this folder instead of the ones built in (for working on the UI).
    public var uiDirectory: String?
    /// A PostgreSQL database (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]`) instead of the embedded
    /// SQLite one in the data directory.
    public var database: String?
    /// The most connections this process opens to the PostgreSQL database.
    public var databaseMaxConnections = 20
    /// What this process does; every role by default. On a shared database, processes split the roles.
    public var roles = Set(ServiceRole.allCases)
    /// How long an analysis's claim lasts before another process may take the image over (renewed while it runs).
    public var analysisLeaseSeconds = 300

    public init(dataDirectory: String? = nil) {
        self.dataDirectory = dataDirectory ?? Self.defaultDataDirectory
    }

    /// Where the records are kept, for the start-up line: the SQLite file, or the PostgreSQL server and database
    /// (never the password).
    public var databaseDescription: String {
        guard let database, let parts = URLComponents(string: database) else {
            return URL(fileURLWithPath: dataDirectory).appendingPathComponent("drydock.sqlite").path
        }
        return "postgres://\(parts.user.map { $0 + "@" } ?? "")\(parts.host ?? "?"):\(parts.port ?? 5432)\(parts.path)"
    }

    public static var defaultDataDirectory: String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".drydock").path
    }

    /// Applies a YAML document (keys as in the README: `host`, `port`, `data`, `workers`,
    /// `max_compressed_image_size_mb`, `admin_password`, `log_level`, `max_request_bytes`, `insecure_registries`).
    public mutating func apply(yaml text: String, source: String) throws(ConfigurationError) {
        let node: Any?
        do {
            node = try Yams.load(yaml: text)
        } catch {
            throw ConfigurationError("\(source): not valid YAML: \(error)")
        }
        guard let node else { return }
        guard let values = node as? [String: Any] else { throw ConfigurationError("\(source): the top level must be a mapping") }
        for (key, value) in values {
            try apply(key: key, value: value, source: source)
        }
    }

    /// Applies `DRYDOCK_HOST`, `DRYDOCK_PORT`, `DRYDOCK_DATA`, `DRYDOCK_WORKERS`,
    /// `DRYDOCK_MAX_COMPRESSED_IMAGE_SIZE_MB`, `DRYDOCK_ADMIN_PASSWORD`, `DRYDOCK_LOG_LEVEL`,
    /// `DRYDOCK_MAX_REQUEST_BYTES` and `DRYDOCK_INSECURE_REGISTRIES` (comma-separated).
    public mutating func apply(environment: [String: String]) throws(ConfigurationError) {
        for key in Self.keys {
            if let value = environment["DRYDOCK_" + key.uppercased()] {
                try apply(key: key, value: value, source: "DRYDOCK_" + key.uppercased())
            }
        }
    }

    static let keys = [
        "host", "port", "data", "workers", "max_compressed_image_size_mb", "admin_password", "log_level",
        "max_request_bytes", "insecure_registries", "tag_watch_interval_seconds", "repo_watch_interval_seconds",
        "encryption_key", "webhooks", "feeds", "feed_sync_interval_seconds", "ui_session_ttl_seconds", "ui_secure_cookie",
        "ui_dir", "database", "database_max_connections", "roles", "analysis_lease_seconds",
    ]

    /// Applies one setting, named as in the YAML file.
    public mutating func apply(key: String, value: Any, source: String) throws(ConfigurationError) {
        func text() -> String { "\(value)" }
        func integer() throws(ConfigurationError) -> Int {
            if let number = value as? Int { return number }
            guard let number = Int(text().trimmingCharacters(in: .whitespaces)) else {
                throw ConfigurationError("\(source): \(key) must be an integer, got \"\(value)\"")
            }
            return number
        }
        switch key {
        case "host": host = text()
        case "port":
            port = try integer()
            guard (0...65535).contains(port) else { throw ConfigurationError("\(source): port \(port) is out of range") }
        case "data": dataDirectory = text()
        case "workers":
            workers = try integer()
            guard workers >= 0 else { throw ConfigurationError("\(source): workers must not be negative (0: this process only queues images; another analyzes them)") }
        case "max_compressed_image_size_mb": maxCompressedImageSizeMB = try integer()
        case "admin_password": adminPassword = text()
        case "log_level":
            guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(text()) else {
                throw ConfigurationError("\(source): unknown log_level \"\(value)\"")
            }
            logLevel = text()
        case "max_request_bytes":
            maxRequestBytes = try integer()
            guard maxRequestBytes >= 1024 else { throw ConfigurationError("\(source): max_request_bytes must be at least 1024") }
        case "insecure_registries":
            if let list = value as? [Any] {
                insecureRegistries = list.map { "\($0)" }
            } else {
                insecureRegistries = text().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
        case "repo_watch_interval_seconds":
            repoWatchIntervalSeconds = try integer()
            guard repoWatchIntervalSeconds >= 1 else { throw ConfigurationError("\(source): repo_watch_interval_seconds must be at least 1") }
        case "tag_watch_interval_seconds":
            tagWatchIntervalSeconds = try integer()
            guard tagWatchIntervalSeconds >= 1 else { throw ConfigurationError("\(source): tag_watch_interval_seconds must be at least 1") }
        case "encryption_key":
            let key = text().trimmingCharacters(in: .whitespacesAndNewlines)
            guard Data(base64Encoded: key)?.count == 32 else {
                throw ConfigurationError("\(source): encryption_key must be base64 of 32 bytes (e.g. `openssl rand -base64 32`)")
            }
            encryptionKey = key
        case "webhooks": webhooks = value is NSNull ? nil : try Webhooks(value: value, source: source)
        case "feeds": feeds = try Self.feeds(value, source: source)
        case "feed_sync_interval_seconds":
            feedSyncIntervalSeconds = try integer()
            guard feedSyncIntervalSeconds >= 0 else { throw ConfigurationError("\(source): feed_sync_interval_seconds must not be negative") }
        case "ui_session_ttl_seconds":
            uiSessionTTLSeconds = try integer()
            guard uiSessionTTLSeconds >= 1 else { throw ConfigurationError("\(source): ui_session_ttl_seconds must be at least 1") }
        case "ui_secure_cookie":
            guard ["auto", "always", "never"].contains(text()) else {
                throw ConfigurationError("\(source): ui_secure_cookie must be auto, always or never, got \"\(value)\"")
            }
            uiSecureCookie = text()
        case "ui_dir": uiDirectory = text()
        case "database":
            let url = text().trimmingCharacters(in: .whitespaces)
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ConfigurationError("\(source): database must be a postgres:// URL (postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE)")
            }
            database = url
        case "roles":
            let names = (value as? [Any])?.map { "\($0)" } ?? text().split(separator: ",").map(String.init)
            var roles = Set<ServiceRole>()
            for name in names.map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let role = ServiceRole(rawValue: name) else {
                    throw ConfigurationError("\(source): unknown role \"\(name)\" (roles: \(ServiceRole.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                roles.insert(role)
            }
            guard !roles.isEmpty else { throw ConfigurationError("\(source): roles must name at least one role") }
            self.roles = roles
        case "analysis_lease_seconds":
            analysisLeaseSeconds = try integer()
            guard analysisLeaseSeconds >= 5 else { throw ConfigurationError("\(source): analysis_lease_seconds must be at least 5") }
        case "database_max_connections":
            databaseMaxConnections = try integer()
            guard databaseMaxConnections >= 1 else { throw ConfigurationError("\(source): database_max_connections must be at least 1") }
        default:
            throw ConfigurationError("\(source): unknown setting \"\(key)\" (known: \(Self.keys.joined(separator: ", ")))")
        }
    }
}

extension ServiceConfiguration {
    /// `feeds:` — a list of `{name, driver, url}`; from the environment, the same list as YAML/JSON text, or
    /// `none` for no feeds.
    static func feeds(_ value: Any, source: String) throws(ConfigurationError) -> [FeedSourceConfiguration] {
        var list = value
        if let text = value as? String {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed == "none" { return [] }
            do {
                list = try Yams.load(yaml: trimmed) ?? []
            } catch {
                throw ConfigurationError("\(source): feeds must be a YAML list of {name, driver, url}: \(error)")
            }
        }
        if list is NSNull { return [] }
        guard let entries = list as? [Any] else { throw ConfigurationError("\(source): feeds must be a list of {name, driver, url}") }
        var result: [FeedSourceConfiguration] = []
        for (i, entry) in entries.enumerated() {
            guard let map = entry as? [String: Any] else { throw ConfigurationError("\(source): feeds[\(i)] must be a mapping") }
            let unknown = Set(map.keys).subtracting(["name", "driver", "url"])
            guard unknown.isEmpty else {
                throw ConfigurationError("\(source): feeds[\(i)]: unknown setting \(unknown.sorted().joined(separator: ", ")) (known: name, driver, url)")
            }
            guard let name = map["name"].map({ "\($0)" }), !name.isEmpty,
                  name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw ConfigurationError("\(source): feeds[\(i)] needs a name of letters, digits, -, _ and .")
            }
            guard let driverName = map["driver"].map({ "\($0)" }), let driver = FeedDriver(rawValue: driverName) else {
                let known = FeedDriver.allCases.map(\.rawValue).joined(separator: " | ")
                throw ConfigurationError("\(source): feeds[\(i)] (\(name)): driver must be one of \(known)")
            }
            guard let text = map["url"].map({ "\($0)" }), let url = URL(string: text),
                  let scheme = url.scheme?.lowercased(), ["https", "http", "file"].contains(scheme) else {
                throw ConfigurationError("\(source): feeds[\(i)] (\(name)): url must be https://…, http://… or file://…")
            }
            guard !result.contains(where: { $0.name == name }) else {
                throw ConfigurationError("\(source): feeds: the name \(name) is used twice")
            }
            result.append(FeedSourceConfiguration(name: name, driver: driver, url: url))
        }
        return result
    }
}

/// A configuration that cannot be used, and why.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What a `drydock serve` process does. One process does everything by default; processes sharing a PostgreSQL
/// database split the roles (the `watcher`, `feeds` and `notifier` roles belong on one process each).
public enum ServiceRole: String, CaseIterable, Sendable, Hashable, Comparable {
    /// The REST API and the web UI.
    case api
    /// Claims queued images and analyzes them.
    case analyzer
    /// Checks watched tags and repositories.
    case watcher
    /// Syncs the vulnerability feeds (and re-matches stored images).
    case feeds
    /// Delivers webhook notifications.
    case notifier

    /// Whether one process at a time runs it, elected among those that have it.
    public var isElected: Bool { self == .watcher || self == .feeds || self == .notifier }

    /// The Anchore service that does the same, as `/system/services` names it.
    public var anchoreServiceName: String {
        switch self {
        case .api: "apiext"
        case .analyzer: "analyzer"
        case .watcher: "catalog"
        case .notifier: "simplequeue"
        case .feeds: "policy_engine"
        }
    }

    public static func < (a: ServiceRole, b: ServiceRole) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
