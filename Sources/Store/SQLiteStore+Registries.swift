import Foundation
import GRDB

extension SQLiteStore: RegistryCredentialStore {
    public func registries(account: String) async throws(StoreError) -> [RegistryRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM registries WHERE account = ? ORDER BY registry", arguments: [account])
                .map(RegistryRecord.init(row:))
        }
    }

    public func registry(account: String, registry: String) async throws(StoreError) -> RegistryRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM registries WHERE account = ? AND registry = ?", arguments: [account, registry])
                .map(RegistryRecord.init(row:))
        }
    }

    public func save(_ record: RegistryRecord) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO registries (account, registry, name, registry_type, username, password, verify_tls, insecure,
                        created_at, last_updated)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (account, registry) DO UPDATE SET name = excluded.name,
                        registry_type = excluded.registry_type, username = excluded.username, password = excluded.password,
                        verify_tls = excluded.verify_tls, insecure = excluded.insecure, last_updated = excluded.last_updated
                    """,
                arguments: [record.account, record.registry, record.name, record.type, record.username, record.encryptedPassword,
                            record.verifyTLS, record.insecure, record.createdAt.timeIntervalSince1970,
                            record.lastUpdated.timeIntervalSince1970])
        }
    }

    @discardableResult
    public func deleteRegistry(account: String, registry: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM registries WHERE account = ? AND registry = ?", arguments: [account, registry])
            return db.changesCount > 0
        }
    }
}

extension RegistryRecord {
    init(row: Row) {
        self.init(
            account: row["account"], registry: row["registry"], name: row["name"], type: row["registry_type"],
            username: row["username"], encryptedPassword: row["password"], verifyTLS: row["verify_tls"],
            insecure: row["insecure"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
            lastUpdated: Date(timeIntervalSince1970: row["last_updated"]))
    }
}
