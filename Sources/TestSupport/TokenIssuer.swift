public import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A docker/distribution token server for tests: a Hummingbird 2 app on a free 127.0.0.1 port
/// answering `GET /token?service=…&scope=…` with ES256 JWTs that a real `docker-registry`
/// configured with `auth: token:` accepts.
///
/// Usually started for you by `RegistryServer.start(auth: .token())`; it counts the tokens it
/// issues so tests can assert that clients cache them.
public final class TokenIssuer: Sendable {
    /// How this issuer behaves.
    public let configuration: Configuration
    /// The port it listens on (127.0.0.1).
    public let port: Int
    /// PEM file with the certificate whose key signs the tokens (the registry's `rootcertbundle`).
    public var certificateFile: URL { material.certificateFile }
    /// libtrust key id of the signing key (the `kid` header).
    public var keyID: String { material.keyID }

    let material: TokenSigningMaterial
    private let serverTask: Task<Void, any Error>
    private let serviceGroup: ServiceGroup
    private let finished: ServerStateBox<Bool>
    private let issued: ServerStateBox<[IssuedToken]>

    /// The token endpoint, `http://127.0.0.1:PORT/token` (the registry's `realm`).
    public var realm: URL { URL(string: "http://127.0.0.1:\(port)/token")! }

    /// How many tokens were handed out so far.
    public var issuedCount: Int { issued.value.count }

    /// Every token handed out so far, oldest first.
    public var issuedTokens: [IssuedToken] { issued.value }

    private init(configuration: Configuration, port: Int, material: TokenSigningMaterial,
                 serverTask: Task<Void, any Error>, serviceGroup: ServiceGroup, finished: ServerStateBox<Bool>, issued: ServerStateBox<[IssuedToken]>) {
        self.configuration = configuration
        self.port = port
        self.material = material
        self.serverTask = serverTask
        self.serviceGroup = serviceGroup
        self.finished = finished
        self.issued = issued
    }

    deinit { serverTask.cancel() }

    /// Makes a signing key and certificate in `directory`, then starts the HTTP server and waits
    /// (at most 60 s) until it listens.
    public static func start(configuration: Configuration = .init(), directory: URL) async throws -> TokenIssuer {
        let material = try await TokenSigningMaterial.make(in: directory, commonName: configuration.issuer)
        let issued = ServerStateBox<[IssuedToken]>([])
        let handler = TokenHandler(configuration: configuration, material: material, issued: issued)
        let router = Router()
        router.get("token") { request, _ in handler.respond(to: request) }

        let boundPort = ServerStateBox<Int?>(nil)
        var logger = Logger(label: "drydock.test.token-issuer")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "drydock-token-issuer"),
            onServerRunning: { channel in boundPort.withLock { $0 = channel.localAddress?.port ?? -1 } },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let finished = ServerStateBox(false)
        let task = Task(executorPreference: ServerThreads.shared) {
            defer { finished.withLock { $0 = true } }
            try await group.run()
        }
        if let port = await waitForPort(within: .seconds(60), { boundPort.value }) {
            return TokenIssuer(configuration: configuration, port: port, material: material,
                               serverTask: task, serviceGroup: group, finished: finished, issued: issued)
        }
        task.cancel()
        let reason: String
        switch await task.result {
        case .failure(let error): reason = "\(error)"
        case .success: reason = "no listening port within 60 s"
        }
        throw RegistryServerError.serverDidNotStart(server: "token issuer", reason: reason)
    }

    /// Stops the HTTP server gracefully, cancelling it if that takes over 3 s, and waits until
    /// it no longer listens.
    public func stop() async {
        await serviceGroup.triggerGracefulShutdown()
        if await waitUntilFinished(.seconds(3)) { return }
        serverTask.cancel()
        _ = await waitUntilFinished(.seconds(3))
    }

    private func waitUntilFinished(_ timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !finished.value {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Mints a token directly (no HTTP), e.g. to call the registry with a chosen scope.
    public func makeToken(access: [TokenAccess], subject: String = "tester") throws -> String {
        try TokenHandler(configuration: configuration, material: material, issued: nil)
            .mint(subject: subject, access: access).token
    }
}
