/// An npm (node-semver) version range: `||` alternatives of space-separated comparator sets, with the sugar
/// node-semver desugars — `^`, `~` (and `~>`), x-ranges (`1.x`, `1.2.*`, `*`, ``), partial versions, hyphen ranges
/// (`1.2.3 - 2.3.4`) — following node-semver's README table (strict mode, without `includePrerelease`).
///
/// A version with a prerelease tag satisfies a comparator set only if some comparator in the set has a prerelease on
/// the same `[major, minor, patch]` tuple (`>1.2.3-alpha.3` admits `1.2.3-alpha.7`, not `3.4.5-beta.2`).
public struct NPMRange: Sendable, Hashable, CustomStringConvertible {
    struct Comparator: Sendable, Hashable {
        enum Operator: String, Sendable, Hashable { case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "=" }
        var op: Operator
        var version: SemanticVersion

        func matches(_ candidate: SemanticVersion) -> Bool {
            let order = SemanticVersion.compare(candidate, version)
            switch op {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            case .greaterOrEqual: return order >= 0
            case .equal: return order == 0
            }
        }
    }

    public let text: String
    /// The alternatives; each is a set of comparators that must all hold (an empty set admits any release version).
    let sets: [[Comparator]]
    public var description: String { text }

    public init(_ text: String) throws(VersionError) {
        self.text = text
        var sets: [[Comparator]] = []
        for alternative in text.split(separator: "||", omittingEmptySubsequences: false) {
            sets.append(try Self.comparatorSet(alternative, range: text))
        }
        self.sets = sets
    }

    public func contains(_ version: SemanticVersion) -> Bool {
        sets.contains { set in
            guard set.allSatisfy({ $0.matches(version) }) else { return false }
            if version.prerelease.isEmpty { return true }
            return set.contains { comparator in
                !comparator.version.prerelease.isEmpty && comparator.version.major == version.major
                    && comparator.version.minor == version.minor && comparator.version.patch == version.patch
            }
        }
    }

    // MARK: - Parsing

    /// A version with missing or wildcard parts: `1`, `1.x`, `1.2.*`, `1.2.3-beta.1`.
    struct Partial {
        var major: String?, minor: String?, patch: String?
        var prerelease: [SemanticVersion.Identifier] = []

        func version(_ m: String, _ n: String, _ p: String, prerelease: [SemanticVersion.Identifier] = []) -> SemanticVersion {
            SemanticVersion(major: m, minor: n, patch: p, prerelease: prerelease)
        }

        /// The full version (x parts as 0) with its prerelease.
        var floor: SemanticVersion { version(major ?? "0", minor ?? "0", patch ?? "0", prerelease: prerelease) }
    }

    static let zeroPrerelease: [SemanticVersion.Identifier] = [.numeric("0")]
    static let operators = ["<=", ">=", "~>", "<", ">", "=", "~", "^"]

    static func fail(_ range: String, _ why: String) -> VersionError {
        VersionError(.invalidRange, "\"\(range)\" is not an npm version range: \(why)")
    }

