public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throw-away PostgreSQL cluster for tests: Debian's `initdb` into a temporary directory, the server started by
/// `pg_ctl` on a free 127.0.0.1 port (no other interface, its socket in the same directory), trust authentication for
/// the `drydock` superuser, durability off (a test's data is thrown away). As root, the server runs as the
/// `postgres` user: PostgreSQL refuses to run as root.
public final class PostgresServer: Sendable {
    public let port: Int
    public let directory: URL
    let binaries: URL
    let asUser: String?
    /// Whether a commit is written out before it returns (`synchronous_commit`): needed to survive a crash of the
    /// server process, which tests of restarts cause.
    let durable: Bool

    /// The connection URL of the cluster's `postgres` database.
    public var url: String { "postgres://drydock@127.0.0.1:\(port)/postgres" }

    init(port: Int, directory: URL, binaries: URL, asUser: String?, durable: Bool = false) {
        self.port = port
        self.directory = directory
        self.binaries = binaries
        self.asUser = asUser
        self.durable = durable
    }

    /// Starts a cluster, runs `body` with it and always stops it.
    public static func withServer<T>(
        durable: Bool = false, isolation: isolated (any Actor)? = #isolation, _ body: (PostgresServer) async throws -> T
    ) async throws -> T {
        let server = try await offPool { try start(durable: durable) }
        do {
            let result = try await body(server)
            await offPool { server.stop() }
            return result
        } catch {
            await offPool { server.stop() }
            throw error
        }
    }

    /// Runs blocking work (the server's programs) on a dispatch thread, not on the concurrency pool's few threads.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await TestSupport.offPool(work)
    }

    static func offPool(_ work: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                work()
                continuation.resume()
            }
        }
    }

    /// The newest installed server's programs (`/usr/lib/postgresql/<version>/bin`).
    static func findBinaries() throws -> URL {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw RegistryServerError.missingTool("postgresql (Debian's server package: /usr/lib/postgresql/<version>/bin)")
        }
        return root.appending(path: "\(newest)/bin")
    }

    public static func start(durable: Bool = false) throws -> PostgresServer {
        let binaries = try findBinaries()
        let directory = FileManager.default.temporaryDirectory.appending(path: "drydock-postgres-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let asUser: String? = geteuid() == 0 ? "postgres" : nil
        do {
            if let asUser { try runShell("chown \(asUser) '\(directory.path)'") }
            let probe = PostgresServer(port: 0, directory: directory, binaries: binaries, asUser: asUser)
            try probe.run("initdb", "-D '\(directory.path)/data' -U drydock --auth=trust -E UTF8 --no-locale --no-sync -N")
            for attempt in 1...5 {
                let server = PostgresServer(
                    port: try FreePort.next(), directory: directory, binaries: binaries, asUser: asUser, durable: durable)
                do {
                    // pg_ctl's own output goes to a file: the server it leaves running must not hold our pipe open.
                    try server.startServer()
                    return server
                } catch let error as ShellCommandFailed where attempt < 5 {
                    let log = (try? String(contentsOf: directory.appending(path: "server.log"), encoding: .utf8)) ?? ""
                    guard log.contains("Address already in use") || error.output.contains("Address already in use") else { throw error }
                }
            }
            throw RegistryServerError.noFreePort(errno: EADDRINUSE)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Starts the server process on the cluster's port (`pg_ctl start`, waiting until it accepts connections).
    func startServer() throws {
        try run(
            "pg_ctl",
            "-D '\(directory.path)/data' -l '\(directory.path)/server.log' -w -t 60 start -o \"-c listen_addresses=127.0.0.1 -p \(port) -k '\(directory.path)' -c fsync=off -c full_page_writes=off -c synchronous_commit=\(durable ? "on" : "off") -c max_connections=200\" > '\(directory.path)/pg_ctl.log' 2>&1 || { cat '\(directory.path)/pg_ctl.log'; exit 1; }")
    }

    /// Stops the server at once, as a crash would, and starts it again on the same port with the same data: what
    /// clients see when their database restarts.
    public func restart() async throws {
        try await Self.offPool { [self] in
            try run("pg_ctl", "-D '\(directory.path)/data' -m immediate -w stop")
            try startServer()
        }
    }

    /// Stops the server at once (its data is thrown away) and removes the directory. Idempotent.
    public func stop() {
        if FileManager.default.fileExists(atPath: directory.appending(path: "data/postmaster.pid").path) {
            _ = try? run("pg_ctl", "-D '\(directory.path)/data' -m immediate -w stop")
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs one of the server's programs (as the `postgres` user when we are root).
    @discardableResult
    func run(_ program: String, _ arguments: String) throws -> String {
        let command = "'\(binaries.appending(path: program).path)' \(arguments)"
        // Descriptors above 2 are closed first (bash: sh takes one-digit descriptors only): the server pg_ctl leaves
        // running would otherwise inherit the test process's open pipes, its own output's among them, and hold
        // them open until it stops.
        let script = #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-" 2>/dev/null; done; "#
            + (asUser.map { "runuser -u \($0) -- \(command)" } ?? command)
        return try runShell("exec bash -c '" + script.replacingOccurrences(of: "'", with: #"'\''"#) + "'")
    }

    /// Runs SQL with `psql` against the cluster's `postgres` database (tests that look under the store).
    @discardableResult
    public func psql(_ sql: String) throws -> String {
        let escaped = sql.replacingOccurrences(of: "'", with: "'\\''")
        return try run("psql", "-X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p \(port) -U drydock -d postgres -c '\(escaped)'")
    }
}
