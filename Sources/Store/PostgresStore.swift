public import Foundation
public import Logging
import NIOSSL
import PostgresNIO

/// The scale-out store: one PostgreSQL database that several `drydock serve` processes share. Same contract as
/// ``SQLiteStore`` (the conformance suite runs both); the schema is migrated once, under an advisory lock, by
/// whichever process opens it first.
public final class PostgresStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>

    /// Connects to `url` (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full]`)
    /// with a pool of at most `maxConnections`, and migrates the schema. A database written by a newer Drydock is
    /// refused.
    /// With `migrate: false` the schema is only read (``schemaVersion()``), never written: `drydock db check`.
    public init(url: String, maxConnections: Int = 20, migrate: Bool = true, logger: Logger) async throws(StoreError) {
        let configuration = try Self.configuration(url: url, maxConnections: maxConnections)
        // The driver reports each failed connection attempt at `info`: the start's own error says it once.
        var driverLogger = logger
        driverLogger.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(configuration: configuration, backgroundLogger: driverLogger)
        self.client = client
        self.logger = logger
        let runner = Task { await client.run() }
        self.runner = runner
        let server = "\(configuration.host ?? "?"):\(configuration.port ?? 5432)"
        // The pool retries a server that refuses or does not answer for as long as a request waits: the first
        // request (reaching the server) is bounded, and the pool is stopped when it runs out. The schema work that
        // follows may wait for another process's migration, as long as that takes.
        let reached = await Self.within(Self.startTimeout) { [self] () async -> Result<Void, StoreError> in
            do throws(StoreError) {
                try await rows("SELECT 1")
                return .success(())
            } catch {
                return .failure(error)
            }
        } ?? .failure(StoreError(
            .database, "cannot reach PostgreSQL at \(server) within \(Self.startTimeout.components.seconds) s: is the server up, and the URL right?"))
        do throws(StoreError) {
            try reached.get()
            if migrate { try await self.migrate() } else { _ = try await schemaVersion() }
        } catch {
            runner.cancel()
            throw error
        }
    }

    /// The result of `operation`, or nil when `timeout` passes first. A driver call that may never return (a query
    /// on a connection the server ended) is left behind and cancelled, not awaited.
    static func within<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async -> T) async -> T? {
        let (outcomes, outcome) = AsyncStream<T?>.makeStream()
        let work = Task { outcome.yield(await operation()) }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            outcome.yield(nil)
        }
        var result: T?
        for await first in outcomes {
            result = first
            break
        }
        timer.cancel()
        if result == nil { work.cancel() }
        return result
    }

    /// How long opening the store waits for the server.
    static let startTimeout: Duration = .seconds(15)

    /// Closes the connections.
    public func shutdown() { runner.cancel() }

    deinit { runner.cancel() }

    /// The client configuration a URL names; a clear message for anything malformed.
    static func configuration(url: String, maxConnections: Int) throws(StoreError) -> PostgresClient.Configuration {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
              let host = parts.host, !host.isEmpty
        else {
            throw StoreError(.database, "the database URL must read postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, not \(url)")
        }
        guard let user = parts.user, !user.isEmpty else { throw StoreError(.database, "the database URL names no user: \(url)") }
        let database = String(parts.path.drop { $0 == "/" })
        let mode = parts.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable":
            tls = .disable
        case "prefer", "allow":
            var settings = TLSConfiguration.makeClientConfiguration()
            settings.certificateVerification = .none
            tls = .prefer(settings)
        case "require":
            var settings = TLSConfiguration.makeClientConfiguration()
            settings.certificateVerification = .none
            tls = .require(settings)
        case "verify-ca", "verify-full":
            tls = .require(.makeClientConfiguration())
        default:
            throw StoreError(.database, "sslmode \(mode) is not one of disable, allow, prefer, require, verify-ca, verify-full")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: user, password: parts.password,
            database: database.isEmpty ? user : database, tls: tls)
        configuration.options.maximumConnections = max(1, maxConnections)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    // MARK: Queries

    /// Runs one statement and returns its rows. (An autoclosure: binding some values, `Data` among them, can throw.)
    @discardableResult
    func rows(_ query: @autoclosure () throws -> PostgresQuery) async throws(StoreError) -> [PostgresRandomAccessRow] {
        do {
            return try await client.query(try query(), logger: logger).collect().map { $0.makeRandomAccess() }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs `body` in one transaction (rolled back when it throws).
    func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            throw Self.storeError(error.closureError ?? error.commitError ?? error.beginError ?? error)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Maps a driver error to the store's: a unique or foreign key violation is a conflict.
    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PSQLError {
            let state = error.serverInfo?[.sqlState]
            if state == "23505" || state == "23503" { return StoreError(.conflict, "the record already exists", cause: error) }
            let message = error.serverInfo?[.message] ?? "\(error.code)"
            return StoreError(.database, "PostgreSQL: \(message)", cause: error)
        }
        return StoreError(.database, "PostgreSQL: \(error)", cause: error)
    }
}

extension PostgresConnection {
    /// Runs one statement in the connection's transaction and returns its rows.
    @discardableResult
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        try await self.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }
}

extension PostgresRandomAccessRow {
    /// The column's value (an optional type for a nullable column).
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }

    func date(_ column: String) throws -> Date { Date(timeIntervalSince1970: try value(column, as: Double.self)) }

    func optionalDate(_ column: String) throws -> Date? { try value(column, as: Double?.self).map(Date.init(timeIntervalSince1970:)) }
}

/// A statement assembled from parts, with numbered parameters.
struct SQLBuilder {
    var text: String
    var binds = PostgresBindings()

    init(_ text: String) { self.text = text }

    /// Binds a value and returns its placeholder (`$n`).
    mutating func bind<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value) throws(StoreError) -> String {
        do {
            try binds.append(value)
        } catch {
            throw StoreError(.database, "cannot encode a parameter: \(error)", cause: error)
        }
        return "$\(binds.count)"
    }

    /// Appends `prefix`, the placeholder of `value` (bound), and `suffix`.
    mutating func add<Value: PostgresThrowingDynamicTypeEncodable>(_ prefix: String, _ value: Value, _ suffix: String = "") throws(StoreError) {
        let placeholder = try bind(value)
        text += prefix + placeholder + suffix
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: text, binds: binds) }
}

/// Decodes a row into a record, any failure a ``StoreError/Code/corrupt``.
func decodeRow<T>(_ what: String, _ body: () throws -> T) throws(StoreError) -> T {
    do {
        return try body()
    } catch let error as StoreError {
        throw error
    } catch {
        throw StoreError(.corrupt, "a stored \(what) cannot be read: \(error)", cause: error)
    }
}
