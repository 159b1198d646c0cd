/// The one error type of the `Layers` module: a layer that cannot be read to the end, so the analysis of its
/// image stops (the image becomes `analysis_failed` with ``message`` as the reason).
///
/// Problems with single entries (a refused path, an escaping hardlink) are not errors: they are
/// ``AnalysisIssue``s on the ``LayerRecord``.
public struct LayerError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; compare with the static members (`error.code == .tooLarge`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String

        private init(_ value: String) { self.value = value }

        /// The layer expands past a configured bound (uncompressed bytes or number of entries): a possible tar bomb.
        public static let tooLarge = Code("tooLarge")
        /// The compressed stream or the tar archive is invalid.
        public static let corrupt = Code("corrupt")
        /// The compressed stream or the tar archive ends early.
        public static let truncated = Code("truncated")
        /// The uncompressed layer does not hash to the diffID the image config declares.
        public static let diffIDMismatch = Code("diffIDMismatch")
        /// The layer cannot be read here (e.g. the zstd library is missing).
        public static let unsupported = Code("unsupported")

        /// The code's name, e.g. `tooLarge`.
        public var description: String { value }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What failed, naming the layer, and why, in words a user understands.
    public let message: String
    /// The underlying error (usually an `ArchiveError`), if any.
    public let cause: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message (it already carries the cause's explanation).
    public var description: String { message }
}
