/// Why an image could not be analyzed (the image then ends `analysis_failed` with ``message``).
/// Problems inside an image that do not stop the analysis are ``Layers/AnalysisIssue``s instead.
public struct AnalysisError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }
        /// The image could not be fetched or resolved (registry, source, manifest, config).
        public static let source = Code("source")
        /// A layer could not be read to its end (corrupt, truncated, over a bound, wrong diffID).
        public static let layer = Code("layer")
        /// The image is larger than allowed.
        public static let tooLarge = Code("tooLarge")
        /// The configuration is invalid.
        public static let configuration = Code("configuration")
        public var description: String { value }
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
