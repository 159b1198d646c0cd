import Catalog
import Foundation
import Layers
import Testing
import Vulnerabilities

/// Canonical's OSV data (`Fixtures/ubuntu-osv`, two real records): read into `ubuntu:YY.MM` namespaces, matched by
/// dpkg SOURCE package, and Ubuntu Pro (ESM) fixes applied only to images that carry ESM packages.
@Suite struct UbuntuOSVTests {
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/ubuntu-osv")

    static func records() throws -> FeedParseResult {
        try OSVFeed.parse(directory: directory)
    }

    @Test("Ubuntu ecosystems name a release; Pro ones need Ubuntu Pro; other streams are not releases", arguments: [
        ("Ubuntu:22.04:LTS", "ubuntu:22.04", nil), ("Ubuntu:24.10", "ubuntu:24.10", nil),
        ("Ubuntu:Pro:16.04:LTS", "ubuntu:16.04", "Ubuntu Pro"), ("Ubuntu:Pro:FIPS-updates:18.04:LTS", nil, nil),
        ("Ubuntu:Pro:18.04:LTS:Realtime:Kernel", nil, nil), ("Ubuntu", nil, nil), ("Ubuntu:jammy", nil, nil),
    ] as [(String, String?, String?)])
    func ecosystems(_ name: String, _ namespace: String?, _ subscription: String?) {
        let ecosystem = OSVEcosystem(name)
        #expect(ecosystem?.namespace == namespace)
        #expect(ecosystem?.versionScheme == (namespace == nil ? nil : "dpkg"))
        #expect(ecosystem?.subscription == subscription)
    }

