import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension RegistryClient {
    /// Logs in to a registry as `docker login` does: `GET /v2/`, answering a Basic or Bearer challenge with the
    /// credentials this client has for the registry (a Bearer challenge fetches a token without a scope).
    ///
    /// - Throws: ``RegistryError`` with ``RegistryError/Code/unauthorized`` when the registry or its token service
    ///   refuses the credentials, ``RegistryError/Code/unreachable`` when it cannot be reached, and others for
    ///   answers that are not a registry's.
    public func login(registry: String) async throws(RegistryError) {
        let operation = Operation(.GET, registry: registry, repository: nil, path: "/v2/", timeout: .seconds(30))
        let response = try await send(operation)
        switch response.status.code {
        case 200..<300:
            _ = try? await response.body.collect(upTo: 64 * 1024)
        case 401 where configuration.credentials.credentials(forRegistry: registry) == nil:
            _ = try? await response.body.collect(upTo: 64 * 1024)
            throw RegistryError(.unauthorized, "registry \(registry) requires credentials and none were given")
        default:
            throw await failure(response, operation, what: "cannot log in to registry \(registry)")
        }
    }

    /// Checks that `credentials` log in to `registry`, with a short-lived client over `configuration` (whose
    /// credentials are replaced). `endpoint` overrides the transport settings for the registry.
    public static func validateCredentials(
        _ credentials: Credentials, registry: String, endpoint: RegistryConfiguration.Endpoint? = nil,
        configuration: RegistryConfiguration = RegistryConfiguration()
    ) async throws(RegistryError) {
        var configuration = configuration
        let host = DockerConfig.normalizeRegistry(registry)
        configuration.credentials = StaticCredentialStore([host: credentials])
        if let endpoint { configuration.endpoints[host] = endpoint }
        configuration.retry = RegistryConfiguration.RetryPolicy(maxAttempts: 2)
        let client = RegistryClient(configuration: configuration)
        do {
            try await client.login(registry: registry)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
    }
}
