/// One thing wrong with a bundle, in the shape of Anchore's `validation_details` entries.
public struct ValidationProblem: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// Always `error` for problems that refuse a bundle.
    public var severity: String
    /// Anchore's error class name: `GateNotFoundError`, `TriggerNotFoundError`, `InvalidParameterError`, …
    public var problemType: String
    /// What is wrong and where, for a person.
    public var details: String

    public init(_ problemType: String, _ details: String, severity: String = "error") {
        self.severity = severity
        self.problemType = problemType
        self.details = details
    }

    enum CodingKeys: String, CodingKey {
        case severity, details
        case problemType = "problem_type"
    }

    public var description: String { "\(problemType): \(details)" }
}

/// Why a bundle was refused: the one error type of the `Policy` module.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Not a JSON object, or not one a bundle can be read from.
        case malformed
        /// Readable, but some rule, mapping or allowlist is invalid (see ``problems``).
        case invalid
    }

    public var code: Code
    public var message: String
    /// Every problem found (a bundle is checked in full, not up to its first problem).
    public var problems: [ValidationProblem]

    public init(_ code: Code, _ message: String, problems: [ValidationProblem] = []) {
        self.code = code
        self.message = message
        self.problems = problems
    }

    public var description: String {
        problems.isEmpty ? message : message + ": " + problems.map(\.description).joined(separator: "; ")
    }
}
