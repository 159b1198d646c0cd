/// The one error type of the `Archive` module: a broken, truncated or oversized archive or
/// compressed stream, or a compression library that cannot be loaded.
///
/// `message` is meant for a user: it says what was being read, where (a byte offset or an entry
/// path), and why it failed.
public struct ArchiveError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; compare with the static members (`error.code == .truncated`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case truncated
            case corrupt
            case tooLarge
            case libraryUnavailable
            case unsupported
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// The input ended before the archive or compressed stream was complete.
        public static let truncated = Code(.truncated)
        /// The input is not a valid archive or compressed stream (bad checksum, bad field, bad data).
        public static let corrupt = Code(.corrupt)
        /// A size read from the input, or the decompressed output, exceeds a configured limit.
        public static let tooLarge = Code(.tooLarge)
        /// The system zlib or zstd library could not be loaded.
        public static let libraryUnavailable = Code(.libraryUnavailable)
        /// The input or a request uses a feature this module does not support.
        public static let unsupported = Code(.unsupported)

        /// The code's name, e.g. `truncated`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What failed, where and why, in words a user understands.
    public let message: String
    /// The underlying error, if another error caused this one.
    public let cause: (any Error)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: What kind of failure this is.
    ///   - message: What failed, where and why.
    ///   - cause: The underlying error, if any.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message, followed by the cause when there is one.
    public var description: String {
        guard let cause else { return message }
        return "\(message) (caused by: \(cause))"
    }
}
