import Foundation

extension RegistryServer {
    /// How the registry authenticates clients.
    public enum Auth: Sendable, Hashable {
        /// Anonymous push and pull.
        case none
        /// HTTP Basic against an htpasswd (bcrypt) file with this single user.
        case basic(username: String, password: String)
        /// Bearer tokens from a ``TokenIssuer`` started alongside the registry.
        case token(TokenIssuer.Configuration = .init())
    }

    /// Writes the auth material for `auth` into `directory` and returns the YAML `auth:` section
    /// (empty for `.none`).
    static func authSection(for auth: Auth, issuer: TokenIssuer?, directory: URL) async throws -> String {
        switch auth {
        case .none:
            return ""
        case .basic(let username, let password):
            guard let htpasswd = ProcessChild.find("htpasswd") else {
                throw RegistryServerError.missingTool("htpasswd")
            }
            let file = directory.appendingPathComponent("htpasswd")
            // -B: bcrypt, the only scheme distribution accepts; -b: password on the command line.
            _ = try await ProcessChild.run(htpasswd, ["-B", "-b", "-c", file.path, username, password], in: directory)
            return """
            auth:
              htpasswd:
                realm: \(yamlQuoted("drydock-test"))
                path: \(yamlQuoted(file.path))

            """
        case .token:
            guard let issuer else { return "" }
            return """
            auth:
              token:
                realm: \(yamlQuoted(issuer.realm.absoluteString))
                service: \(yamlQuoted(issuer.configuration.service))
                issuer: \(yamlQuoted(issuer.configuration.issuer))
                rootcertbundle: \(yamlQuoted(issuer.certificateFile.path))

            """
        }
    }

    /// The registry's whole config.yml: 127.0.0.1 only, filesystem storage, deletes enabled.
    static func configuration(port: Int, storage: URL, authSection: String) -> String {
        """
        version: 0.1
        log:
          level: info
          formatter: text
          accesslog:
            disabled: false
        storage:
          filesystem:
            rootdirectory: \(yamlQuoted(storage.path))
          delete:
            enabled: true
          maintenance:
            uploadpurging:
              enabled: false
        http:
          addr: 127.0.0.1:\(port)
          secret: \(yamlQuoted(UUID().uuidString))
          headers:
            X-Content-Type-Options: [nosniff]
        health:
          storagedriver:
            enabled: false
        \(authSection)
        """
    }

    private static func yamlQuoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
