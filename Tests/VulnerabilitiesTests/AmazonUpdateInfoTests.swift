import Archive
import Catalog
import Foundation
import Layers
import Testing
import Vulnerabilities

/// Amazon Linux advisories from the repositories' real `updateinfo.xml` (`Fixtures/amazon-updateinfo`): one record per
/// (release, binary package, ALAS), its CVEs as aliases, matched by hand against Amazon Linux 2 and 2023 images.
@Suite struct AmazonUpdateInfoTests {
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/amazon-updateinfo")

    static func parse(_ file: String) throws -> FeedParseResult {
        let compressed = try Data(contentsOf: directory.appending(path: file))
        let xml = try Decompressor.decompress(Array(compressed), as: .gzip, outputLimit: 1 << 24)
        return try AmazonUpdateInfoFeed.parse(Data(xml), name: file)
    }

    @Test func amazonLinux2AdvisoriesAreOneRecordPerBinaryPackage() throws {
        let result = try Self.parse("updateinfo_2_items.xml.gz")
        #expect(result.skipped.isEmpty)
        // 5 qemu packages and 17 java-1.8.0-openjdk packages, each with its own epoch.
        #expect(result.records.count == 22)
        #expect(result.records.allSatisfy { $0.namespace == "amzn:2" && $0.versionScheme == "rpm" && $0.fixState == .fixed })
        let qemu = try #require(result.records.first { $0.packageName == "qemu-kvm" })
        #expect(qemu.id == "ALAS2-2018-942")
        #expect(qemu.aliases == ["CVE-2017-5715"])
        #expect(qemu.fixedVersions == ["10:1.5.3-141.amzn2.5.3"])
        #expect(qemu.severity == Severity(vendor: "important"))
        #expect(qemu.links == ["https://alas.aws.amazon.com/AL2/ALAS-2018-942.html", "https://alas.aws.amazon.com/cve/html/CVE-2017-5715.html"])
        #expect(qemu.description?.hasPrefix("Package updates are available for Amazon Linux 2 that fix the following vulnerabilities:") == true)
        #expect(qemu.source == FeedSource(feed: "amazon-updateinfo", group: "updateinfo_2_items.xml.gz"))
        let java = try #require(result.records.first { $0.packageName == "java-1.8.0-openjdk-headless" })
        #expect(java.id == "ALAS2-2018-949")
        #expect(java.fixedVersions == ["1:1.8.0.161-0.b14.amzn2"])
        #expect(java.aliases.count == 15 && java.aliases.first == "CVE-2018-2677")
    }

    @Test func amazonLinux2023IsItsOwnNamespaceAndArchitecturesCollapse() throws {
        let result = try Self.parse("updateinfo_AL2023.xml.gz")
        #expect(result.skipped.isEmpty)
        // 21 packages, most listed for three architectures: one record each.
        #expect(result.records.count == 21)
        let rsyslog = try #require(result.records.first { $0.packageName == "rsyslog" })
        #expect(rsyslog.namespace == "amzn:2023")
        #expect(rsyslog.id == "ALAS2023-2023-001")
        #expect(rsyslog.aliases == ["CVE-2014-3634", "CVE-2022-24903"])
        #expect(rsyslog.fixedVersions == ["0:8.2204.0-3.amzn2023.0.2"])
        #expect(rsyslog.links.first == "https://alas.aws.amazon.com/AL2023/ALAS-2023-001.html")
    }

    @Test func extrasTopicsAreSkippedWithTheReason() throws {
        let result = try Self.parse("updateinfo_2_extras.xml.gz")
        #expect(result.records.isEmpty)
        #expect(result.skipped.map(\.entry) == ["updateinfo_2_extras.xml.gz ALAS2GOLANG1.19-2023-001"])
        #expect(result.skipped.first?.reason.contains("Extras") == true)
    }

