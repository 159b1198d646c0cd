/// Registry credentials of accounts, keyed by (account, registry key).
public protocol RegistryCredentialStore: Sendable {
    /// The account's records, by registry key.
    func registries(account: String) async throws(StoreError) -> [RegistryRecord]
    func registry(account: String, registry: String) async throws(StoreError) -> RegistryRecord?
    /// Inserts, or replaces the record with the same account and registry key (keeping its `createdAt`).
    func save(_ registry: RegistryRecord) async throws(StoreError)
    /// Deletes a record; false when there was none.
    @discardableResult
    func deleteRegistry(account: String, registry: String) async throws(StoreError) -> Bool
}
