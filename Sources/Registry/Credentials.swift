public import Foundation

/// What Drydock presents to a registry: a user name and password (or token used as password), or an identity
/// token exchanged for a bearer token.
public struct Credentials: Sendable, Hashable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// The `Authorization: Basic …` value.
    public var basicAuthorization: String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }
}

/// Where the client looks up credentials for a registry host.
public protocol CredentialStore: Sendable {
    /// Credentials for a registry host such as `docker.io` or `localhost:5000`, or nil for anonymous access.
    func credentials(forRegistry registry: String) -> Credentials?
}

/// Fixed credentials per registry host; the in-memory store.
public struct StaticCredentialStore: CredentialStore {
    public var entries: [String: Credentials]

    public init(_ entries: [String: Credentials] = [:]) { self.entries = entries }

    public func credentials(forRegistry registry: String) -> Credentials? {
        entries[DockerConfig.normalizeRegistry(registry)]
    }
}

/// Credentials read from a Docker `config.json` (`auths` with base64 `auth`, or `username`/`password`).
public struct DockerConfig: CredentialStore {
    public private(set) var entries: [String: Credentials]

    /// The default location: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`.
    public static var defaultPath: URL {
        if let dir = ProcessInfo.processInfo.environment["DOCKER_CONFIG"], !dir.isEmpty {
            return URL(fileURLWithPath: dir).appendingPathComponent("config.json")
        }
        return homeDirectory.appendingPathComponent(".docker/config.json")
    }

    /// The user's home directory as Docker's CLI finds it: `$HOME`, else the password database. (`$HOME` first also
    /// spares a lookup through NSS on every `drydock scan`.)
    public static var homeDirectory: URL {
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { return URL(fileURLWithPath: home) }
        return FileManager.default.homeDirectoryForCurrentUser
    }

    /// Parses the contents of a `config.json`.
    /// - Throws: ``RegistryError`` with code ``RegistryError/Code/invalidSource`` when it is not valid.
    public init(data: Data, path: String = "config.json") throws(RegistryError) {
        struct File: Decodable {
            struct Entry: Decodable {
                var auth: String?
                var username: String?
                var password: String?
                var identitytoken: String?
            }
            var auths: [String: Entry]?
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw RegistryError(.invalidSource, "\(path) is not a valid Docker config file", cause: error)
        }
        var entries: [String: Credentials] = [:]
        for (key, entry) in file.auths ?? [:] {
            let registry = DockerConfig.normalizeRegistry(key)
            if let auth = entry.auth, !auth.isEmpty {
                guard let decoded = Data(base64Encoded: auth).map({ String(decoding: $0, as: UTF8.self) }),
                    let colon = decoded.firstIndex(of: ":")
                else {
                    throw RegistryError(.invalidSource, "\(path): the \"auth\" of \(key) is not base64 of USER:PASSWORD")
                }
                entries[registry] = Credentials(
                    username: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...]))
            } else if let username = entry.username, let password = entry.password {
                entries[registry] = Credentials(username: username, password: password)
            } else if let token = entry.identitytoken {
                // Docker sends identity tokens as the password of the token request with the user "<token>".
                entries[registry] = Credentials(username: "<token>", password: token)
            }
        }
        self.entries = entries
    }

    /// Reads a `config.json`; a missing file means no credentials.
    public init(contentsOf url: URL = DockerConfig.defaultPath) throws(RegistryError) {
        let data = FileManager.default.contents(atPath: url.path) ?? Data("{}".utf8)
        try self.init(data: data, path: url.path)
    }

    public func credentials(forRegistry registry: String) -> Credentials? {
        entries[DockerConfig.normalizeRegistry(registry)]
    }

    /// `https://index.docker.io/v1/` → `docker.io`, `http://localhost:5000/` → `localhost:5000`.
    public static func normalizeRegistry(_ key: String) -> String {
        var host = Substring(key.lowercased())
        if let scheme = host.range(of: "://") { host = host[scheme.upperBound...] }
        if let slash = host.firstIndex(of: "/") { host = host[..<slash] }
        switch host {
        case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com": return "docker.io"
        default: return String(host)
        }
    }
}