    @Test func recordsPerReleaseWithCanonicalsPriority() throws {
        let result = try Self.records()
        #expect(result.skipped.isEmpty)
        let pam = result.records.filter { $0.id == "CVE-2024-22365" }
        #expect(pam.map(\.namespace) == ["ubuntu:14.04", "ubuntu:16.04", "ubuntu:18.04", "ubuntu:20.04", "ubuntu:22.04"])
        #expect(pam.allSatisfy { $0.packageName == "pam" && $0.versionScheme == "dpkg" && $0.fixState == .fixed })
        #expect(pam.map(\.subscription) == ["Ubuntu Pro", "Ubuntu Pro", "Ubuntu Pro", nil, nil])
        #expect(pam.map(\.fixedVersions) == [
            ["1.1.8-1ubuntu2.2+esm4"], ["1.1.8-3.2ubuntu2.3+esm5"], ["1.1.8-3.6ubuntu2.18.04.6+esm1"], ["1.3.1-5ubuntu4.7"], ["1.4.0-11ubuntu2.4"],
        ])
        #expect(pam.allSatisfy { $0.severity.vendor == "medium" })
        let gcrypt = result.records.filter { $0.id == "CVE-2024-2236" }
        #expect(gcrypt.map(\.namespace) == ["ubuntu:14.04", "ubuntu:16.04", "ubuntu:18.04", "ubuntu:20.04", "ubuntu:22.04", "ubuntu:24.04"])
        #expect(gcrypt.allSatisfy { $0.fixState == .notFixed && $0.fixedVersions.isEmpty })
        #expect(gcrypt.first { $0.namespace == "ubuntu:22.04" }?.affectedVersions == ["1.8.7-5ubuntu2", "1.9.4-3ubuntu2", "1.9.4-3ubuntu3"])
    }

    /// osv.dev keys Canonical's CVE records `UBUNTU-CVE-…` and also carries the notices: the CVE is the id, and a
    /// notice is skipped with the reason (its CVEs have their own records).
    @Test func osvDevIdsAreTheCVEAndNoticesAreSkipped() throws {
        let record = Data(#"""
            {"id": "UBUNTU-CVE-2024-22365", "upstream": ["CVE-2024-22365"], "affected": [{"package": {"ecosystem": "Ubuntu:22.04:LTS", "name": "pam"},
             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.4.0-11ubuntu2.4"}]}]}]}
            """#.utf8)
        let parsed = try OSVFeed.parse(record, format: .json, name: "UBUNTU-CVE-2024-22365.json")
        #expect(parsed.records.map(\.id) == ["CVE-2024-22365"])
        #expect(parsed.records.first?.aliases == ["UBUNTU-CVE-2024-22365"])
        let notice = Data(#"""
            {"id": "USN-6588-1", "affected": [{"package": {"ecosystem": "Ubuntu:22.04:LTS", "name": "pam"},
             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.4.0-11ubuntu2.4"}]}]}]}
            """#.utf8)
        let skipped = try OSVFeed.parse(notice, format: .json, name: "USN-6588-1.json")
        #expect(skipped.records.isEmpty)
        #expect(skipped.skipped.map(\.reason) == ["an Ubuntu security notice: its CVEs are read from their own records"])
    }

    /// An Ubuntu image as the analyzer sees it: a real os-release and a dpkg status with the packages given as
    /// (binary, source, version).
    static func image(release: String, codename: String, _ packages: [(String, String, String)]) throws -> MatchInput {
        let root = FileManager.default.temporaryDirectory.appending(path: "drydock-ubuntu-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appending(path: "etc"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appending(path: "var/lib/dpkg"), withIntermediateDirectories: true)
        try """
            PRETTY_NAME="Ubuntu \(release) LTS"
            NAME="Ubuntu"
            VERSION_ID="\(release)"
            VERSION="\(release) LTS"
            VERSION_CODENAME=\(codename)
            ID=ubuntu
            ID_LIKE=debian
            UBUNTU_CODENAME=\(codename)

            """.write(to: root.appending(path: "etc/os-release"), atomically: true, encoding: .utf8)
        let status = packages.map { binary, source, version in
            """
            Package: \(binary)
            Status: install ok installed
            Priority: optional
            Section: libs
            Maintainer: Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>
            Architecture: amd64
            Source: \(source)
            Version: \(version)
            Description: \(binary)

            """
        }.joined(separator: "\n")
        try status.write(to: root.appending(path: "var/lib/dpkg/status"), atomically: true, encoding: .utf8)
        let (tree, _) = FileTree.directory(root, captures: Cataloger.dpkg.captures + DistroDetection.captures, layer: 0)
        let distro = try #require(DistroDetection.detect(tree))
        let result = Cataloger.dpkg.catalog(tree, CatalogContext(distro: distro))
        #expect(result.packages.count == packages.count)
        return MatchInput(distro: distro, packages: result.packages)
    }

    static func matcher() throws -> VulnerabilityMatcher {
        var index = VulnerabilityIndex()
        index.add(try records().records, feed: "ubuntu")
        return VulnerabilityMatcher(index: index)
    }

    /// (CVE, binary package, fix state, fixed versions), by hand from the two records.
    static func rows(_ report: MatchReport) -> [String] {
        report.matches.map { "\($0.id) \($0.packageName) \($0.fixState.rawValue) \($0.fixedVersions.joined(separator: ","))" }.sorted()
    }

    @Test func jammyMatchesBySourcePackage() throws {
        let input = try Self.image(release: "22.04", codename: "jammy", [
            ("libpam0g", "pam", "1.4.0-11ubuntu2.3"), ("libpam-modules", "pam", "1.4.0-11ubuntu2.4"),
            ("libgcrypt20", "libgcrypt20", "1.9.4-3ubuntu3"), ("libpam-runtime", "pam", "1.4.0-11ubuntu2.3"),
        ])
        let report = try Self.matcher().match(input)
        #expect(report.osNamespace == "ubuntu:22.04")
        #expect(report.warnings.isEmpty)
        #expect(Self.rows(report) == [
            "CVE-2024-2236 libgcrypt20 not-fixed ",
            "CVE-2024-22365 libpam-runtime fixed 1.4.0-11ubuntu2.4", "CVE-2024-22365 libpam0g fixed 1.4.0-11ubuntu2.4",
        ])
        // Canonical's priority where it gave one; the libgcrypt record has neither priority nor CVSS.
        #expect(Dictionary(report.matches.map { ($0.id, $0.severity) }, uniquingKeysWith: { a, _ in a }) == ["CVE-2024-22365": "Medium", "CVE-2024-2236": "Unknown"])
    }

    /// Bionic's pam fix is in ESM only: an image without ESM packages cannot install it (not fixed, and the detail
    /// says where the fix is); an image with ESM packages gets it as a fix; the ESM build itself is not affected.
    @Test func bionicESMFixesApplyOnlyToESMImages() throws {
        let matcher = try Self.matcher()
        let plain = matcher.match(try Self.image(release: "18.04", codename: "bionic", [("libpam0g", "pam", "1.1.8-3.6ubuntu2.18.04.6")]))
        #expect(plain.osNamespace == "ubuntu:18.04")
        #expect(Self.rows(plain) == ["CVE-2024-22365 libpam0g not-fixed "])
        #expect(plain.matches.first?.fixStateDetail == "fixed in 1.1.8-3.6ubuntu2.18.04.6+esm1 for Ubuntu Pro (ESM) subscribers; the image has no ESM packages")

        let esm = matcher.match(try Self.image(release: "18.04", codename: "bionic", [
            ("libpam0g", "pam", "1.1.8-3.6ubuntu2.18.04.6"), ("libssl1.1", "openssl", "1.1.1-1ubuntu2.1~18.04.23+esm4"),
        ]))
        #expect(Self.rows(esm) == ["CVE-2024-22365 libpam0g fixed 1.1.8-3.6ubuntu2.18.04.6+esm1"])
        #expect(esm.matches.first?.fixStateDetail == nil)

        let patched = matcher.match(try Self.image(release: "18.04", codename: "bionic", [("libpam0g", "pam", "1.1.8-3.6ubuntu2.18.04.6+esm1")]))
        #expect(patched.matches.isEmpty)
    }

    /// A release the data does not cover says so instead of passing clean, and says when it is past its end of
    /// life (25.04's standard support ended in January 2026; 26.04 LTS is supported).
    @Test func aReleaseWithoutDataSaysSoAndWhetherItReachedEndOfLife() throws {
        let matcher = try Self.matcher()
        let ended = matcher.match(try Self.image(release: "25.04", codename: "plucky", [("libpam0g", "pam", "1.5.3-7ubuntu4")]))
        #expect(ended.osNamespace == nil)
        #expect(ended.matches.isEmpty)
        #expect(ended.warnings == [
            "no vulnerability data for the distro ubuntu:25.04 (the release reached end of life in 2026-01; feeds no longer cover it): no configured feed has that namespace, so its OS packages were not checked",
        ])
        let current = matcher.match(try Self.image(release: "26.04", codename: "resolute", [("libpam0g", "pam", "1.7.0-5ubuntu1")]))
        #expect(current.warnings == ["no vulnerability data for the distro ubuntu:26.04: no configured feed has that namespace, so its OS packages were not checked"])
    }
}
