public import Foundation
import GRDB
import Logging
public import OCI

/// The embedded store: one SQLite database in WAL mode (GRDB's `DatabasePool`), migrated when opened.
///
/// The SQL stays portable (no SQLite-only types or functions) so a PostgreSQL store can run the same statements.
public final class SQLiteStore: Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and applies the migrations.
    public init(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteStore.migrator.migrate(pool)
        } catch {
            throw StoreError(.database, "cannot open the database at \(path): \(error)", cause: error)
        }
    }

    /// Runs a write transaction, mapping database errors to ``StoreError``.
    func write<T: Sendable>(_ body: @escaping @Sendable (GRDB.Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError(.conflict, "the record already exists", cause: error)
        } catch {
            throw StoreError(.database, "database write failed: \(error)", cause: error)
        }
    }

    /// Runs a read, mapping database errors to ``StoreError``.
    func read<T: Sendable>(_ body: @escaping @Sendable (GRDB.Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "database read failed: \(error)", cause: error)
        }
    }
}

extension SQLiteStore: AccountStore {
    public func account(named name: String) async throws(StoreError) -> Account? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE name = ?", arguments: [name]).map(Account.init(row:)) }
    }

    public func accounts() async throws(StoreError) -> [Account] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM accounts ORDER BY name").map(Account.init(row:)) }
    }

    public func insert(_ account: Account) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO accounts (name, type, state, email, created_at, last_updated) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [account.name, account.type.rawValue, account.state.rawValue, account.email,
                            account.createdAt.timeIntervalSince1970, account.lastUpdated.timeIntervalSince1970])
        }
    }

    public func update(_ account: Account) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "UPDATE accounts SET state = ?, email = ?, last_updated = ? WHERE name = ?",
                arguments: [account.state.rawValue, account.email, account.lastUpdated.timeIntervalSince1970, account.name])
            guard db.changesCount == 1 else { throw StoreError(.notFound, "account \(account.name) not found") }
        }
    }

    public func deleteAccount(named name: String) async throws(StoreError) {
        try await write { db in
            for table in [
                "image_tags", "images", "artifacts", "subscriptions", "registries", "events", "notifications", "users", "policies",
                "policy_evaluations", "vex_documents",
            ] {
                try db.execute(sql: "DELETE FROM \(table) WHERE account = ?", arguments: [name])
            }
            try db.execute(sql: "DELETE FROM accounts WHERE name = ?", arguments: [name])
        }
    }

    public func users(account: String) async throws(StoreError) -> [User] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM users WHERE account = ? ORDER BY username", arguments: [account]).map(User.init(row:))
        }
    }

    public func update(_ user: User) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "UPDATE users SET password_hash = ?, role = ?, last_updated = ? WHERE username = ?",
                arguments: [user.passwordHash, user.role.rawValue, user.lastUpdated.timeIntervalSince1970, user.username])
            guard db.changesCount == 1 else { throw StoreError(.notFound, "user \(user.username) not found") }
        }
    }

    public func deleteUser(named username: String) async throws(StoreError) {
        try await write { db in try db.execute(sql: "DELETE FROM users WHERE username = ?", arguments: [username]) }
    }

    public func user(named username: String) async throws(StoreError) -> User? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [username]).map(User.init(row:)) }
    }

    public func insert(_ user: User) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO users (username, account, password_hash, role, created_at, last_updated) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [user.username, user.account, user.passwordHash, user.role.rawValue,
                            user.createdAt.timeIntervalSince1970, user.lastUpdated.timeIntervalSince1970])
        }
    }
}

extension SQLiteStore: SubscriptionStore {
    public func subscriptions(account: String, key: String?, type: String?) async throws(StoreError) -> [Subscription] {
        try await read { db in
            var sql = "SELECT * FROM subscriptions WHERE account = ?"
            var arguments: StatementArguments = [account]
            if let key {
                sql += " AND subscription_key = ?"
                arguments += [key]
            }
            if let type {
                sql += " AND subscription_type = ?"
                arguments += [type]
            }
            sql += " ORDER BY created_at, subscription_key, subscription_type"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Subscription.init(row:))
        }
    }

    public func subscription(account: String, id: String) async throws(StoreError) -> Subscription? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM subscriptions WHERE account = ? AND id = ?", arguments: [account, id])
                .map(Subscription.init(row:))
        }
    }

    public func save(_ subscription: Subscription) async throws(StoreError) {
        try await write { db in try SQLiteStore.upsert(subscription, db) }
    }

    public func save(_ subscriptions: [Subscription]) async throws(StoreError) {
        guard !subscriptions.isEmpty else { return }
        try await write { db in for subscription in subscriptions { try SQLiteStore.upsert(subscription, db) } }
    }

    static func upsert(_ s: Subscription, _ db: GRDB.Database) throws {
        try db.execute(
            sql: """
                INSERT INTO subscriptions (account, id, subscription_type, subscription_key, subscription_value, active, created_at, last_updated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (account, id) DO UPDATE SET subscription_value = excluded.subscription_value,
                    active = excluded.active, last_updated = excluded.last_updated
                """,
            arguments: [s.account, s.id, s.type, s.key, s.value, s.active,
                        s.createdAt.timeIntervalSince1970, s.lastUpdated.timeIntervalSince1970])
    }

    public func deleteSubscription(account: String, id: String) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM subscriptions WHERE account = ? AND id = ?", arguments: [account, id])
        }
    }
}

extension SQLiteStore: ArtifactStore {
    public func artifact(account: String, digest: Digest, kind: String) async throws(StoreError) -> Data? {
        try await read { db in
            try Data.fetchOne(
                db, sql: "SELECT data FROM artifacts WHERE account = ? AND digest = ? AND kind = ?",
                arguments: [account, digest.description, kind])
        }
    }

    public func artifacts(account: String, digests: [Digest], kind: String) async throws(StoreError) -> [Digest: Data] {
        guard !digests.isEmpty else { return [:] }
        let keys = digests.map(\.description)
        return try await read { db in
            var result: [Digest: Data] = [:]
            // In chunks: SQLite bounds the number of parameters in one statement.
            for start in stride(from: 0, to: keys.count, by: 500) {
                let chunk = Array(keys[start..<min(start + 500, keys.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchAll(
                    db, sql: "SELECT digest, data FROM artifacts WHERE account = ? AND kind = ? AND digest IN (\(marks))",
                    arguments: StatementArguments([account, kind] + chunk))
                for row in rows {
                    if let digest = Digest(row[0] as String) { result[digest] = row[1] as Data }
                }
            }
            return result
        }
    }

    public func putArtifact(account: String, digest: Digest, kind: String, data: Data) async throws(StoreError) {
        try await write { db in try SQLiteStore.putArtifact(account: account, digest: digest, kind: kind, data: data, db) }
    }

    static func putArtifact(account: String, digest: Digest, kind: String, data: Data, _ db: GRDB.Database) throws {
        try db.execute(
            sql: """
                INSERT INTO artifacts (account, digest, kind, data) VALUES (?, ?, ?, ?)
                ON CONFLICT (account, digest, kind) DO UPDATE SET data = excluded.data
                """,
            arguments: [account, digest.description, kind, data])
    }
}
