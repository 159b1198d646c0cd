import Catalog
import Foundation
import Testing
import Vulnerabilities

/// Red Hat's extended-support streams: a CSAF product on `cpe:/o:redhat:rhel_eus:8.6::baseos` is its own namespace
/// (`rhel:8.6+eus`, vunnel's name), and an image whose content manifests name an EUS repository is judged by that
/// stream's fixes first. RHSA-2024:0811 (sudo) fixes three CVEs in RHEL 8's main stream at `1.9.5p2-1.el8_9` and in
/// 8.6 EUS at `1.9.5p2-1.el8_6`, which sorts below it: an 8.6 EUS image carrying the EUS fix is clean, and the same
/// rpm without the manifest (a main-stream image) is three matches.
@Suite struct RedHatEUSTests {
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/rhel-csaf")
    static let cves = ["CVE-2023-28486", "CVE-2023-28487", "CVE-2023-42465"]
    static let osRelease = """
        NAME="Red Hat Enterprise Linux"
        VERSION="8.6 (Ootpa)"
        ID="rhel"
        ID_LIKE="fedora"
        VERSION_ID="8.6"
        PRETTY_NAME="Red Hat Enterprise Linux 8.6 (Ootpa)"

        """

    /// A content manifest as Red Hat's build system writes it (the shape of trivy's `ubi8-minimal-container-8.5-218`
    /// fixture), naming the given repositories.
    static func manifest(_ contentSets: [String]) -> [String: String] {
        let sets = contentSets.map { "\"\($0)\"" }.joined(separator: ", ")
        return ["/root/buildinfo/content_manifests/rhel-els-8.6-1.json": """
            {"metadata": {"icm_version": 1, "icm_spec": "https://raw.githubusercontent.com/containerbuildsystem/atomic-reactor/master/atomic_reactor/schemas/content_manifest.json", "image_layer_index": 1},
             "content_sets": [\(sets)], "image_contents": []}
            """]
    }

    static let eus = manifest(["rhel-8-for-x86_64-baseos-eus-rpms__8_DOT_6", "rhel-8-for-x86_64-appstream-eus-rpms__8_DOT_6"])

    static func matcher() throws -> VulnerabilityMatcher {
        var index = VulnerabilityIndex()
        for file in ["rhsa-2024_0811.json", "rhsa-2023_7025.json"] {
            index.add(try CSAFFeed.parse(try Data(contentsOf: directory.appending(path: file)), name: file).records, feed: "rhel")
        }
        return VulnerabilityMatcher(index: index)
    }

    @Test func eachStreamIsItsOwnNamespace() throws {
        let records = try CSAFFeed.parse(try Data(contentsOf: Self.directory.appending(path: "rhsa-2024_0811.json")), name: "rhsa-2024_0811.json").records
        #expect(Set(records.map(\.namespace)) == ["rhel:8", "rhel:9", "rhel:8.6+eus", "rhel:8.8+eus", "rhel:9.0+eus", "rhel:9.2+eus"])
        let fixes = Dictionary(grouping: records.filter { $0.id == "CVE-2023-28486" }, by: \.namespace).mapValues { $0.flatMap(\.fixedVersions) }
        #expect(fixes["rhel:8"] == ["0:1.9.5p2-1.el8_9"])
        #expect(fixes["rhel:8.6+eus"] == ["0:1.9.5p2-1.el8_6"])
        #expect(fixes["rhel:9.2+eus"] == ["0:1.9.5p2-9.el9_2.2"])
    }

    static let sudo86 = RealRPMImage.RPM(name: "sudo", source: "sudo", version: "1.9.5p2", release: "1.el8_6")

