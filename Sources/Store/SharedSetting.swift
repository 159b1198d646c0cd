/// Facts every process sharing a store must agree on (the encryption key's fingerprint): the first process to
/// ask records its value, the others read it.
public protocol SharedSettingStore: Sendable {
    /// The value stored under `name`; `value` is stored first when there is none.
    func sharedSetting(_ name: String, default value: String) async throws(StoreError) -> String
}

extension MemoryStore: SharedSettingStore {
    public func sharedSetting(_ name: String, default value: String) async throws(StoreError) -> String {
        if let stored = settings[name] { return stored }
        settings[name] = value
        return value
    }
}
