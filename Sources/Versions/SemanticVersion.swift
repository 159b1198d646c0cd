/// A Semantic Versioning 2.0.0 version (an optional leading `v` is accepted), ordered by semver precedence:
/// build metadata is kept but ignored.
public struct SemanticVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public enum Identifier: Hashable, Sendable, Comparable {
        case numeric(String)
        case alphanumeric(String)

        public static func < (a: Identifier, b: Identifier) -> Bool {
            switch (a, b) {
            case let (.numeric(x), .numeric(y)): return Digits.compare(x.utf8, y.utf8) < 0
            case (.numeric, .alphanumeric): return true
            case (.alphanumeric, .numeric): return false
            case let (.alphanumeric(x), .alphanumeric(y)): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
            }
        }
    }

    public let text: String
    /// Digit strings without leading zeros (any length).
    public let major: String, minor: String, patch: String
    public let prerelease: [Identifier]
    public let build: [String]
    public var description: String { text }

    public init(parsing input: String) throws(VersionError) {
        func fail(_ why: String) -> VersionError { VersionError(.invalid, "\"\(input)\" is not a semantic version: \(why)") }
        var s = Substring(input)
        if s.first == "v" { s = s.dropFirst() }
        var build: [String] = []
        if let plus = s.firstIndex(of: "+") {
            build = s[s.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            for id in build where id.isEmpty || !id.utf8.allSatisfy({ Digits.isAlnum($0) || $0 == 0x2D }) {
                throw fail("bad build identifier \"\(id)\"")
            }
            s = s[..<plus]
        }
        var pre: [Identifier] = []
        if let hyphen = s.firstIndex(of: "-") {
            for id in s[s.index(after: hyphen)...].split(separator: ".", omittingEmptySubsequences: false) {
                guard !id.isEmpty, id.utf8.allSatisfy({ Digits.isAlnum($0) || $0 == 0x2D }) else {
                    throw fail("bad prerelease identifier \"\(id)\"")
                }
                if Digits.isAllDigits(id) {
                    if id.count > 1 && id.first == "0" { throw fail("numeric prerelease identifier \"\(id)\" has a leading zero") }
                    pre.append(.numeric(String(id)))
                } else {
                    pre.append(.alphanumeric(String(id)))
                }
            }
            s = s[..<hyphen]
        }
        let core = s.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3 else { throw fail("it needs MAJOR.MINOR.PATCH") }
        for n in core {
            guard Digits.isAllDigits(n) else { throw fail("\"\(n)\" is not a number") }
            if n.count > 1 && n.first == "0" { throw fail("\"\(n)\" has a leading zero") }
        }
        text = input
        major = String(core[0]); minor = String(core[1]); patch = String(core[2])
        prerelease = pre
        self.build = build
    }

    /// A version from its parts (used by ranges); numbers are digit strings.
    init(major: String, minor: String, patch: String, prerelease: [Identifier] = []) {
        self.major = major; self.minor = minor; self.patch = patch
        self.prerelease = prerelease
        self.build = []
        var t = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty {
            t += "-" + prerelease.map { if case let .numeric(s) = $0 { s } else if case let .alphanumeric(s) = $0 { s } else { "" } }
                .joined(separator: ".")
        }
        self.text = t
    }

    public static func compare(_ a: SemanticVersion, _ b: SemanticVersion) -> Int {
        for (x, y) in [(a.major, b.major), (a.minor, b.minor), (a.patch, b.patch)] {
            let r = Digits.compare(x.utf8, y.utf8)
            if r != 0 { return r }
        }
        switch (a.prerelease.isEmpty, b.prerelease.isEmpty) {
        case (true, true): return 0
        case (true, false): return 1
        case (false, true): return -1
        default: break
        }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y { return x < y ? -1 : 1 }
        return a.prerelease.count == b.prerelease.count ? 0 : (a.prerelease.count < b.prerelease.count ? -1 : 1)
    }

    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool { compare(a, b) < 0 }
    public static func == (a: SemanticVersion, b: SemanticVersion) -> Bool { compare(a, b) == 0 }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(major); hasher.combine(minor); hasher.combine(patch); hasher.combine(prerelease)
    }
}