    @Test(arguments: [
        ("ALAS-2018-1093", "2018"), ("ALAS2-2018-942", "2"), ("ALAS2022-2021-001", "2022"), ("ALAS2023-2023-001", "2023"),
        ("ALAS2GOLANG1.19-2023-001", nil), ("ALAS2KERNEL-5.10-2022-001", nil), ("RHSA-2024:1", nil),
    ] as [(String, String?)])
    func releases(id: String, release: String?) {
        #expect(AmazonUpdateInfoFeed.release(ofAdvisory: id) == release)
    }

    @Test func repositoryIndexAndMirrorList() throws {
        let repomd = try Data(contentsOf: Self.directory.appending(path: "repomd.xml"))
        let location = try AmazonUpdateInfoFeed.updateinfoLocation(inRepomd: repomd, name: "repomd.xml")
        #expect(location.href == "repodata/updateinfo.xml.gz")
        #expect(location.version == "e6f569f8ed2246a6b06c0fef7cfd71560df02781327e31c38396ed358d591d48")
        #expect(throws: FeedError.self) {
            try AmazonUpdateInfoFeed.updateinfoLocation(inRepomd: Data("<repomd><data type='primary'/></repomd>".utf8), name: "r")
        }
        #expect(throws: FeedError.self) {
            try AmazonUpdateInfoFeed.updateinfoLocation(
                inRepomd: Data("<repomd><data type='updateinfo'><location href='../../etc/passwd'/></data></repomd>".utf8), name: "r")
        }
        let list = "https://cdn.amazonlinux.com/2/core/2.0/x86_64/6b0225ccc542f3834c95733dcf321ab9f1e77e6ca6817469771a8af7c49efe6c\n\n# c\nftp://x/\n"
        #expect(AmazonUpdateInfoFeed.mirrors(inList: list).map(\.absoluteString) == [
            "https://cdn.amazonlinux.com/2/core/2.0/x86_64/6b0225ccc542f3834c95733dcf321ab9f1e77e6ca6817469771a8af7c49efe6c",
        ])
    }

    @Test func notAnUpdateinfoDocumentIsRefused() {
        #expect(throws: FeedError.self) { try AmazonUpdateInfoFeed.parse(Data("<repomd/>".utf8), name: "x.xml") }
        #expect(throws: FeedError.self) { try AmazonUpdateInfoFeed.parse(Data("<updates><update>".utf8), name: "x.xml") }
    }

    /// Amazon Linux 2 and 2023 images (their real os-release), matched by hand.
    @Test func imagesMatchByReleaseBinaryAndSourceWithEpochs() throws {
        var index = VulnerabilityIndex()
        index.add(try Self.parse("updateinfo_2_items.xml.gz").records + Self.parse("updateinfo_AL2023.xml.gz").records, feed: "amazon")
        let matcher = VulnerabilityMatcher(index: index)

        let al2 = Distro(id: "amzn", version: "2", prettyName: "Amazon Linux 2", idLike: ["centos", "rhel", "fedora"], namespace: "amzn:2")
        let al2Report = matcher.match(MatchInput(distro: al2, packages: [
            // Before the fix (epoch 1): matched through its source rpm's record.
            MatchPackage(type: .rpm, name: "java-1.8.0-openjdk-headless", version: "1:1.8.0.151-1.b12.amzn2",
                         sourceName: "java-1.8.0-openjdk", path: "var/lib/rpm"),
            // At the fix.
            MatchPackage(type: .rpm, name: "qemu-img", version: "10:1.5.3-141.amzn2.5.3", sourceName: "qemu-kvm", path: "var/lib/rpm"),
            // A later release of the same version: fixed.
            MatchPackage(type: .rpm, name: "qemu-kvm-common", version: "10:1.5.3-156.amzn2.5.5", sourceName: "qemu-kvm", path: "var/lib/rpm"),
            // AL2023's rsyslog advisory is not Amazon Linux 2's.
            MatchPackage(type: .rpm, name: "rsyslog", version: "8.24.0-57.amzn2", sourceName: "rsyslog", path: "var/lib/rpm"),
        ]))
        #expect(al2Report.osNamespace == "amzn:2")
        #expect(al2Report.matches.map { "\($0.id) \($0.packageName) \($0.fixedVersions.joined())" } == [
            "ALAS2-2018-949 java-1.8.0-openjdk-headless 1:1.8.0.161-0.b14.amzn2",
        ])
        #expect(al2Report.matches.first?.url == "https://alas.aws.amazon.com/AL2/ALAS-2018-949.html")

        let al2023 = Distro(id: "amzn", version: "2023", prettyName: "Amazon Linux 2023.6.20241121", idLike: ["fedora"], namespace: "amzn:2023")
        let report = matcher.match(MatchInput(distro: al2023, packages: [
            MatchPackage(type: .rpm, name: "rsyslog", version: "8.2204.0-2.amzn2023.0.1", sourceName: "rsyslog", path: "var/lib/rpm"),
            MatchPackage(type: .rpm, name: "rsyslog-logrotate", version: "8.2204.0-2.amzn2023.0.1", sourceName: "rsyslog", path: "var/lib/rpm"),
            MatchPackage(type: .rpm, name: "rsyslog-openssl", version: "8.2204.0-3.amzn2023.0.2", sourceName: "rsyslog", path: "var/lib/rpm"),
        ]))
        #expect(report.matches.map { "\($0.id) \($0.packageName)" } == [
            "ALAS2023-2023-001 rsyslog", "ALAS2023-2023-001 rsyslog-logrotate",
        ])
    }

    /// The same, from rpm databases written by the real rpm (Amazon's package names, versions, epochs and source
    /// rpms), catalogued by the rpm cataloger.
    @Test func realRpmDatabasesOfAmazonLinuxImages() async throws {
        var index = VulnerabilityIndex()
        index.add(try Self.parse("updateinfo_2_items.xml.gz").records + Self.parse("updateinfo_AL2023.xml.gz").records, feed: "amazon")
        let matcher = VulnerabilityMatcher(index: index)
        func report(_ osRelease: String, _ rpms: [RealRPMImage.RPM], sourceLocation: SourceLocation = #_sourceLocation) async throws -> MatchReport {
            try await RealRPMImage.match(matcher, osRelease: osRelease, rpms: rpms, sourceLocation: sourceLocation)
        }
        let al2 = try await report("NAME=\"Amazon Linux\"\nVERSION=\"2\"\nID=\"amzn\"\nID_LIKE=\"centos rhel fedora\"\nVERSION_ID=\"2\"\n", [
            .init(name: "java-1.8.0-openjdk-headless", source: "java-1.8.0-openjdk", version: "1.8.0.151", release: "1.b12.amzn2", epoch: 1),
            .init(name: "qemu-img", source: "qemu-kvm", version: "1.5.3", release: "141.amzn2.5.3", epoch: 10),
        ])
        #expect(al2.osNamespace == "amzn:2")
        #expect(al2.matches.map { "\($0.id) \($0.packageName) \($0.packageVersion)" } == [
            "ALAS2-2018-949 java-1.8.0-openjdk-headless 1:1.8.0.151-1.b12.amzn2",
        ])
        let al2023 = try await report("NAME=\"Amazon Linux\"\nVERSION=\"2023\"\nID=\"amzn\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"2023\"\n", [
            .init(name: "rsyslog", source: "rsyslog", version: "8.2204.0", release: "2.amzn2023.0.1"),
            .init(name: "rsyslog-logrotate", source: "rsyslog", version: "8.2204.0", release: "2.amzn2023.0.1"),
        ])
        #expect(al2023.osNamespace == "amzn:2023")
        #expect(al2023.matches.map { "\($0.id) \($0.packageName) \($0.fixedVersions.joined())" } == [
            "ALAS2023-2023-001 rsyslog 0:8.2204.0-3.amzn2023.0.2", "ALAS2023-2023-001 rsyslog-logrotate 0:8.2204.0-3.amzn2023.0.2",
        ])
    }
}
