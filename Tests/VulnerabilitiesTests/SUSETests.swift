import Catalog
import Foundation
import Layers
import Testing
import Vulnerabilities

/// SUSE: its advisories (CVRF as aquasecurity/vuln-list mirrors them; six real ones in `Fixtures/suse-cvrf`) read into
/// the namespace of the release each product is, and matched against rpm databases written by the real rpm.
@Suite struct SUSETests {
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/suse-cvrf")

    static func parse() throws -> FeedParseResult {
        try SUSECVRFFeed.parse(directory: directory)
    }

    @Test func advisoriesAreOneRecordPerReleaseAndBinaryPackage() throws {
        let result = try Self.parse()
        #expect(result.skipped.isEmpty, "\(result.skipped)")
        #expect(Set(result.records.map(\.namespace)) == [
            "sle-micro:5.3", "sl-micro:6.0", "sles:15.1", "sles:15", "opensuse-leap:15.1", "opensuse-tumbleweed:rolling",
        ])
        let gnutls = result.records(id: "SUSE-SU-2024:2546-1")
        #expect(gnutls.map(\.packageName) == ["gnutls", "libgnutls30", "libgnutls30-hmac"])
        let lib = try #require(gnutls.first { $0.packageName == "libgnutls30" })
        #expect(lib.namespace == "sle-micro:5.3")
        #expect(lib.versionScheme == "rpm")
        #expect(lib.fixState == .fixed && lib.fixedVersions == ["3.7.3-150400.8.1"])
        #expect(lib.aliases == ["CVE-2024-28834", "CVE-2024-28835"])
        #expect(lib.severity.vendor == "moderate")
        #expect(lib.description?.hasPrefix("This update for gnutls fixes the following issues:") == true)
        #expect(lib.links.first == "https://www.suse.com/support/update/announcement/2024/suse-su-20242546-1/")
        #expect(lib.source == FeedSource(feed: "suse-cvrf", group: "cvrf/suse/suse/2024/SUSE-SU-2024-2546-1.json"))
        // The highest of the CVEs' impact ratings: important over moderate.
        let strongswan = result.records(id: "openSUSE-SU-2019:2598-1")
        #expect(strongswan.count == 8 && strongswan.allSatisfy { $0.namespace == "opensuse-leap:15.1" && $0.severity.vendor == "important" })
        #expect(strongswan.first?.aliases == ["CVE-2018-10811", "CVE-2018-16151", "CVE-2018-16152", "CVE-2018-17540", "CVE-2018-5388"])
        // Tumbleweed's GA media records: one stream, two binaries at their own versions.
        #expect(result.records(id: "openSUSE-SU-2024:10400-1").map { "\($0.packageName) \($0.fixedVersions[0])" } == [
            "python-logilab-common 1.0.2-1.4", "python3-logilab-common 1.2.2-1.2",
        ])
        // Package Hub for SLE 15: the code stream's GA namespace.
        #expect(result.records(id: "openSUSE-SU-2019:0003-1").allSatisfy { $0.namespace == "sles:15" })
        #expect(result.records(id: "SUSE-SU-2025:20377-1").map(\.packageName) == ["docker", "docker-buildx"])
    }

    @Test(arguments: [
        ("SUSE Linux Enterprise Server 15 SP5", "sles:15.5"),
        ("SUSE Linux Enterprise Server 15 SP4-LTSS", "sles:15.4"),
        ("SUSE Linux Enterprise Module for Basesystem 15 SP7", "sles:15.7"),
        ("SUSE Linux Enterprise Server for SAP Applications 15 SP6", "sles:15.6"),
        ("SUSE Linux Enterprise Module for Containers 15 SP1", "sles:15.1"),
        ("SUSE Linux Enterprise Server 12 SP5", "sles:12.5"),
        ("SUSE Linux Enterprise Server 15", "sles:15"),
        ("SUSE Linux Enterprise Server 16.0", "sles:16.0"),
        ("SUSE Package Hub for SUSE Linux Enterprise 15", "sles:15"),
        ("SUSE Linux Enterprise Micro 5.5", "sle-micro:5.5"),
        ("SUSE Linux Micro 6.0", "sl-micro:6.0"),
        ("openSUSE Leap 15.6", "opensuse-leap:15.6"),
        ("openSUSE Leap 15.6 NonFree", "opensuse-leap:15.6"),
        ("openSUSE Leap Micro 5.5", "opensuse-leap-micro:5.5"),
        ("openSUSE Tumbleweed", "opensuse-tumbleweed:rolling"),
    ])
    func productsAreTheReleaseTheirPackagesBelongTo(product: String, namespace: String) {
        #expect(SUSEProduct.namespace(product) == namespace)
    }

    @Test(arguments: [
        "SUSE Manager Server 4.3", "SUSE Linux Enterprise Module for SUSE Manager Server 4.0", "SUSE Enterprise Storage 7",
        "SUSE Linux Enterprise Storage 7", "SUSE CaaS Platform 4.0", "openSUSE Leap", "SUSE Linux Enterprise Server",
    ])
    func productsNoImageIsHaveNoNamespace(product: String) {
        #expect(SUSEProduct.namespace(product) == nil)
    }

    @Test func suseAndOpenSUSEOSVEcosystemsLandInTheSameNamespaces() {
        #expect(OSVEcosystem("SUSE:Linux Enterprise Module for Basesystem 15 SP5")?.namespace == "sles:15.5")
        #expect(OSVEcosystem("SUSE:Linux Enterprise Server 15 SP4-LTSS")?.namespace == "sles:15.4")
        #expect(OSVEcosystem("SUSE:Linux Enterprise Micro 5.5")?.namespace == "sle-micro:5.5")
        #expect(OSVEcosystem("openSUSE:Leap 15.6")?.namespace == "opensuse-leap:15.6")
        #expect(OSVEcosystem("openSUSE:Tumbleweed")?.namespace == "opensuse-tumbleweed:rolling")
        #expect(OSVEcosystem("openSUSE:Tumbleweed")?.versionScheme == "rpm")
        #expect(OSVEcosystem("SUSE:Manager Server 4.3") == nil)
        #expect(OSVEcosystem("SUSE") == nil)
    }

    @Test func badDocumentsAreSkippedWithTheReasonOthersKept() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "drydock-suse-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.directory.appending(path: "cvrf/suse/suse/2024/SUSE-SU-2024-2546-1.json"), to: root.appending(path: "good.json"))
        // trivy-db's own bad fixture (`testdata/sad`), a truncated document, one that is not an advisory, and an unknown product.
        try Data("{bad}".utf8).write(to: root.appending(path: "sad.json"))
        try Data("{\"Title\": \"Security update for".utf8).write(to: root.appending(path: "truncated.json"))
        try Data("[1, 2]".utf8).write(to: root.appending(path: "list.json"))
        try Data(#"{"Tracking": {"ID": "SUSE-SU-2024:1-1"}, "ProductTree": {"Relationships": [{"ProductReference": "x-1-1", "RelatesToProductReference": "SUSE Manager Proxy 4.3"}]}}"#.utf8)
            .write(to: root.appending(path: "manager.json"))
        let result = try SUSECVRFFeed.parse(directory: root)
        #expect(result.records.count == 3)
        #expect(Set(result.skipped.map(\.entry)) == ["sad.json", "truncated.json", "list.json", "manager.json SUSE-SU-2024:1-1"])
        #expect(result.skipped.first { $0.entry.hasPrefix("manager") }?.reason == "the product `SUSE Manager Proxy 4.3` is not an image's release")
    }

    /// Rpm databases written by the real rpm for each SUSE release (their package names and version-release shapes),
    /// catalogued and matched. Expected matches computed by hand from the advisories above.
    @Test func realRpmDatabasesOfSUSEImages() async throws {
        var index = VulnerabilityIndex()
        index.add(try Self.parse().records, feed: "suse")
        let matcher = VulnerabilityMatcher(index: index)
        func report(_ osRelease: String, _ rpms: [RealRPMImage.RPM], sourceLocation: SourceLocation = #_sourceLocation) async throws -> MatchReport {
            try await RealRPMImage.match(matcher, osRelease: osRelease, rpms: rpms, sourceLocation: sourceLocation)
        }
        // SLE Micro 5.3: libgnutls30 before the fix (release 150400.4.35.1 < 150400.8.1, found by its source gnutls), the
        // hmac package at the fix.
        let micro = try await report("NAME=\"SLE Micro\"\nVERSION=\"5.3\"\nID=\"sle-micro\"\nID_LIKE=\"suse\"\nVERSION_ID=\"5.3\"\n", [
            .init(name: "libgnutls30", source: "gnutls", version: "3.7.3", release: "150400.4.35.1"),
            .init(name: "libgnutls30-hmac", source: "gnutls", version: "3.7.3", release: "150400.8.1"),
        ])
        #expect(micro.osNamespace == "sle-micro:5.3")
        #expect(micro.matches.map { "\($0.id) \($0.packageName) \($0.fixedVersions.joined()) \($0.severity)" } == [
            "SUSE-SU-2024:2546-1 libgnutls30 3.7.3-150400.8.1 Medium",
        ])
        #expect(micro.matches.first?.url == "https://www.suse.com/support/update/announcement/2024/suse-su-20242546-1/")
        #expect(micro.matches.first?.aliases == ["CVE-2024-28834", "CVE-2024-28835"])
        // openSUSE Leap 15.1: strongswan-libs0 5.5.1 is before 5.6.0; important is the advisory's highest rating.
        let leap = try await report("NAME=\"openSUSE Leap\"\nVERSION=\"15.1\"\nID=\"opensuse-leap\"\nID_LIKE=\"suse opensuse\"\nVERSION_ID=\"15.1\"\n", [
            .init(name: "strongswan-libs0", source: "strongswan", version: "5.5.1", release: "lp151.3.1"),
        ])
        #expect(leap.osNamespace == "opensuse-leap:15.1")
        #expect(leap.matches.map { "\($0.id) \($0.packageName) \($0.severity)" } == ["openSUSE-SU-2019:2598-1 strongswan-libs0 High"])
        // Tumbleweed (VERSION_ID is a snapshot date): the source's record (1.0.2-1.4) is below the installed version,
        // the binary's own (1.2.2-1.2) is not; the binary decides.
        let tumbleweed = try await report("NAME=\"openSUSE Tumbleweed\"\nID=\"opensuse-tumbleweed\"\nID_LIKE=\"opensuse suse\"\nVERSION_ID=\"20240620\"\n", [
            .init(name: "python3-logilab-common", source: "python-logilab-common", version: "1.2.2", release: "1.1"),
        ])
        #expect(tumbleweed.osNamespace == "opensuse-tumbleweed:rolling")
        #expect(tumbleweed.matches.map { "\($0.id) \($0.packageName) \($0.fixedVersions.joined())" } == [
            "openSUSE-SU-2024:10400-1 python3-logilab-common 1.2.2-1.2",
        ])
        // SLES 15 SP1: helm-mirror before 0.2.1 is affected, at it is not; an SP without data says so.
        let sles = try await report("NAME=\"SLES\"\nVERSION=\"15-SP1\"\nVERSION_ID=\"15.1\"\nID=\"sles\"\nID_LIKE=\"suse\"\n", [
            .init(name: "helm-mirror", source: "helm-mirror", version: "0.1.0", release: "1.3.1"),
        ])
        #expect(sles.osNamespace == "sles:15.1")
        #expect(sles.matches.map { "\($0.id) \($0.packageName) \($0.severity)" } == ["SUSE-SU-2019:0048-2 helm-mirror High"])
        let fixed = try await report("NAME=\"SLES\"\nVERSION=\"15-SP1\"\nVERSION_ID=\"15.1\"\nID=\"sles\"\nID_LIKE=\"suse\"\n", [
            .init(name: "helm-mirror", source: "helm-mirror", version: "0.2.1", release: "1.7.1"),
        ])
        #expect(fixed.matches.isEmpty && fixed.warnings.isEmpty)
        let sp6 = try await report("NAME=\"SLES\"\nVERSION=\"15-SP6\"\nVERSION_ID=\"15.6\"\nID=\"sles\"\nID_LIKE=\"suse\"\n", [
            .init(name: "helm-mirror", source: "helm-mirror", version: "0.1.0", release: "1.3.1"),
        ])
        // No sles:15.6 data here, so the code stream's GA namespace (Package Hub's) is the one used.
        #expect(sp6.osNamespace == "sles:15")
        #expect(sp6.matches.isEmpty)
        // A Leap release past its end of life that no feed covers says so, and since when.
        let ended = try await report("NAME=\"openSUSE Leap\"\nVERSION=\"15.4\"\nID=\"opensuse-leap\"\nID_LIKE=\"suse opensuse\"\nVERSION_ID=\"15.4\"\n", [
            .init(name: "strongswan-libs0", source: "strongswan", version: "5.5.1", release: "lp154.3.1"),
        ])
        #expect(ended.osNamespace == nil && ended.matches.isEmpty)
        #expect(ended.warnings == [
            "no vulnerability data for the distro opensuse-leap:15.4 (the release reached end of life in 2023-12; feeds no longer cover it): no configured feed has that namespace, so its OS packages were not checked",
        ])
    }
}
