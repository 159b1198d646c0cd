public import Foundation

/// An account's credentials for a registry (Anchore's `registry` record). The password is kept sealed
/// (``SecretCipher``); it is opened only to pull images and never leaves the service.
public struct RegistryRecord: Codable, Hashable, Sendable {
    /// The account the credentials belong to.
    public var account: String
    /// The key as the user typed it: `docker.io`, `registry.lan:5000`, `registry.lan:5000/team/app`,
    /// `ghcr.io/myorg*`.
    public var registry: String
    /// A human name; Anchore defaults it to ``registry``.
    public var name: String
    /// `docker_v2` (or `awsecr`, stored but not supported for pulls).
    public var type: String
    public var username: String
    /// The password, sealed with AES-GCM (nonce, ciphertext and tag).
    public var encryptedPassword: Data
    /// Verify the registry's TLS certificate (Anchore's `registry_verify`).
    public var verifyTLS: Bool
    /// Talk plain HTTP (true) or HTTPS (false); nil leaves it to the service's settings (loopback is HTTP).
    public var insecure: Bool?
    public var createdAt: Date
    public var lastUpdated: Date

    public init(
        account: String, registry: String, name: String? = nil, type: String = "docker_v2", username: String,
        encryptedPassword: Data, verifyTLS: Bool = true, insecure: Bool? = nil, createdAt: Date, lastUpdated: Date? = nil
    ) {
        self.account = account
        self.registry = registry
        self.name = name ?? registry
        self.type = type
        self.username = username
        self.encryptedPassword = encryptedPassword
        self.verifyTLS = verifyTLS
        self.insecure = insecure
        self.createdAt = createdAt
        self.lastUpdated = lastUpdated ?? createdAt
    }

    /// The registry host the record is for: the key up to its first `/` (and without a trailing `*`).
    public var host: String {
        var key = Substring(registry)
        if key.hasSuffix("*") { key = key.dropLast() }
        if let slash = key.firstIndex(of: "/") { key = key[..<slash] }
        return String(key)
    }

    /// The additional data bound to the sealed password, so a ciphertext cannot be moved to another record.
    public static func sealingContext(account: String, registry: String) -> Data {
        Data("drydock-registry\u{0}\(account)\u{0}\(registry)".utf8)
    }

    /// Anchore's `registry_record_matches`: a key ending in `*` matches when `registry/repository` starts with the
    /// rest; a key with a `/` must equal `registry/repository`; any other key must equal the registry host.
    public func matches(registry host: String, repository: String) -> Bool {
        let full = "\(host)/\(repository)"
        if registry.hasSuffix("*") { return full.hasPrefix(registry.dropLast()) }
        if registry.contains("/") { return registry == full }
        return registry == host
    }

    /// The record that applies to an image in `registry/repository`: the records are tried longest key first
    /// (the most specific wins), as Anchore does.
    public static func bestMatch(_ records: [RegistryRecord], registry: String, repository: String) -> RegistryRecord? {
        records
            .sorted { $0.registry.count != $1.registry.count ? $0.registry.count > $1.registry.count : $0.registry < $1.registry }
            .first { $0.matches(registry: registry, repository: repository) }
    }
}
