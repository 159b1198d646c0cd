import PostgresNIO

extension PostgresStore: SharedSettingStore {
    public func sharedSetting(_ name: String, default value: String) async throws(StoreError) -> String {
        try await rows("INSERT INTO settings (name, value) VALUES (\(name), \(value)) ON CONFLICT (name) DO NOTHING")
        let found = try await rows("SELECT value FROM settings WHERE name = \(name)").first
        return try decodeRow("setting") { try found?.value("value", as: String.self) ?? value }
    }
}
