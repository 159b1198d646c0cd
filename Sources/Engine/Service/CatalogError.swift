/// Why a catalog request (add, list, delete, subscribe) was refused. The server maps ``Code`` to HTTP.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The request is malformed or not allowed (HTTP 400).
        case badRequest
        /// The named thing does not exist (HTTP 404).
        case notFound
        /// The request conflicts with the current state (HTTP 409).
        case conflict
        /// The registry could not be reached or refused the lookup (HTTP 400 with error codes).
        case registry
        /// Something inside the service failed (HTTP 500).
        case internalError
    }

    public var code: Code
    public var message: String
    /// Extra key/values for the error envelope's `detail`.
    public var detail: [String: String]
    /// Anchore error codes, e.g. `REGISTRY_IMAGE_NOT_FOUND`.
    public var errorCodes: [String]
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, detail: [String: String] = [:], errorCodes: [String] = [], cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
        self.errorCodes = errorCodes
        self.cause = cause
    }

    public var description: String { message }
}
