import Foundation
import NIOPosix

extension RegistryClient {
    /// Starts the shared event loop threads (every client's connections run on them) from another thread and
    /// returns at once: a process that will talk to a registry calls it first, so the threads are up by the time it
    /// has parsed its arguments and makes its first request, instead of starting then.
    public static func startEventLoopsEarly() {
        Thread.detachNewThread { _ = MultiThreadedEventLoopGroup.singleton }
    }

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
