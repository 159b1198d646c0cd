import GRDB

extension SQLiteStore: SharedSettingStore {
    public func sharedSetting(_ name: String, default value: String) async throws(StoreError) -> String {
        try await write { db in
            try db.execute(sql: "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", arguments: [name, value])
            return try String.fetchOne(db, sql: "SELECT value FROM settings WHERE name = ?", arguments: [name]) ?? value
        }
    }
}
