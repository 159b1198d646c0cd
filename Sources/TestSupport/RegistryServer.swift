public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A real CNCF distribution registry (Debian's `docker-registry`, 2.8.x) for integration tests,
/// on a free 127.0.0.1 port with filesystem storage in a fresh temp dir.
///
/// ```swift
/// try await RegistryServer.withRegistry(auth: .token()) { registry in
///     // talk to registry.url; registry.tokenIssuer?.issuedCount counts tokens
/// }
/// ```
/// Prefer ``withRegistry(auth:isolation:_:)``, which always stops the server. A server from
/// ``start(auth:)`` must be stopped with ``stop()``.
public final class RegistryServer: Sendable {
    /// How clients authenticate.
    public let auth: Auth
    /// The registry's port on 127.0.0.1 (kept across ``restart()``).
    public let port: Int
    /// The temp dir holding config, storage, auth files and the log; removed by ``stop()``.
    public let directory: URL
    /// The token server, for `.token` auth.
    public let tokenIssuer: TokenIssuer?

    private let executable: String
    private let state: ServerStateBox<State>

    private struct State: Sendable {
        var child: ProcessChild?
        var stopped = false
    }

    /// `127.0.0.1:PORT`, as a registry host in image references.
    public var host: String { "127.0.0.1:\(port)" }
    /// `http://127.0.0.1:PORT`.
    public var url: URL { URL(string: "http://\(host)")! }
    /// Where blobs and manifests are stored (kept across ``restart()``).
    public var storageDirectory: URL { directory.appendingPathComponent("storage") }
    /// The registry's config.yml.
    public var configFile: URL { directory.appendingPathComponent("config.yml") }
    /// The registry's combined stdout/stderr.
    public var logFile: URL { directory.appendingPathComponent("registry.log") }
    /// The registry's log so far.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
    /// Whether the registry process is running.
    public var isRunning: Bool { state.value.child?.isRunning ?? false }

    private init(auth: Auth, port: Int, directory: URL, tokenIssuer: TokenIssuer?, executable: String) {
        self.auth = auth
        self.port = port
        self.directory = directory
        self.tokenIssuer = tokenIssuer
        self.executable = executable
        self.state = ServerStateBox(State())
    }

    /// Safety net for a test that forgot ``stop()``: kill the process, remove the temp dir.
    deinit {
        let current = state.value
        if let child = current.child, child.isRunning { kill(child.pid, SIGKILL) }
        if !current.stopped { try? FileManager.default.removeItem(at: directory) }
    }

    /// Starts a registry and waits (at most ~60 s) until `/v2/` answers.
    ///
    /// Throws ``RegistryServerError/missingTool(_:)`` when `docker-registry` is not installed
    /// (`make test` installs it). A port taken between choosing and binding is retried.
    public static func start(auth: Auth = .none) async throws -> RegistryServer {
        guard let executable = ProcessChild.find("docker-registry") else {
            throw RegistryServerError.missingTool("docker-registry")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("drydock-registry-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var issuer: TokenIssuer?
        do {
            if case .token(let configuration) = auth {
                issuer = try await TokenIssuer.start(configuration: configuration, directory: directory)
            }
            let section = try await authSection(for: auth, issuer: issuer, directory: directory)
            var attempt = 0
            while true {
                attempt += 1
                let server = RegistryServer(auth: auth, port: try FreePort.next(), directory: directory,
                                            tokenIssuer: issuer, executable: executable)
                let config = configuration(port: server.port, storage: server.storageDirectory, authSection: section)
                try Data(config.utf8).write(to: server.configFile)
                try? FileManager.default.removeItem(at: server.logFile)
                do {
                    try await server.launch()
                    return server
                } catch RegistryServerError.registryDidNotStart(_, let log)
                    where attempt < 5 && log.contains("address already in use") {
                    server.state.withLock { $0.stopped = true }  // the directory is reused
                    continue
                }
            }
        } catch {
            await issuer?.stop()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Starts a registry, runs `body` with it, and always stops it (and its token issuer).
    public static func withRegistry<T>(
        auth: Auth = .none,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RegistryServer) async throws -> T
    ) async throws -> T {
        let server = try await start(auth: auth)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Stops the registry process (SIGTERM, then SIGKILL after 3 s) and the token issuer, and
    /// removes the temp dir. Idempotent.
    public func stop() async {
        let child = state.withLock { state -> ProcessChild? in
            let child = state.child
            state.child = nil
            state.stopped = true
            return child
        }
        await child?.stop()
        await tokenIssuer?.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Stops only the registry process, keeping port, storage and token issuer: the registry
    /// "disappears" until ``restart()``.
    public func stopProcess() async {
        let child = state.withLock { state -> ProcessChild? in
            defer { state.child = nil }
            return state.child
        }
        await child?.stop()
    }

    /// Starts the registry again on the same port and storage (stopping it first if it runs),
    /// and waits until `/v2/` answers.
    public func restart() async throws {
        guard !state.value.stopped else { throw RegistryServerError.alreadyStopped }
        await stopProcess()
        try await launch()
    }

    /// Starts the process and polls `/v2/` until it answers, it exits, or 60 s pass.
    private func launch() async throws {
        let child = try ProcessChild(
            executable: executable, arguments: ["serve", configFile.path], outputFile: logFile
        )
        state.withLock { $0.child = child }
        let deadline = ContinuousClock.now + .seconds(60)
        // The deadline is checked after each probe: this task may have waited for the pool past it.
        while true {
            if let status = child.exitStatus {
                state.withLock { $0.child = nil }
                throw RegistryServerError.registryDidNotStart(reason: "exited with status \(status)", log: logTail())
            }
            // A raw connect first: HTTPClient retries refused connections until its deadline.
            if FreePort.isListening(port), await RegistryProbe.answers(url.appendingPathComponent("v2/")) { return }
            if ContinuousClock.now >= deadline { break }
            try? await Task.sleep(for: .milliseconds(25))
        }
        await stopProcess()
        throw RegistryServerError.registryDidNotStart(reason: "/v2/ did not answer within 60 s", log: logTail())
    }

    private func logTail() -> String {
        String(log.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n"))
    }
}
