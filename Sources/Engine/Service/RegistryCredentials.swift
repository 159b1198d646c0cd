public import Foundation
public import OCI
public import Registry
public import Store

/// Pulls with the registry credentials of the image's account (`registry add`): finds the account's record that
/// matches `registry/repository` (``Store/RegistryRecord/bestMatch(_:registry:repository:)``), opens its password
/// and hands out a client that authenticates with it and honours its TLS settings. Images no record matches use
/// the service's shared client.
///
/// One client per record version is kept (each with its own token cache, so a token fetched with one account's
/// credentials is never sent for another account); ``shutdown()`` closes them all.
public final class RegistryCredentialProvider: Sendable {
    /// The service's client: anonymous access, and the base settings of every account client.
    public let base: RegistryClient
    let store: any RegistryCredentialStore
    /// Seals and opens stored passwords.
    public let cipher: SecretCipher
    let pool = ClientPool()

    public init(base: RegistryClient, store: any RegistryCredentialStore, cipher: SecretCipher) {
        self.base = base
        self.store = store
        self.cipher = cipher
    }

    /// The client to pull `registry/repository` with for `account`.
    public func client(account: String?, registry: String, repository: String) async throws(RegistryError) -> RegistryClient {
        guard let account else { return base }
        let records: [RegistryRecord]
        do {
            records = try await store.registries(account: account)
        } catch {
            throw RegistryError(.unreachable, "cannot read the registry credentials of account \(account): \(error.message)", cause: error)
        }
        guard let record = RegistryRecord.bestMatch(records, registry: registry, repository: repository) else { return base }
        return try await client(for: record)
    }

    /// The client for one record (made on first use).
    func client(for record: RegistryRecord) async throws(RegistryError) -> RegistryClient {
        let key = [record.account, record.registry, record.username, "\(record.verifyTLS)", "\(record.insecure.map { "\($0)" } ?? "-")",
                   record.encryptedPassword.base64EncodedString()].joined(separator: "\u{0}")
        if let known = await pool.client(key) { return known }
        let password: String
        do {
            password = try cipher.open(record.encryptedPassword, context: RegistryRecord.sealingContext(account: record.account, registry: record.registry))
        } catch {
            throw RegistryError(.unauthorized, "the stored password for registry \(record.registry) of account \(record.account) cannot be used: \(error.message)", cause: error)
        }
        var configuration = base.configuration
        let host = DockerConfig.normalizeRegistry(record.host)
        configuration.credentials = StaticCredentialStore([host: Credentials(username: record.username, password: password)])
        configuration.endpoints[host] = endpoint(for: record)
        return await pool.insert(key, RegistryClient(configuration: configuration))
    }

    /// The transport settings for a record's registry: its TLS verification, and plain HTTP when it says
    /// insecure (or, when it does not say, as the service would use).
    public func endpoint(for record: RegistryRecord) -> RegistryConfiguration.Endpoint {
        let insecure = record.insecure ?? (base.configuration.scheme(for: Reference(registry: record.host, repository: "x")) == "http")
        return RegistryConfiguration.Endpoint(insecure: insecure, verifyTLS: record.verifyTLS)
    }

    /// Logs in to the record's registry with `password` (`registry add` with validation).
    public func validate(_ record: RegistryRecord, password: String) async throws(RegistryError) {
        try await RegistryClient.validateCredentials(
            Credentials(username: record.username, password: password), registry: record.host,
            endpoint: endpoint(for: record), configuration: base.configuration)
    }

    /// Closes every account client (not ``base``, which its owner closes).
    public func shutdown() async {
        for client in await pool.drain() { try? await client.shutdown() }
    }
}

/// The account clients made so far.
actor ClientPool {
    private var clients: [String: RegistryClient] = [:]

    func client(_ key: String) -> RegistryClient? { clients[key] }

    /// Keeps `client` under `key`, unless another task got there first: then closes it and returns the kept one.
    func insert(_ key: String, _ client: RegistryClient) async -> RegistryClient {
        if let known = clients[key] {
            try? await client.shutdown()
            return known
        }
        clients[key] = client
        return client
    }

    func drain() -> [RegistryClient] {
        defer { clients = [:] }
        return Array(clients.values)
    }
}

/// An image pulled with its account's credentials: the client is chosen when the image is first read.
struct AccountImageSource: ImageSource {
    let provider: RegistryCredentialProvider
    let account: String
    let reference: Reference

    var name: String { reference.description }
    var localPath: String? { nil }

    func inner() async throws(RegistryError) -> RegistryImageSource {
        let client = try await provider.client(account: account, registry: reference.registry, repository: reference.repository)
        return RegistryImageSource(client: client, reference: reference)
    }

    func resolve(platform: Platform) async throws(RegistryError) -> ResolvedImage {
        try await inner().resolve(platform: platform)
    }

    func blob(_ descriptor: Descriptor) async throws(RegistryError) -> BlobStream {
        try await inner().blob(descriptor)
    }
}
