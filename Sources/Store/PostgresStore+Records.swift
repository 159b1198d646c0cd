public import Foundation
public import OCI
import PostgresNIO

extension PostgresStore: SubscriptionStore {
    public func subscriptions(account: String, key: String?, type: String?) async throws(StoreError) -> [Subscription] {
        var sql = SQLBuilder("SELECT * FROM subscriptions WHERE ")
        try sql.add("account = ", account)
        if let key { try sql.add(" AND subscription_key = ", key) }
        if let type { try sql.add(" AND subscription_type = ", type) }
        sql.text += " ORDER BY created_at, subscription_key, subscription_type"
        return try await rows(sql.query).map(Subscription.init(postgres:))
    }

    public func subscription(account: String, id: String) async throws(StoreError) -> Subscription? {
        try await rows("SELECT * FROM subscriptions WHERE account = \(account) AND id = \(id)").first.map(Subscription.init(postgres:))
    }

    public func save(_ subscription: Subscription) async throws(StoreError) { try await save([subscription]) }

    public func save(_ subscriptions: [Subscription]) async throws(StoreError) {
        guard !subscriptions.isEmpty else { return }
        let logger = logger
        try await transaction { connection in
            for s in subscriptions {
                try await connection.rows("""
                    INSERT INTO subscriptions (account, id, subscription_type, subscription_key, subscription_value, active, created_at, last_updated)
                    VALUES (\(s.account), \(s.id), \(s.type), \(s.key), \(s.value), \(s.active), \(s.createdAt.timeIntervalSince1970),
                        \(s.lastUpdated.timeIntervalSince1970))
                    ON CONFLICT (account, id) DO UPDATE SET subscription_value = excluded.subscription_value,
                        active = excluded.active, last_updated = excluded.last_updated
                    """, logger: logger)
            }
        }
    }

    public func deleteSubscription(account: String, id: String) async throws(StoreError) {
        try await rows("DELETE FROM subscriptions WHERE account = \(account) AND id = \(id)")
    }
}

extension PostgresStore: ArtifactStore {
    public func artifact(account: String, digest: Digest, kind: String) async throws(StoreError) -> Data? {
        try await blob("SELECT data FROM artifacts WHERE account = \(account) AND digest = \(digest.description) AND kind = \(kind)")
    }

    public func putArtifact(account: String, digest: Digest, kind: String, data: Data) async throws(StoreError) {
        let logger = logger
        try await transaction { connection in
            try await Self.putArtifact(account: account, digest: digest.description, kind: kind, data: data, connection, logger)
        }
    }

    public func artifacts(account: String, digests: [Digest], kind: String) async throws(StoreError) -> [Digest: Data] {
        guard !digests.isEmpty else { return [:] }
        let keys = digests.map(\.description)
        var result: [Digest: Data] = [:]
        for row in try await rows("SELECT digest, data FROM artifacts WHERE account = \(account) AND kind = \(kind) AND digest = ANY(\(keys))") {
            let (digest, data) = try decodeRow("artifact") { (try row.value("digest", as: String.self), try row.value("data", as: Data.self)) }
            if let digest = Digest(digest) { result[digest] = data }
        }
        return result
    }

    static func putArtifact(account: String, digest: String, kind: String, data: Data, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.rows("""
            INSERT INTO artifacts (account, digest, kind, data) VALUES (\(account), \(digest), \(kind), \(data))
            ON CONFLICT (account, digest, kind) DO UPDATE SET data = excluded.data
            """, logger: logger)
    }
}

extension PostgresStore: RegistryCredentialStore {
    public func registries(account: String) async throws(StoreError) -> [RegistryRecord] {
        try await rows("SELECT * FROM registries WHERE account = \(account) ORDER BY registry").map(RegistryRecord.init(postgres:))
    }

    public func registry(account: String, registry: String) async throws(StoreError) -> RegistryRecord? {
        try await rows("SELECT * FROM registries WHERE account = \(account) AND registry = \(registry)").first.map(RegistryRecord.init(postgres:))
    }

    public func save(_ record: RegistryRecord) async throws(StoreError) {
        try await rows("""
            INSERT INTO registries (account, registry, name, registry_type, username, password, verify_tls, insecure, created_at, last_updated)
            VALUES (\(record.account), \(record.registry), \(record.name), \(record.type), \(record.username), \(record.encryptedPassword),
                \(record.verifyTLS), \(record.insecure), \(record.createdAt.timeIntervalSince1970), \(record.lastUpdated.timeIntervalSince1970))
            ON CONFLICT (account, registry) DO UPDATE SET name = excluded.name,
                registry_type = excluded.registry_type, username = excluded.username, password = excluded.password,
                verify_tls = excluded.verify_tls, insecure = excluded.insecure, last_updated = excluded.last_updated
            """)
    }

    @discardableResult
    public func deleteRegistry(account: String, registry: String) async throws(StoreError) -> Bool {
        try await !rows("DELETE FROM registries WHERE account = \(account) AND registry = \(registry) RETURNING registry").isEmpty
    }
}

extension PostgresStore: EventStore {
    public func insert(_ event: Event) async throws(StoreError) {
        let details = String(decoding: (try? JSONEncoder().encode(event.details)) ?? Data("{}".utf8), as: UTF8.self)
        try await rows("""
            INSERT INTO events (account, id, event_type, level, message, resource_id, resource_type, source_service, source_host,
                details, event_timestamp, created_at)
            VALUES (\(event.account), \(event.id), \(event.type), \(event.level.rawValue), \(event.message), \(event.resourceID),
                \(event.resourceType), \(event.sourceService), \(event.sourceHost), \(details), \(event.timestamp.timeIntervalSince1970),
                \(event.createdAt.timeIntervalSince1970))
            """)
    }

