/// Why a version string could not be parsed: the one error type of the `Versions` module.
public struct VersionError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The text is not a version of the scheme.
        case invalid
        /// A range or specifier could not be parsed.
        case invalidRange
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
