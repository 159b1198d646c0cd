/// Why a store operation failed: the one error type of the `Store` module.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The database could not be opened, migrated or read.
        case database
        /// A record that must be unique already exists.
        case conflict
        /// A record the operation needs does not exist.
        case notFound
        /// A stored value could not be decoded.
        case corrupt
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }

    /// Whether the operation failed only because its task was cancelled (a stopping service), not the database.
    public var isCancellation: Bool { cause is CancellationError }
}