    static func comparatorSet(_ alternative: Substring, range: String) throws(VersionError) -> [Comparator] {
        // Join a lone operator with the version after it: `>= 1.2.3` is `>=1.2.3`.
        var tokens: [String] = []
        var pendingOperator: String?
        for token in alternative.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) {
            if let op = pendingOperator {
                tokens.append(op + token)
                pendingOperator = nil
            } else if operators.contains(token) {
                pendingOperator = token
            } else {
                tokens.append(token)
            }
        }
        if let op = pendingOperator { throw fail(range, "`\(op)` without a version") }
        if tokens.count == 3, tokens[1] == "-" {
            return try hyphen(try partial(tokens[0], range: range), try partial(tokens[2], range: range))
        }
        var set: [Comparator] = []
        for token in tokens {
            set += try comparators(token, range: range)
        }
        return set
    }

    static func comparators(_ token: String, range: String) throws(VersionError) -> [Comparator] {
        for sugar in ["~>", "~", "^"] where token.hasPrefix(sugar) {
            let p = try partial(String(token.dropFirst(sugar.count)), range: range)
            return sugar == "^" ? caret(p) : tilde(p)
        }
        var op = ""
        for candidate in ["<=", ">=", "<", ">", "="] where token.hasPrefix(candidate) {
            op = candidate
            break
        }
        return xRange(op, try partial(String(token.dropFirst(op.count)), range: range))
    }

    static func partial(_ input: String, range: String) throws(VersionError) -> Partial {
        var text = Substring(input)
        while let first = text.first, first == "v" || first == "=" { text = text.dropFirst() }
        guard !text.isEmpty else { throw fail(range, "empty version in `\(input)`") }
        var core = text
        var qualifier: Substring = ""
        if let start = text.firstIndex(where: { $0 == "-" || $0 == "+" }) {
            core = text[..<start]
            qualifier = text[start...]
        }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 3 else { throw fail(range, "`\(input)` has more than three parts") }
        var numbers: [String?] = []
        for part in parts {
            if part == "x" || part == "X" || part == "*" {
                numbers.append(nil)
            } else {
                guard Digits.isAllDigits(part), part == "0" || part.first != "0" else {
                    throw fail(range, "`\(part)` in `\(input)` is not a number or x")
                }
                numbers.append(String(part))
            }
        }
        while numbers.count < 3 { numbers.append(nil) }
        // Once a part is x, the parts after it are too (`1.x.3` is `1.x.x`).
        if let firstX = numbers.firstIndex(of: nil) {
            for index in firstX..<3 { numbers[index] = nil }
        }
        var result = Partial(major: numbers[0], minor: numbers[1], patch: numbers[2])
        if !qualifier.isEmpty {
            guard let major = result.major, let minor = result.minor, let patch = result.patch else {
                throw fail(range, "`\(input)`: a prerelease or build needs a full MAJOR.MINOR.PATCH")
            }
            do {
                result.prerelease = try SemanticVersion(parsing: "\(major).\(minor).\(patch)\(qualifier)").prerelease
            } catch {
                throw fail(range, error.message)
            }
        }
        return result
    }

    static func comparator(_ op: Comparator.Operator, _ m: String, _ n: String, _ p: String, _ pre: [SemanticVersion.Identifier] = []) -> Comparator {
        Comparator(op: op, version: SemanticVersion(major: m, minor: n, patch: p, prerelease: pre))
    }

    /// `=`/``/`<`/`<=`/`>`/`>=` with a possibly partial version.
    static func xRange(_ op: String, _ v: Partial) -> [Comparator] {
        guard let major = v.major else {
            // `*`, `x`, `>=*`: anything; `<*`, `>*`: nothing.
            return op == "<" || op == ">" ? [comparator(.less, "0", "0", "0", zeroPrerelease)] : []
        }
        guard let minor = v.minor else {
            switch op {
            case ">": return [comparator(.greaterOrEqual, Digits.increment(major), "0", "0")]
            case "<=": return [comparator(.less, Digits.increment(major), "0", "0", zeroPrerelease)]
            case "<": return [comparator(.less, major, "0", "0", zeroPrerelease)]
            case ">=": return [comparator(.greaterOrEqual, major, "0", "0")]
            default: return [comparator(.greaterOrEqual, major, "0", "0"), comparator(.less, Digits.increment(major), "0", "0", zeroPrerelease)]
            }
        }
        guard let patch = v.patch else {
            switch op {
            case ">": return [comparator(.greaterOrEqual, major, Digits.increment(minor), "0")]
            case "<=": return [comparator(.less, major, Digits.increment(minor), "0", zeroPrerelease)]
            case "<": return [comparator(.less, major, minor, "0", zeroPrerelease)]
            case ">=": return [comparator(.greaterOrEqual, major, minor, "0")]
            default: return [comparator(.greaterOrEqual, major, minor, "0"), comparator(.less, major, Digits.increment(minor), "0", zeroPrerelease)]
            }
        }
        let operation = Comparator.Operator(rawValue: op.isEmpty ? "=" : op) ?? .equal
        return [comparator(operation, major, minor, patch, v.prerelease)]
    }

    /// `~1.2.3` := `>=1.2.3 <1.3.0-0`; `~1.2` := `>=1.2.0 <1.3.0-0`; `~1` := `>=1.0.0 <2.0.0-0`.
    static func tilde(_ v: Partial) -> [Comparator] {
        guard let major = v.major else { return [] }
        guard let minor = v.minor else {
            return [comparator(.greaterOrEqual, major, "0", "0"), comparator(.less, Digits.increment(major), "0", "0", zeroPrerelease)]
        }
        return [comparator(.greaterOrEqual, major, minor, v.patch ?? "0", v.prerelease),
                comparator(.less, major, Digits.increment(minor), "0", zeroPrerelease)]
    }

    /// `^1.2.3` := `>=1.2.3 <2.0.0-0`; `^0.2.3` := `>=0.2.3 <0.3.0-0`; `^0.0.3` := `>=0.0.3 <0.0.4-0`;
    /// `^0.0.x` := `>=0.0.0 <0.1.0-0`; `^0.x` := `>=0.0.0 <1.0.0-0`.
    static func caret(_ v: Partial) -> [Comparator] {
        guard let major = v.major else { return [] }
        guard let minor = v.minor else {
            return [comparator(.greaterOrEqual, major, "0", "0"), comparator(.less, Digits.increment(major), "0", "0", zeroPrerelease)]
        }
        let lower = comparator(.greaterOrEqual, major, minor, v.patch ?? "0", v.prerelease)
        let upper: Comparator
        if major != "0" {
            upper = comparator(.less, Digits.increment(major), "0", "0", zeroPrerelease)
        } else if minor != "0" || v.patch == nil {
            upper = comparator(.less, "0", Digits.increment(minor), "0", zeroPrerelease)
        } else {
            upper = comparator(.less, "0", "0", Digits.increment(v.patch!), zeroPrerelease)
        }
        return [lower, upper]
    }

    /// `1.2 - 2.3.4` := `>=1.2.0 <=2.3.4`; `1.2.3 - 2.3` := `>=1.2.3 <2.4.0-0`; `1.2.3 - 2` := `>=1.2.3 <3.0.0-0`.
    static func hyphen(_ from: Partial, _ to: Partial) -> [Comparator] {
        var set: [Comparator] = []
        if from.major != nil { set.append(Comparator(op: .greaterOrEqual, version: from.floor)) }
        if let major = to.major {
            if let minor = to.minor {
                if let patch = to.patch {
                    set.append(comparator(.lessOrEqual, major, minor, patch, to.prerelease))
                } else {
                    set.append(comparator(.less, major, Digits.increment(minor), "0", zeroPrerelease))
                }
            } else {
                set.append(comparator(.less, Digits.increment(major), "0", "0", zeroPrerelease))
            }
        }
        return set
    }
}

extension NPMRange {
    /// The desugared comparator sets as node-semver prints them (`>=1.2.3 <1.3.0-0||…`), for tests and messages.
    public var desugared: String {
        sets.map { set in set.isEmpty ? "*" : set.map { "\($0.op == .equal ? "" : $0.op.rawValue)\($0.version.text)" }.joined(separator: " ") }
            .joined(separator: "||")
    }
}
