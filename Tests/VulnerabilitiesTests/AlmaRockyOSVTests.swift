import Catalog
import Foundation
import Testing
import Vulnerabilities

/// AlmaLinux and Rocky Linux advisories from their OSV data (`Fixtures/almalinux-osv`, a real ALSA record): keyed by
/// the advisory, the CVEs it fixes as aliases, matched by source rpm in `almalinux:N` / `rocky:N`.
@Suite struct AlmaRockyOSVTests {
    static let file = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/almalinux-osv/ALSA-2025-10073.json")

    @Test("AlmaLinux and Rocky ecosystems name a major release", arguments: [
        ("AlmaLinux:9", "almalinux:9"), ("AlmaLinux:10", "almalinux:10"), ("Rocky Linux:8", "rocky:8"),
        ("AlmaLinux:9.4", nil), ("Rocky Linux", nil), ("AlmaLinux:", nil),
    ] as [(String, String?)])
    func ecosystems(_ name: String, _ namespace: String?) {
        #expect(OSVEcosystem(name)?.namespace == namespace)
        #expect(OSVEcosystem(name).map(\.versionScheme) == (namespace == nil ? nil : "rpm"))
    }

    @Test func anAdvisoryMatchesBySourceRPM() throws {
        let parsed = try OSVFeed.parse(try Data(contentsOf: Self.file), format: .json, name: "ALSA-2025-10073.json")
        #expect(parsed.skipped.isEmpty)
        let record = try #require(parsed.records.first)
        #expect(parsed.records.count == 1)
        #expect(record.id == "ALSA-2025:10073")
        #expect(record.namespace == "almalinux:10")
        #expect(record.aliases == ["CVE-2025-6424", "CVE-2025-6425", "CVE-2025-6429", "CVE-2025-6430"])
        #expect(record.fixedVersions == ["128.12.0-1.el10_0"])

        var index = VulnerabilityIndex()
        index.add(parsed.records, feed: "almalinux")
        let matcher = VulnerabilityMatcher(index: index)
        let distro = Distro(id: "almalinux", version: "10.0", prettyName: "AlmaLinux 10.0 (Purple Lion)", idLike: ["rhel", "centos", "fedora"], namespace: "almalinux:10")
        func report(_ version: String) -> MatchReport {
            matcher.match(MatchInput(distro: distro, packages: [
                MatchPackage(type: .rpm, name: "firefox", version: version, sourceName: "firefox", sourceVersion: version, path: "pkgdb"),
                MatchPackage(type: .rpm, name: "bash", version: "5.2.26-6.el10", sourceName: "bash", sourceVersion: "5.2.26-6.el10", path: "pkgdb"),
            ]))
        }
        let before = report("128.11.0-1.el10_0")
        #expect(before.osNamespace == "almalinux:10")
        #expect(before.matches.map { "\($0.id) \($0.packageName) \($0.fixedVersions)" } == [#"ALSA-2025:10073 firefox ["128.12.0-1.el10_0"]"#])
        #expect(report("128.12.0-1.el10_0").matches.isEmpty)
        #expect(report("0:128.13.0-1.el10_0").matches.isEmpty, "an explicit zero epoch is no epoch")
    }

    /// A module-stream fix cannot be told apart from the plain package's: it is skipped with the reason rather
    /// than matched against every build of the package.
    @Test func moduleStreamFixesAreSkippedWithTheReason() throws {
        let record = Data(#"""
            {"id": "RLSA-2023:7190", "related": ["CVE-2023-39325"], "affected": [{"package": {"ecosystem": "Rocky Linux:9", "name": "golang"},
             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.20.10-1.module+el9.3.0+111+aaaaaaaa"}]}]}]}
            """#.utf8)
        let parsed = try OSVFeed.parse(record, format: .json, name: "RLSA-2023:7190.json")
        #expect(parsed.records.isEmpty)
        #expect(parsed.skipped.map(\.reason) == ["a fix for a module stream: module streams are not matched"])
    }
}
