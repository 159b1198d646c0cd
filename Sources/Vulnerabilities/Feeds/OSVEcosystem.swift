import Catalog

/// OSV ecosystems Drydock matches, with the namespace and version scheme of each.
public struct OSVEcosystem: Hashable, Sendable {
    public var namespace: String
    public var versionScheme: String

    /// `PyPI` → (`pypi`, `pep440`); `Debian:12` → (`debian:12`, `dpkg`); `Alpine:v3.19` → (`alpine:3.19`, `apk`);
    /// nil for an ecosystem Drydock does not match (Ubuntu, Packagist, Hex, a bare `Debian`, …).
    public init?(_ ecosystem: String) {
        let parts = ecosystem.split(separator: ":", maxSplits: 1).map(String.init)
        let base = parts.first ?? ""
        let release = parts.count > 1 ? parts[1] : nil
        switch (base, release) {
        case ("PyPI", nil): (namespace, versionScheme) = ("pypi", "pep440")
        case ("npm", nil): (namespace, versionScheme) = ("npm", "semver")
        case ("Go", nil): (namespace, versionScheme) = ("go", "go")
        case ("Maven", _): (namespace, versionScheme) = ("maven", "maven")
        case ("RubyGems", nil): (namespace, versionScheme) = ("rubygems", "gem")
        case ("crates.io", nil): (namespace, versionScheme) = ("crates.io", "semver")
        case ("NuGet", nil): (namespace, versionScheme) = ("nuget", "semver")
        case let ("Debian", release?):
            // `Debian:12`, or a codename some feeds write (`Debian:bookworm`).
            if release.allSatisfy(\.isNumber), !release.isEmpty {
                namespace = "debian:\(release)"
            } else if let mapped = DebianRelease.namespace(forCodename: release) {
                namespace = mapped
            } else {
                return nil
            }
            versionScheme = "dpkg"
        case let ("Alpine", release?):
            guard let mapped = AlpineSecDBFeed.namespace(forDistroVersion: release) else { return nil }
            (namespace, versionScheme) = (mapped, "apk")
        default:
            return nil
        }
    }

    /// The package name as Drydock keys it in this ecosystem: PEP 503 for PyPI, lower-case for NuGet (ids are
    /// case-insensitive); everything else as written (npm and Go paths are case-sensitive, Maven is `group:artifact`).
    public func normalizedName(_ name: String) -> String {
        switch namespace {
        case "pypi": LanguagePURL.normalizedPythonName(name)
        case "nuget": name.lowercased()
        default: name
        }
    }
}
