/// A Go module version: `v` + semver, including pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`, which are
/// semver prereleases and so order by their timestamp) and `+incompatible` (build metadata, ignored in order).
public struct GoVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let text: String
    public let semver: SemanticVersion
    public var description: String { text }
    public var isIncompatible: Bool { semver.build == ["incompatible"] }
    /// A pseudo-version: `vX.Y.Z-[pre.]0.yyyymmddhhmmss-abcdefabcdef` or `vX.0.0-yyyymmddhhmmss-abcdefabcdef`.
    public var isPseudoVersion: Bool {
        guard let last = semver.prerelease.last, case let .alphanumeric(s) = last else { return false }
        let parts = s.split(separator: "-")
        guard parts.count >= 2, let ts = parts.dropLast().last, let hash = parts.last else { return false }
        return hash.count == 12 && ts.count >= 14 && Digits.isAllDigits(ts.suffix(14))
    }

    public init(parsing input: String) throws(VersionError) {
        guard input.hasPrefix("v") else { throw VersionError(.invalid, "\"\(input)\" is not a Go module version: it must start with v") }
        do { semver = try SemanticVersion(parsing: input) } catch {
            throw VersionError(.invalid, "\"\(input)\" is not a Go module version: \(error.message)")
        }
        if !semver.build.isEmpty && semver.build != ["incompatible"] {
            throw VersionError(.invalid, "\"\(input)\" is not a Go module version: only +incompatible build metadata is allowed")
        }
        text = input
    }

    public static func < (a: GoVersion, b: GoVersion) -> Bool { a.semver < b.semver }
    public static func == (a: GoVersion, b: GoVersion) -> Bool { a.semver == b.semver }
    public func hash(into hasher: inout Hasher) { hasher.combine(semver) }
}
