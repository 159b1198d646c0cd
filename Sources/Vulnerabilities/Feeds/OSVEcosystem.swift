import Catalog

/// OSV ecosystems Drydock matches, with the namespace and version scheme of each.
public struct OSVEcosystem: Hashable, Sendable {
    public var namespace: String
    public var versionScheme: String
    /// The subscription an image needs for the ecosystem's fixes: `Ubuntu Pro` for Canonical's ESM
    /// (`Ubuntu:Pro:…`) ecosystems, nil for fixes everyone gets.
    public var subscription: String?

    /// `PyPI` → (`pypi`, `pep440`); `Debian:12` → (`debian:12`, `dpkg`); `Alpine:v3.19` → (`alpine:3.19`, `apk`);
    /// `AlmaLinux:9` → (`almalinux:9`, `rpm`), `Rocky Linux:8` → (`rocky:8`, `rpm`); `SUSE:Linux Enterprise Server 15 SP5`
    /// → (`sles:15.5`, `rpm`), `openSUSE:Leap 15.5` → (`opensuse-leap:15.5`, `rpm`) (see ``SUSEProduct``);
    /// `Ubuntu:22.04:LTS` and `Ubuntu:Pro:16.04:LTS` → (`ubuntu:22.04`, `dpkg`), the second needing Ubuntu Pro;
    /// nil for an ecosystem Drydock does not match (Packagist, Hex, a bare `Debian`, Ubuntu's FIPS streams, …).
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
        case let ("Ubuntu", release?):
            // `22.04:LTS`, `24.10`, `Pro:16.04:LTS`; the FIPS and other streams (`Pro:FIPS:…`) are not images' releases.
            var parts = release.split(separator: ":").map(String.init)
            if parts.first == "Pro" {
                subscription = "Ubuntu Pro"
                parts.removeFirst()
            }
            guard let version = parts.first, parts.dropFirst().allSatisfy({ $0 == "LTS" }) else { return nil }
            let numbers = version.split(separator: ".", omittingEmptySubsequences: false)
            guard numbers.count == 2, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
            (namespace, versionScheme) = ("ubuntu:\(version)", "dpkg")
        case let ("AlmaLinux", release?), let ("Rocky Linux", release?):
            // `AlmaLinux:9`, `Rocky Linux:8`: the major release, as the distros' namespaces are (`almalinux:9`).
            guard !release.isEmpty, release.allSatisfy(\.isNumber) else { return nil }
            (namespace, versionScheme) = ((base == "AlmaLinux" ? "almalinux:" : "rocky:") + release, "rpm")
        case let ("SUSE", product?), let ("openSUSE", product?):
            // `SUSE:Linux Enterprise Module for Basesystem 15 SP5`, `openSUSE:Leap 15.5`, `openSUSE:Tumbleweed`: the
            // product's name after the vendor, whose packages live in the release's namespace (`sles:15.5`).
            guard let mapped = SUSEProduct.namespace(base + " " + product) else { return nil }
            (namespace, versionScheme) = (mapped, "rpm")
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