    public func events(account: String, filter: EventFilter, page: Int, limit: Int) async throws(StoreError) -> (events: [Event], more: Bool) {
        var sql = try Self.condition("SELECT * FROM events WHERE ", account: account, filter: filter)
        try sql.add(" ORDER BY created_at DESC, id LIMIT ", limit + 1)
        try sql.add(" OFFSET ", max(0, page - 1) * limit)
        let found = try await rows(sql.query)
        return (try found.prefix(limit).map(Event.init(postgres:)), found.count > limit)
    }

    public func event(account: String, id: String) async throws(StoreError) -> Event? {
        try await rows("SELECT * FROM events WHERE account = \(account) AND id = \(id)").first.map(Event.init(postgres:))
    }

    public func deleteEvents(account: String, filter: EventFilter) async throws(StoreError) -> [String] {
        var sql = try Self.condition("DELETE FROM events WHERE ", account: account, filter: filter)
        sql.text += " RETURNING id"
        return try await rows(sql.query).map { row throws(StoreError) in try decodeRow("event") { try row.value("id", as: String.self) } }
    }

    public func deleteEvent(account: String, id: String) async throws(StoreError) -> Bool {
        try await !rows("DELETE FROM events WHERE account = \(account) AND id = \(id) RETURNING id").isEmpty
    }

    /// The filter as a WHERE clause; the type pattern matched as SQLite's LIKE does (ASCII letters in either case).
    static func condition(_ prefix: String, account: String, filter: EventFilter) throws(StoreError) -> SQLBuilder {
        var sql = SQLBuilder(prefix)
        try sql.add("account = ", account)
        if let since = filter.since { try sql.add(" AND created_at >= ", since.timeIntervalSince1970) }
        if let before = filter.before { try sql.add(" AND created_at < ", before.timeIntervalSince1970) }
        let equal: [(String, String?)] = [
            ("level", filter.level?.rawValue), ("source_service", filter.sourceService), ("source_host", filter.sourceHost),
            ("resource_id", filter.resourceID), ("resource_type", filter.resourceType),
        ]
        for case let (column, value?) in equal { try sql.add(" AND \(column) = ", value) }
        if let pattern = filter.typePattern {
            let like = pattern.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "\\_")
                .replacingOccurrences(of: "*", with: "%")
            try sql.add(" AND event_type ILIKE ", like.hasSuffix("%") ? like : like + "%", " ESCAPE '\\'")
        }
        return sql
    }
}

extension PostgresStore: NotificationStore {
    public func saveNotification(_ n: QueuedNotification) async throws(StoreError) {
        let delivered = String(decoding: (try? JSONEncoder().encode(n.deliveredTargets)) ?? Data("[]".utf8), as: UTF8.self)
        try await rows("""
            INSERT INTO notifications (id, account, notification_type, payload, created_at, last_updated, tries, next_attempt_at,
                expires_at, delivered_targets, last_error)
            VALUES (\(n.id), \(n.account), \(n.type), \(n.payload), \(n.createdAt.timeIntervalSince1970), \(n.lastUpdated.timeIntervalSince1970),
                \(n.tries), \(n.nextAttemptAt.timeIntervalSince1970), \(n.expiresAt.timeIntervalSince1970), \(delivered), \(n.lastError))
            ON CONFLICT (id) DO UPDATE SET last_updated = excluded.last_updated, tries = excluded.tries,
                next_attempt_at = excluded.next_attempt_at, expires_at = excluded.expires_at,
                delivered_targets = excluded.delivered_targets, last_error = excluded.last_error
            """)
    }

    public func dueNotifications(now: Date, limit: Int) async throws(StoreError) -> [QueuedNotification] {
        try await rows("""
            SELECT * FROM notifications WHERE next_attempt_at <= \(now.timeIntervalSince1970)
            ORDER BY next_attempt_at, created_at, id LIMIT \(max(0, limit))
            """).map(QueuedNotification.init(postgres:))
    }

    public func claimNotification(id: String, now: Date, until: Date) async throws(StoreError) -> Bool {
        try await !rows("""
            UPDATE notifications SET next_attempt_at = \(until.timeIntervalSince1970)
            WHERE id = \(id) AND next_attempt_at <= \(now.timeIntervalSince1970) RETURNING id
            """).isEmpty
    }

    public func nextNotificationDue() async throws(StoreError) -> Date? {
        let found = try await rows("SELECT MIN(next_attempt_at) AS due FROM notifications")
        return try found.first.flatMap { row throws(StoreError) in try decodeRow("notification") { try row.optionalDate("due") } }
    }

    public func pendingNotifications(account: String?) async throws(StoreError) -> [QueuedNotification] {
        let found = if let account {
            try await rows("SELECT * FROM notifications WHERE account = \(account) ORDER BY created_at, id")
        } else {
            try await rows("SELECT * FROM notifications ORDER BY created_at, id")
        }
        return try found.map(QueuedNotification.init(postgres:))
    }

    @discardableResult
    public func deleteNotification(id: String) async throws(StoreError) -> Bool {
        try await !rows("DELETE FROM notifications WHERE id = \(id) RETURNING id").isEmpty
    }
}
