/// Why a feed file could not be read: the one error type of the `Vulnerabilities` module.
public struct FeedError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The file is not in the driver's format.
        case malformed
        /// The file could not be read.
        case unreadable
        /// The ecosystem or namespace is not one Drydock knows.
        case unsupported
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
}
