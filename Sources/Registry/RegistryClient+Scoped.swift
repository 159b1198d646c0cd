extension RegistryClient {
    /// Runs `body` with a new client and always shuts the client down, whether `body` returns or throws.
    @discardableResult
    public static func withClient<T>(
        configuration: RegistryConfiguration = RegistryConfiguration(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RegistryClient) async throws -> T
    ) async throws -> T {
        let client = RegistryClient(configuration: configuration)
        let result: T
        do {
            result = try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }
}
