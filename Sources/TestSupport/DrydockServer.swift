import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The real `drydock serve` (the `make`-built `.build/debug/drydock`, never built from a test) on a
/// free 127.0.0.1 port, with its data in a fresh temp dir and the admin password given by
/// `DRYDOCK_ADMIN_PASSWORD`.
///
/// ```swift
/// try await DrydockServer.withServer { server in
///     // drydock image list --url server.url --u server.user --p server.password
/// }
/// ```
/// Prefer ``withServer(password:environment:isolation:_:)``, which always stops the server. A
/// server from ``start(password:environment:)`` must be stopped with ``stop()``.
public final class DrydockServer: Sendable {
    /// The admin user (the built-in account).
    public let user = "admin"
    /// The admin password the server was started with.
    public let password: String
    /// The service's port on 127.0.0.1.
    public let port: Int
    /// The temp dir holding `data/` and `serve.log`; removed by ``stop()``.
    public let directory: URL

    private let state: ServerStateBox<State>

    private struct State: Sendable {
        var child: ProcessChild?
        var stopped = false
    }

    /// `http://127.0.0.1:PORT/v1`: the API base URL, as anchore-cli's `--url` takes it.
    public var url: String { "http://127.0.0.1:\(port)/v1" }
    /// `http://127.0.0.1:PORT`.
    public var rootURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    /// The database and layer cache (`--data`).
    public var dataDirectory: URL { directory.appendingPathComponent("data") }
    /// The server's combined stdout/stderr.
    public var logFile: URL { directory.appendingPathComponent("serve.log") }
    /// The server's log so far.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
    /// Whether the server process is running.
    public var isRunning: Bool { state.value.child?.isRunning ?? false }

    private init(password: String, port: Int, directory: URL) {
        self.password = password
        self.port = port
        self.directory = directory
        self.state = ServerStateBox(State())
    }

    /// Safety net for a test that forgot ``stop()``: kill the process, remove the temp dir.
    deinit {
        let current = state.value
        if let child = current.child, child.isRunning { kill(child.pid, SIGKILL) }
        if !current.stopped { try? FileManager.default.removeItem(at: directory) }
    }

    /// The built `drydock` executable: `DRYDOCK_BINARY` when set, else `.build/debug/drydock` in
    /// the package this file belongs to. Throws when it is not built (`make test` builds it).
    public static func executable() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["DRYDOCK_BINARY"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else { throw DrydockServerError.notBuilt(path) }
            return URL(fileURLWithPath: path)
        }
        var directory = URL(fileURLWithPath: #filePath)
        while directory.path != "/" {
            directory.deleteLastPathComponent()
            let candidate = directory.appendingPathComponent(".build/debug/drydock")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw DrydockServerError.notBuilt(".build/debug/drydock")
    }

    /// Starts `drydock serve` and waits (at most 60 s) until `GET /health` answers 200. A port
    /// taken between choosing and binding is retried. `environment` adds variables (e.g.
    /// `DRYDOCK_WORKERS`); the test process's own `DRYDOCK_*` variables are not passed on.
    public static func start(
        password: String = "drydock-\(UUID().uuidString.prefix(8).lowercased())", environment: [String: String] = [:]
    ) async throws -> DrydockServer {
        let executable = try executable()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("drydock-serve-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var attempt = 0
        while true {
            attempt += 1
            let server = DrydockServer(password: password, port: try FreePort.next(), directory: directory)
            do {
                try await server.launch(executable: executable, environment: environment)
                return server
            } catch DrydockServerError.didNotStart(_, let log)
                where attempt < 5 && log.lowercased().contains("address already in use")
            {
                server.state.withLock { $0.stopped = true }  // the directory is reused
                continue
            } catch {
                server.state.withLock { $0.stopped = true }
                try? FileManager.default.removeItem(at: directory)
                throw error
            }
        }
    }

    /// Starts a server, runs `body` with it, and always stops it.
    public static func withServer<T>(
        password: String = "drydock-\(UUID().uuidString.prefix(8).lowercased())", environment: [String: String] = [:],
        isolation: isolated (any Actor)? = #isolation,
        _ body: (DrydockServer) async throws -> T
    ) async throws -> T {
        let server = try await start(password: password, environment: environment)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Stops the server (SIGTERM, then SIGKILL after 10 s) and removes the temp dir. Idempotent.
    public func stop() async {
        let child = state.withLock { state -> ProcessChild? in
            let child = state.child
            state.child = nil
            state.stopped = true
            return child
        }
        await child?.stop(grace: .seconds(10))
        try? FileManager.default.removeItem(at: directory)
    }

    /// Kills the process at once (SIGKILL), as a crash or an out-of-memory kill would: nothing of it runs
    /// afterwards, not even its shutdown. ``stop()`` still removes the temp dir.
    public func crash() async {
        guard let child = state.value.child else { return }
        kill(child.pid, SIGKILL)
        _ = await child.waitForExit(timeout: .seconds(5))
    }

    /// Starts the process and polls `/health` until it answers 200, the process exits, or 60 s pass.
    private func launch(executable: URL, environment extra: [String: String]) async throws {
        try? FileManager.default.removeItem(at: logFile)
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DRYDOCK_") }
        environment["HOME"] = directory.path
        environment["DRYDOCK_ADMIN_PASSWORD"] = password
        environment["DRYDOCK_FEEDS"] = "none"  // loopback only; a test that wants feeds passes its own
        environment.merge(extra) { $1 }
        let child = try ProcessChild(
            executable: executable.path,
            arguments: ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--data", dataDirectory.path],
            outputFile: logFile, environment: environment)
        state.withLock { $0.child = child }
        let deadline = ContinuousClock.now + .seconds(60)
        // The deadline is checked after each probe: this task may have waited for the pool past it.
        while true {
            if let status = child.exitStatus {
                state.withLock { $0.child = nil }
                throw DrydockServerError.didNotStart(reason: "exited with status \(status)", log: logTail())
            }
            // A raw connect first: HTTPClient retries refused connections until its deadline.
            if FreePort.isListening(port), await healthy() { return }
            if ContinuousClock.now >= deadline { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        await child.stop(grace: .seconds(10))
        state.withLock { $0.child = nil }
        throw DrydockServerError.didNotStart(reason: "/health did not answer 200 within 60 s", log: logTail())
    }

    /// Whether `GET /health` answers 200 within a second.
    private func healthy() async -> Bool {
        let request = HTTPClientRequest(url: rootURL.appendingPathComponent("health").absoluteString)
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(1))
            _ = try? await response.body.collect(upTo: 1 << 16)
            return response.status.code == 200
        } catch {
            return false
        }
    }

    private func logTail() -> String {
        String(log.split(separator: "\n", omittingEmptySubsequences: false).suffix(30).joined(separator: "\n"))
    }
}

/// Why ``DrydockServer`` could not be started.
public enum DrydockServerError: Error, CustomStringConvertible, Sendable {
    /// The `drydock` executable is not built (tests never build it).
    case notBuilt(String)
    /// The server exited or never answered `/health` in time; carries the tail of its log.
    case didNotStart(reason: String, log: String)

    public var description: String {
        switch self {
        case .notBuilt(let path):
            return "the drydock executable is not built (\(path)): run `make test` (swift build --build-tests)"
        case .didNotStart(let reason, let log):
            return "drydock serve did not start: \(reason)\n--- serve log (tail) ---\n\(log)"
        }
    }
}
