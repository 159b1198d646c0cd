public import Foundation
import Versions

/// SUSE's security advisories (CVRF) as aquasecurity/vuln-list mirrors them, one JSON file per advisory
/// (`cvrf/suse/suse/YYYY/SUSE-SU-….json`, `cvrf/suse/opensuse/openSUSE-SU-….json`), the data Trivy matches SUSE with:
/// `{Title, Tracking: {ID}, Notes: [{Type, Title, Text}], ProductTree: {Relationships: [{ProductReference,
/// RelatesToProductReference}]}, References: [{URL}], Vulnerabilities: [{CVE, Threats: [{Type, Severity}]}]}`.
///
/// One record per (release, binary package, advisory), as Amazon's advisories are read: the id is the advisory's
/// (`SUSE-SU-2024:2546-1`), its CVEs are the aliases (so NVD scores, KEV and EPSS find it), the package's
/// `version-release` from the product reference (`libgnutls30-3.7.3-150400.8.1`, an architecture suffix dropped) is
/// the fix, and the severity is SUSE's highest impact rating among its CVEs. The release comes from the product the
/// package belongs to (``SUSEProduct``); products no image is (SUSE Manager, Enterprise Storage) are skipped and
/// counted. SUSE publishes fixed advisories only, so there is no unfixed state. When several products of one code
/// stream ship the package (`Server 15 SP5-LTSS`, `Module for Basesystem 15 SP5`) at different versions, the lowest
/// is the fix: the stream's build at that version already carries it.
public enum SUSECVRFFeed {
    public static let feedName = "suse-cvrf"

    /// Parses every `*.json` under `directory` (a vuln-list checkout's `cvrf/suse` tree, or any folder of such files).
    public static func parse(directory: URL) throws(FeedError) -> FeedParseResult {
        try FeedFile.parseEach(under: directory, extensions: ["json"]) { data, name throws(FeedError) in try parse(data, name: name) }
    }

    /// Parses one advisory document named `name`.
    public static func parse(_ data: Data, name: String) throws(FeedError) -> FeedParseResult {
        let document = try FeedValue.json(data, context: name)
        guard document.members != nil else {
            throw FeedError(.malformed, "\(name): a CVRF advisory is an object, not \(document.kindName)")
        }
        var result = FeedParseResult()
        guard let id = document["Tracking"]?["ID"]?.string, !id.isEmpty else {
            result.skip(name, "no `Tracking.ID`: not a CVRF advisory")
            return result
        }
        let entry = "\(name) \(id)"
        var cves: [String] = []
        var severities: [String] = []
        for vulnerability in document["Vulnerabilities"]?.array ?? [] {
            if let cve = vulnerability["CVE"]?.string, !cve.isEmpty, !cves.contains(cve) { cves.append(cve) }
            for threat in vulnerability["Threats"]?.array ?? [] where threat["Type"]?.string == "Impact" {
                if let severity = threat["Severity"]?.string?.lowercased() { severities.append(severity) }
            }
        }
        // Fixes by (namespace, package), in document order.
        var order: [(namespace: String, package: String)] = []
        var fixes: [String: String] = [:]
        var unmapped: Set<String> = []
        for relationship in document["ProductTree"]?["Relationships"]?.array ?? [] {
            guard let reference = relationship["ProductReference"]?.string, let product = relationship["RelatesToProductReference"]?.string else {
                result.skip(entry, "a relationship without ProductReference or RelatesToProductReference")
                continue
            }
            guard let namespace = SUSEProduct.namespace(product) else {
                unmapped.insert(product)
                continue
            }
            guard let (package, version) = nameAndVersion(reference) else {
                result.skip(entry, "`\(reference)` is not `name-version-release`")
                continue
            }
            let key = namespace + "\u{0}" + package
            if let known = fixes[key] {
                if let old = try? RPMVersion(parsing: known), let new = try? RPMVersion(parsing: version), new < old { fixes[key] = version }
            } else {
                fixes[key] = version
                order.append((namespace, package))
            }
        }
        for product in unmapped.sorted() { result.skip(entry, "the product `\(product)` is not an image's release") }
        guard !order.isEmpty else {
            if unmapped.isEmpty { result.skip(entry, "no package in the advisory") }
            return result
        }
        let severity = severities.max { rank($0) < rank($1) }
        let notes = document["Notes"]?.array ?? []
        let details = notes.first { $0["Type"]?.string == "General" && $0["Title"]?.string == "Details" }?["Text"]?.string
        let title = document["Title"]?.string
        let links = (document["References"]?.array ?? []).compactMap { $0["URL"]?.string }
        for (namespace, package) in order {
            guard let version = fixes[namespace + "\u{0}" + package] else { continue }
            result.records.append(VulnerabilityRecord(
                namespace: namespace, id: id, aliases: cves.sorted(), packageName: package, versionScheme: "rpm",
                fixedVersions: [version], fixState: .fixed, severity: Severity(vendor: severity), description: details ?? title,
                links: links, source: FeedSource(feed: feedName, group: name)
            ))
        }
        return result
    }

    /// `libgnutls30-hmac-3.7.3-150400.8.1` (or with `.x86_64`) → (`libgnutls30-hmac`, `3.7.3-150400.8.1`): the last two
    /// dash-separated fields are the version and release.
    static func nameAndVersion(_ reference: String) -> (String, String)? {
        var text = Substring(reference)
        for arch in [".x86_64", ".aarch64", ".ppc64le", ".s390x", ".i586", ".i686", ".noarch", ".armv7hl", ".riscv64"] where text.hasSuffix(arch) {
            text = text.dropLast(arch.count)
            break
        }
        guard let releaseDash = text.lastIndex(of: "-") else { return nil }
        let head = text[..<releaseDash]
        guard let versionDash = head.lastIndex(of: "-") else { return nil }
        let name = head[..<versionDash]
        let version = text[text.index(after: versionDash)...]
        guard !name.isEmpty, version.first?.isNumber == true, !text[text.index(after: releaseDash)...].isEmpty else { return nil }
        return (String(name), String(version))
    }

    /// SUSE's ratings in order: low < moderate < important < critical.
    static func rank(_ severity: String) -> Int {
        ["low", "moderate", "important", "critical"].firstIndex(of: severity) ?? -1
    }
}
