/// The one error type of the `OCI` module: what was wrong with an identifier or a document.
public struct OCIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is; new codes can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case invalidDigest, invalidReference, invalidPlatform, invalidDocument, unsupportedMediaType
            case unsupportedSchema, noMatchingPlatform
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A digest string that is not `algorithm:hex` of a supported algorithm.
        public static let invalidDigest = Code(.invalidDigest)
        /// An image reference that does not follow the distribution grammar.
        public static let invalidReference = Code(.invalidReference)
        /// A platform string that is not `os/arch[/variant]`.
        public static let invalidPlatform = Code(.invalidPlatform)
        /// A manifest, index or config that is not valid JSON of the expected shape.
        public static let invalidDocument = Code(.invalidDocument)
        /// A media type Drydock does not read.
        public static let unsupportedMediaType = Code(.unsupportedMediaType)
        /// A Docker image manifest schema 1, which Drydock does not read.
        public static let unsupportedSchema = Code(.unsupportedSchema)
        /// An image index that has no manifest for the wanted platform.
        public static let noMatchingPlatform = Code(.noMatchingPlatform)

        public var description: String { value.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// A sentence a user understands: what, where, why.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
