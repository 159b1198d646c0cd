/// The version schemes, by name, for code that knows a package's ecosystem only as data (a matcher, a feed).
public enum VersionScheme: String, Sendable, Hashable, CaseIterable {
    case dpkg, apk, rpm, pep440, semver, maven, gem, go

    /// Parses and compares two versions of this scheme.
    public func compare(_ a: String, _ b: String) throws(VersionError) -> VersionOrder {
        let r: Int
        switch self {
        case .dpkg: r = DpkgVersion.compare(try DpkgVersion(parsing: a), try DpkgVersion(parsing: b))
        case .apk:
            switch ApkVersion.compare(try ApkVersion(parsing: a).text, try ApkVersion(parsing: b).text) {
            case .less: r = -1
            case .equal: r = 0
            case .greater: r = 1
            }
        case .rpm: r = RPMVersion.compare(try RPMVersion(parsing: a), try RPMVersion(parsing: b))
        case .pep440: r = PEP440Version.compare(try PEP440Version(parsing: a), try PEP440Version(parsing: b))
        case .semver: r = SemanticVersion.compare(try SemanticVersion(parsing: a), try SemanticVersion(parsing: b))
        case .maven: r = MavenVersion.compare(try MavenVersion(parsing: a), try MavenVersion(parsing: b))
        case .gem: r = GemVersion.compare(try GemVersion(parsing: a), try GemVersion(parsing: b))
        case .go: r = SemanticVersion.compare(try GoVersion(parsing: a).semver, try GoVersion(parsing: b).semver)
        }
        return r < 0 ? .less : (r > 0 ? .greater : .equal)
    }

    /// Whether `version` parses in this scheme.
    public func validate(_ version: String) throws(VersionError) {
        _ = try compare(version, version)
    }
}

/// The outcome of a comparison (Foundation's `ComparisonResult` without Foundation).
public enum VersionOrder: Int, Sendable, Hashable {
    case less = -1, equal = 0, greater = 1
}