    @Test func anEUSImageIsJudgedByItsStreamsFix() async throws {
        let matcher = try Self.matcher()
        // The EUS fix installed on an 8.6 EUS image: clean, though the main stream's fix is newer.
        let clean = try await RealRPMImage.match(matcher, osRelease: Self.osRelease, rpms: [Self.sudo86], files: Self.eus)
        #expect(clean.matches.isEmpty, "\(clean.matches.map(\.id))")
        #expect(clean.osNamespace == "rhel:8")
        // The same rpm on an image without the manifest is judged by the main stream.
        let main = try await RealRPMImage.match(matcher, osRelease: Self.osRelease, rpms: [Self.sudo86])
        #expect(main.matches.map { "\($0.id) \($0.namespace) \($0.fixedVersions.joined())" } == Self.cves.map { "\($0) rhel:8 0:1.9.5p2-1.el8_9" })
        // An older sudo on the EUS image: affected, with the stream's fix (which it can install).
        let older = try await RealRPMImage.match(
            matcher, osRelease: Self.osRelease, rpms: [.init(name: "sudo", source: "sudo", version: "1.8.29", release: "8.el8")], files: Self.eus)
        #expect(older.matches.map { "\($0.id) \($0.namespace) \($0.fixedVersions.joined())" } == Self.cves.map { "\($0) rhel:8.6+eus 0:1.9.5p2-1.el8_6" })
    }

    @Test func whatTheStreamDoesNotCoverTheMainStreamDecides() async throws {
        // RHSA-2023:7025 (ruby:2.5) names the main stream only: on the EUS image its fix still applies.
        let ruby = RealRPMImage.RPM(
            name: "ruby-libs", source: "ruby", version: "2.5.9", release: "110.module+el8.6.0+15956+aa803430",
            label: "ruby:2.5:8060020220527104428:3b538e1c")
        let report = try await RealRPMImage.match(try Self.matcher(), osRelease: Self.osRelease, rpms: [Self.sudo86, ruby], files: Self.eus)
        #expect(report.matches.map { "\($0.packageName) \($0.id) \($0.namespace)" } == [
            "ruby-libs CVE-2021-33621 rhel:8", "ruby-libs CVE-2022-28739 rhel:8", "ruby-libs CVE-2023-28755 rhel:8", "ruby-libs CVE-2023-28756 rhel:8",
        ])
    }

    @Test func aStreamWithoutDataFallsBackToTheMainStream() async throws {
        // A 8.4 EUS image: the advisory has no 8.4 EUS product, so the main stream's records decide.
        let manifest = Self.manifest(["rhel-8-for-x86_64-baseos-eus-rpms__8_DOT_4"])
        let report = try await RealRPMImage.match(try Self.matcher(), osRelease: Self.osRelease, rpms: [Self.sudo86], files: manifest)
        #expect(report.matches.map(\.namespace) == ["rhel:8", "rhel:8", "rhel:8"])
    }

    @Test func theChannelTravelsThroughTheStoredMatchInput() throws {
        let distro = Distro(id: "rhel", version: "8.6", namespace: "rhel:8", channel: "8.6+eus")
        let input = MatchInput(distro: distro, packages: [MatchPackage(type: .rpm, name: "sudo", version: "1.9.5p2-1.el8_6", sourceName: "sudo", path: "pkgdb")])
        #expect(try MatchInput(compact: input.compactEncoded()) == input)
        let main = MatchInput(distro: Distro(id: "rhel", version: "8.6", namespace: "rhel:8"), packages: input.packages)
        #expect(try MatchInput(compact: main.compactEncoded()) == main)
        #expect(!String(decoding: main.compactEncoded(), as: UTF8.self).contains("eus"))
    }

    @Test func aChangeToTheStreamRematchesItsImagesOnly() throws {
        let matcher = try Self.matcher()
        let sudo = [MatchPackage(type: .rpm, name: "sudo", version: "1.8.29-8.el8", sourceName: "sudo", path: "pkgdb")]
        let eus = MatchInput(distro: Distro(id: "rhel", version: "8.6", namespace: "rhel:8", channel: "8.6+eus"), packages: sudo)
        let main = MatchInput(distro: Distro(id: "rhel", version: "8.6", namespace: "rhel:8"), packages: sudo)
        let change = IndexChange(everything: false, keys: ["rhel:8.6+eus": ["sudo"]])
        #expect(matcher.isAffected(eus, by: change))
        #expect(!matcher.isAffected(main, by: change))
        // The patched report is the full match's.
        let previous = matcher.match(MatchInput(distro: eus.distro, packages: [MatchPackage]()))
        #expect(matcher.rematch(eus, previous: previous, changes: change) == matcher.match(eus))
    }
}
