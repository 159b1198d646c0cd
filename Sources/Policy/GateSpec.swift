import Foundation

/// Whether a gate, trigger or parameter may be used in new bundles (Anchore's lifecycle states).
public enum LifecycleState: String, Sendable, Hashable {
    case active, deprecated, eol
}

/// The kinds of parameter values, each with its check (values are strings in a bundle).
public enum ParameterKind: Sendable, Hashable {
    case string
    /// A regular expression, compiled when the bundle is read.
    case regex
    case boolean
    /// A whole number ≥ 0.
    case integer
    case float
    case enumeration([String])
    /// Comma-separated strings.
    case stringList
    /// Comma-separated whole numbers.
    case numberList

    /// Anchore's validator name, for `/system/policy_spec`.
    var validatorName: String {
        switch self {
        case .string: "TypeValidator"
        case .regex: "RegexValidator"
        case .boolean: "BooleanStringValidator"
        case .integer: "IntegerValidator"
        case .float: "FloatValidator"
        case .enumeration: "EnumValidator"
        case .stringList: "CommaDelimitedStringListValidator"
        case .numberList: "CommaDelimitedNumberListValidator"
        }
    }

    /// What the validator accepts, for `/system/policy_spec`.
    var criteria: Any {
        switch self {
        case .string, .regex: "string"
        case .boolean: ["true", "false"]
        case .integer: #"^\s*[\d]+\s*$"#
        case .float: #"^\s*-*(\d)*(\.\d*)?\s*$"#
        case .enumeration(let values): values
        case .stringList: #"^\s*(\s*([^,]+)\s*,)*\s*([^,]+){1}\s*$"#
        case .numberList: #"^\s*(\s*(\d+)\s*,)*\s*(\d+){1}\s*$"#
        }
    }
}

/// One parameter of a trigger.
public struct ParameterSpec: Sendable {
    public var name: String
    public var description: String
    public var example: String
    public var required: Bool
    public var kind: ParameterKind
    /// Older names that are accepted too (`usernameblacklist` for `user_names`).
    public var aliases: [String]

    public init(_ name: String, _ kind: ParameterKind, required: Bool = false, example: String, aliases: [String] = [], _ description: String) {
        self.name = name
        self.description = description
        self.example = example
        self.required = required
        self.kind = kind
        self.aliases = aliases
    }
}

/// One trigger of a gate: its parameters and what it checks.
public struct TriggerSpec: Sendable {
    public var name: String
    public var description: String
    public var state: LifecycleState
    public var parameters: [ParameterSpec]
    /// Checks that span parameters (a value that needs its operator); returns the problem, if any.
    var check: (@Sendable (ParameterValues) -> String?)?
    /// What of the image the trigger reads (its gate's, unless the trigger says otherwise).
    public internal(set) var reads: AnalysisParts
    /// Runs the trigger against an image; each ``TriggerRun/fire(_:id:)`` is one finding.
    var body: @Sendable (inout TriggerRun) -> Void
    /// Whether ``reads`` was given for the trigger itself.
    let ownReads: Bool

    init(
        _ name: String, _ description: String, state: LifecycleState = .active, parameters: [ParameterSpec] = [],
        reads: AnalysisParts? = nil, check: (@Sendable (ParameterValues) -> String?)? = nil,
        body: @escaping @Sendable (inout TriggerRun) -> Void
    ) {
        self.name = name
        self.description = description
        self.state = state
        self.parameters = parameters
        self.reads = reads ?? []
        self.ownReads = reads != nil
        self.check = check
        self.body = body
    }
}

/// The parts of an image's facts a trigger reads beyond the analysis document's small head (metadata, distro,
/// layers, Dockerfile): a caller holding thousands of stored images decodes and gathers only what the bundle's
/// rules read (``CompiledBundle/reads``). A part not read is left empty in the ``PolicyInput``.
public struct AnalysisParts: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The package list: types, names, versions, licenses, source and architecture — not each package's files,
    /// locations, purl or metadata.
    public static let packages = AnalysisParts(rawValue: 1 << 0)
    /// Which files each package owns.
    public static let packageFiles = AnalysisParts(rawValue: 1 << 1)
    /// The image's file list.
    public static let files = AnalysisParts(rawValue: 1 << 2)
    /// The secret search's findings.
    public static let secrets = AnalysisParts(rawValue: 1 << 3)
    /// Files retrieved at analysis time (`/etc/passwd`).
    public static let retrievedFiles = AnalysisParts(rawValue: 1 << 4)
    /// The vulnerability matches and the feed state.
    public static let vulnerabilities = AnalysisParts(rawValue: 1 << 5)

    public static let all: AnalysisParts = [.packages, .packageFiles, .files, .secrets, .retrievedFiles, .vulnerabilities]
}

