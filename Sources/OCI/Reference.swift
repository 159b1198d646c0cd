/// An image reference normalized the way Docker does it: `nginx` is `docker.io/library/nginx:latest`.
///
/// A reference names a repository on a registry and a tag, a digest, or both. Parsing follows the distribution
/// reference grammar and rejects anything else with a reason.
public struct Reference: Sendable, Hashable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The registry host and optional port, e.g. `docker.io`, `localhost:5000`, `[::1]:5000`.
    public var registry: String
    /// The repository path on the registry, e.g. `library/nginx`.
    public var repository: String
    /// The tag, if any (`latest` when neither tag nor digest was given).
    public var tag: String?
    /// The manifest digest, if any.
    public var digest: Digest?

    /// The registry Docker uses when a reference names none.
    public static let defaultRegistry = "docker.io"
    /// The tag Docker uses when a reference names neither tag nor digest.
    public static let defaultTag = "latest"

    public init(registry: String, repository: String, tag: String? = nil, digest: Digest? = nil) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// Parses and normalizes a reference such as `nginx`, `ghcr.io/o/r:1.2`, `localhost:5000/a/b@sha256:…`.
    /// - Throws: ``OCIError`` with code ``OCIError/Code/invalidReference`` saying what is wrong.
    public init(parsing string: String) throws(OCIError) {
        self = try ReferenceParser.parse(string)
    }

    public init?(_ description: String) {
        try? self.init(parsing: description)
    }

    /// `registry/repository`, e.g. `docker.io/library/nginx`.
    public var name: String { "\(registry)/\(repository)" }

    /// The full normalized form, e.g. `docker.io/library/nginx:latest` or `localhost:5000/a@sha256:…`.
    public var description: String {
        var text = name
        if let tag { text += ":\(tag)" }
        if let digest { text += "@\(digest)" }
        return text
    }

    /// The tag or digest to ask the registry for: the digest when there is one, since it pins the content.
    public var manifestReference: String { digest?.description ?? tag ?? Reference.defaultTag }

    /// The same repository with another tag and no digest.
    public func withTag(_ tag: String) -> Reference {
        Reference(registry: registry, repository: repository, tag: tag, digest: nil)
    }

    /// The same repository pinned to a digest, keeping the tag.
    public func withDigest(_ digest: Digest) -> Reference {
        Reference(registry: registry, repository: repository, tag: tag, digest: digest)
    }

    /// Whether the registry is this machine (`localhost`, 127.0.0.0/8, `[::1]`): plain HTTP is allowed there.
    public var isLoopbackRegistry: Bool {
        var host = registry
        if host.hasPrefix("[") {
            return host.hasPrefix("[::1]")
        }
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        return host == "localhost" || host.hasPrefix("127.")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            try self.init(parsing: string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
