/// A PEP 440 version specifier set (`>=1.0,!=1.3.*,<2`), matching as `packaging.specifiers.SpecifierSet` (26.x)
/// `contains` does: a prerelease is accepted unless `prereleases` is false; with `prereleases == false` it is
/// refused unless a clause names a prerelease.
public struct PEP440Specifier: Hashable, Sendable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case arbitrary = "===", compatible = "~=", equal = "==", notEqual = "!=",
             lessOrEqual = "<=", greaterOrEqual = ">=", less = "<", greater = ">"
    }

    public struct Clause: Hashable, Sendable, CustomStringConvertible {
        public let op: Operator
        /// The version text after the operator (with `.*` for a wildcard).
        public let version: String
        public var description: String { op.rawValue + version }

        var isWildcard: Bool { version.hasSuffix(".*") }

        /// `Specifier.prereleases`: the clause names a prerelease.
        var namesPrerelease: Bool {
            guard op != .notEqual else { return false }
            let text = isWildcard ? String(version.dropLast(2)) : version
            return (try? PEP440Version(parsing: text))?.isPrerelease ?? false
        }

        init(parsing text: Substring) throws(VersionError) {
            let t = String(text).trimmingASCIIWhitespace()
            guard let op = Operator.allCases.first(where: { t.hasPrefix($0.rawValue) }) else {
                throw VersionError(.invalidRange, "\"\(t)\" is not a PEP 440 specifier: it has no operator")
            }
            let v = String(t.dropFirst(op.rawValue.count)).trimmingASCIIWhitespace()
            func fail(_ why: String) -> VersionError {
                VersionError(.invalidRange, "\"\(t)\" is not a PEP 440 specifier: \(why)")
            }
            guard !v.isEmpty else { throw fail("no version after \(op.rawValue)") }
            self.op = op
            self.version = v
            if op == .arbitrary {
                guard !v.contains(where: { $0 == " " || $0 == "," || $0 == ";" }) else { throw fail("bad arbitrary version") }
                return
            }
            if isWildcard {
                guard op == .equal || op == .notEqual else { throw fail("a .* wildcard is only allowed with == and !=") }
                guard let base = try? PEP440Version(parsing: String(v.dropLast(2))),
                      base.pre == nil, base.post == nil, base.dev == nil, base.local == nil, !v.hasPrefix(" ") else {
                    throw fail("a wildcard needs a plain release before .*")
                }
                return
            }
            let parsed: PEP440Version
            do { parsed = try PEP440Version(parsing: v) } catch { throw fail("\"\(v)\" is not a PEP 440 version") }
            if parsed.local != nil && op != .equal && op != .notEqual { throw fail("a local version is only allowed with == and !=") }
            if op == .compatible && parsed.release.count < 2 { throw fail("~= needs at least two release segments") }
        }

        /// The operator applied, without prerelease filtering.
        func matches(_ candidate: PEP440Version) -> Bool {
            switch op {
            case .arbitrary:
                return candidate.text.trimmingASCIIWhitespace().lowercased() == version.lowercased()
            case .equal: return Self.equal(candidate, version)
            case .notEqual: return !Self.equal(candidate, version)
            default: break
            }
            guard let spec = try? PEP440Version(parsing: version) else { return false }
            let pub = (try? PEP440Version(parsing: candidate.publicVersion)) ?? candidate
            switch op {
            case .lessOrEqual: return pub <= spec
            case .greaterOrEqual: return pub >= spec
            case .less:
                guard candidate < spec else { return false }
                if !spec.isPrerelease, candidate.isPrerelease,
                   (try? PEP440Version(parsing: candidate.baseVersion)) == (try? PEP440Version(parsing: spec.baseVersion)) {
                    return false
                }
                return true
            case .greater:
                guard candidate > spec else { return false }
                let sameBase = (try? PEP440Version(parsing: candidate.baseVersion)) == (try? PEP440Version(parsing: spec.baseVersion))
                if !spec.isPostrelease, candidate.isPostrelease, sameBase { return false }
                if candidate.local != nil, sameBase { return false }
                return true
            case .compatible:
                // `>= V` and `== prefix.*`, the prefix being V's release without its last segment.
                guard pub >= spec else { return false }
                let prefix = spec.release.dropLast().joined(separator: ".")
                let epoch = spec.epoch == "0" ? "" : spec.epoch + "!"
                return Self.equal(candidate, epoch + prefix + ".*")
            default: return false
            }
        }

        private static func equal(_ candidate: PEP440Version, _ spec: String) -> Bool {
            if spec.hasSuffix(".*") {
                guard let base = try? PEP440Version(parsing: String(spec.dropLast(2))) else { return false }
                if Digits.compare(candidate.epoch.utf8, base.epoch.utf8) != 0 { return false }
                // packaging compares the split public version, release padded with zeros, up to the spec's length.
                var release = candidate.release
                while release.count < base.release.count { release.append("0") }
                for (x, y) in zip(release, base.release) where Digits.compare(x.utf8, y.utf8) != 0 { return false }
                return true
            }
            guard let v = try? PEP440Version(parsing: spec) else { return false }
            if v.local == nil, let pub = try? PEP440Version(parsing: candidate.publicVersion) { return pub == v }
            return candidate == v
        }
    }

    public let clauses: [Clause]
    /// Overrides the prerelease rule (packaging's `prereleases=`), nil for the default.
    public var prereleases: Bool?
    public var description: String { clauses.map(\.description).joined(separator: ",") }

    public init(parsing text: String, prereleases: Bool? = nil) throws(VersionError) {
        let trimmed = text.trimmingASCIIWhitespace()
        var clauses: [Clause] = []
        if !trimmed.isEmpty {
            for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
                clauses.append(try Clause(parsing: part))
            }
        }
        self.clauses = clauses
        self.prereleases = prereleases
    }

    /// `SpecifierSet.contains(version)`.
    public func contains(_ version: PEP440Version) -> Bool {
        let allowPre = prereleases ?? true || clauses.contains { $0.namesPrerelease }
        if version.isPrerelease && !allowPre { return false }
        return clauses.allSatisfy { $0.matches(version) }
    }
}