/// A gate: a family of triggers over one kind of image data.
public struct GateSpec: Sendable {
    public var name: String
    public var description: String
    public var state: LifecycleState
    public var supersededBy: String?
    public var triggers: [TriggerSpec]

    /// `reads`: what the gate's triggers read, unless a trigger says for itself.
    init(
        _ name: String, _ description: String, state: LifecycleState = .active, supersededBy: String? = nil, reads: AnalysisParts = [],
        triggers: [TriggerSpec]
    ) {
        self.name = name
        self.description = description
        self.state = state
        self.supersededBy = supersededBy
        self.triggers = triggers.map { trigger in
            var trigger = trigger
            if !trigger.ownReads { trigger.reads = reads }
            return trigger
        }
    }

    public func trigger(named name: String) -> TriggerSpec? { triggers.first { $0.name == name.lowercased() } }
}

/// A parameter's value, parsed by its kind.
enum ParameterValue: Sendable {
    case string(String)
    case regex(Pattern)
    case boolean(Bool)
    case integer(Int)
    case float(Double)
    case list([String])
}

/// A trigger's parameter values by name, parsed when the bundle is read.
public struct ParameterValues: Sendable {
    var values: [String: ParameterValue] = [:]

    func string(_ name: String) -> String? {
        switch values[name] {
        case .string(let s): s
        case .regex(let p): p.source
        default: nil
        }
    }

    func bool(_ name: String) -> Bool? {
        if case .boolean(let b) = values[name] { return b }
        return nil
    }

    func int(_ name: String) -> Int? {
        if case .integer(let i) = values[name] { return i }
        return nil
    }

    func double(_ name: String) -> Double? {
        if case .float(let d) = values[name] { return d }
        return nil
    }

    func list(_ name: String) -> [String]? {
        if case .list(let l) = values[name] { return l }
        return nil
    }

    func regex(_ name: String) -> Pattern? {
        if case .regex(let p) = values[name] { return p }
        return nil
    }
}

extension ParameterSpec {
    /// Parses a value by the parameter's kind; the error text names the parameter.
    func parse(_ raw: String) -> Result<ParameterValue, ValidationProblem> {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        func bad(_ why: String) -> Result<ParameterValue, ValidationProblem> {
            .failure(ValidationProblem("ParameterValueInvalidError", "parameter \(name): \(why)"))
        }
        switch kind {
        case .string:
            return .success(.string(raw))
        case .regex:
            do { return .success(.regex(try Pattern(raw))) } catch { return bad("\"\(raw)\" is not a valid regular expression") }
        case .boolean:
            switch trimmed.lowercased() {
            case "true": return .success(.boolean(true))
            case "false": return .success(.boolean(false))
            default: return bad("\"\(raw)\" is not true or false")
            }
        case .integer:
            guard !trimmed.isEmpty, trimmed.allSatisfy(\.isASCIIDigit), let value = Int(trimmed) else {
                return bad("\"\(raw)\" is not a whole number")
            }
            return .success(.integer(value))
        case .float:
            guard let value = Double(trimmed), value.isFinite else { return bad("\"\(raw)\" is not a number") }
            return .success(.float(value))
        case .enumeration(let allowed):
            guard allowed.contains(trimmed) else { return bad("\"\(raw)\" is not one of \(allowed.joined(separator: ", "))") }
            return .success(.string(trimmed))
        case .stringList:
            let items = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !items.isEmpty else { return bad("the list is empty") }
            return .success(.list(items))
        case .numberList:
            let items = raw.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !items.isEmpty, items.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
                return bad("\"\(raw)\" is not a comma-separated list of whole numbers")
            }
            return .success(.list(items))
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
