/// The one error type of the `Registry` module: a registry, a local image source or the network failed.
public struct RegistryError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; new codes can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// The registry could not be reached (connection refused, DNS, TLS, timeout).
        public static let unreachable = Code("unreachable")
        /// The registry wants credentials we do not have, or refused the ones we sent.
        public static let unauthorized = Code("unauthorized")
        /// The registry refused the operation for these credentials (403).
        public static let denied = Code("denied")
        /// The repository, manifest, tag or blob does not exist.
        public static let notFound = Code("notFound")
        /// The registry kept failing (429 or 5xx) after every retry.
        public static let unavailable = Code("unavailable")
        /// Content did not hash to its digest.
        public static let digestMismatch = Code("digestMismatch")
        /// Content was longer or shorter than its descriptor said (truncated blob, oversize body).
        public static let sizeMismatch = Code("sizeMismatch")
        /// A manifest over the 4 MiB limit, or any other response over its bound.
        public static let tooLarge = Code("tooLarge")
        /// A manifest, index or config that is not valid, or a platform the index does not offer.
        public static let invalidContent = Code("invalidContent")
        /// A media type or schema Drydock does not read.
        public static let unsupported = Code("unsupported")
        /// The registry answered in a way the distribution spec does not allow.
        public static let protocolViolation = Code("protocolViolation")
        /// A local image source (OCI layout, docker archive) is missing or malformed.
        public static let invalidSource = Code("invalidSource")
        /// The registry answered an unexpected 4xx.
        public static let rejected = Code("rejected")

        public var description: String { value }
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence a user understands: what, where, why.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        guard let cause else { return message }
        return "\(message) (\(cause))"
    }
}

/// The error body the distribution spec defines: `{"errors":[{"code":…,"message":…,"detail":…}]}`.
public struct DistributionErrors: Decodable, Sendable {
    public struct Entry: Decodable, Sendable {
        public var code: String
        public var message: String?
    }
    public var errors: [Entry]

    /// A one-line summary, e.g. `MANIFEST_UNKNOWN: manifest unknown`.
    public var summary: String {
        errors.map { entry in entry.message.map { "\(entry.code): \($0)" } ?? entry.code }.joined(separator: "; ")
    }
}
