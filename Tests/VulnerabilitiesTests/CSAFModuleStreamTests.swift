import Catalog
import Foundation
import Testing
import Vulnerabilities

/// Red Hat's application streams: real advisories for two streams of the `ruby` module on RHEL 8
/// (`Fixtures/rhel-csaf`, from vunnel's fixtures), read into one record per stream, and matched only against rpms built
/// for that stream (their `modularitylabel`).
@Suite struct CSAFModuleStreamTests {
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/rhel-csaf")

    static func parse(_ file: String) throws -> FeedParseResult {
        try CSAFFeed.parse(try Data(contentsOf: directory.appending(path: file)), name: file)
    }

    @Test func eachStreamsRecordsCarryTheirModule() throws {
        let ruby25 = try Self.parse("rhsa-2023_7025.json")
        let ruby31 = try Self.parse("rhsa-2024_1431.json")
        #expect(ruby25.skipped.isEmpty && ruby31.skipped.isEmpty)
        // 7 source rpms × 4 CVEs, and 4 × 4.
        #expect(ruby25.records.count == 28 && ruby31.records.count == 16)
        #expect(ruby25.records.allSatisfy { $0.namespace == "rhel:8" && $0.module == "ruby:2.5" && $0.aliases == ["RHSA-2023:7025"] })
        #expect(ruby31.records.allSatisfy { $0.namespace == "rhel:8" && $0.module == "ruby:3.1" && $0.aliases == ["RHSA-2024:1431"] })
        let ruby = try #require(ruby25.records.first { $0.packageName == "ruby" && $0.id == "CVE-2023-28755" })
        // The purl's percent-encoding is undone: this is the rpm's own release.
        #expect(ruby.fixedVersions == ["0:2.5.9-111.module+el8.9.0+19193+435404ae"])
        #expect(Set(ruby25.records.map(\.packageName)) == [
            "ruby", "rubygem-abrt", "rubygem-bson", "rubygem-bundler", "rubygem-mongo", "rubygem-mysql2", "rubygem-pg",
        ])
    }

    @Test func aPackageIsJudgedByItsOwnStreamsFix() throws {
        var index = VulnerabilityIndex()
        index.add(try Self.parse("rhsa-2023_7025.json").records + Self.parse("rhsa-2024_1431.json").records, feed: "rhel")
        let matcher = VulnerabilityMatcher(index: index)
        let distro = Distro(id: "rhel", version: "8.9", prettyName: "Red Hat Enterprise Linux 8.9 (Ootpa)", idLike: ["fedora"], namespace: "rhel:8")
        func matches(_ version: String, label: String?) -> [String] {
            let package = MatchPackage(
                type: .rpm, name: "ruby-libs", version: version, sourceName: "ruby", path: "pkgdb",
                module: label.flatMap(MatchPackage.moduleStream))
            return matcher.match(MatchInput(distro: distro, packages: [package])).matches.map { "\($0.id) \($0.fixedVersions.joined())" }
        }
        // ruby:2.5 before its fix: the 2.5 stream's four CVEs, with the 2.5 fix.
        #expect(matches("2.5.9-110.module+el8.6.0+15956+aa803fc1", label: "ruby:2.5:8060020220527104428:ad008a3a") == [
            "CVE-2021-33621 0:2.5.9-111.module+el8.9.0+19193+435404ae",
            "CVE-2022-28739 0:2.5.9-111.module+el8.9.0+19193+435404ae",
            "CVE-2023-28755 0:2.5.9-111.module+el8.9.0+19193+435404ae",
            "CVE-2023-28756 0:2.5.9-111.module+el8.9.0+19193+435404ae",
        ])
        // ruby:2.5 at its fix: clean, though it is far below ruby:3.1's fix.
        #expect(matches("2.5.9-111.module+el8.9.0+19193+435404ae", label: "ruby:2.5:8090020230913123051:b46abd14").isEmpty)
        // ruby:3.1 before its fix: the 3.1 stream's CVEs only (CVE-2022-28739 was never 3.1's).
        #expect(matches("3.1.2-141.module+el8.7.0+17122+d0d3a0a9", label: "ruby:3.1:8070020221011104325:b46abd14") == [
            "CVE-2021-33621 0:3.1.4-142.module+el8.9.0+21471+7d1e4a35",
            "CVE-2023-28755 0:3.1.4-142.module+el8.9.0+21471+7d1e4a35",
            "CVE-2023-28756 0:3.1.4-142.module+el8.9.0+21471+7d1e4a35",
            "CVE-2023-36617 0:3.1.4-142.module+el8.9.0+21471+7d1e4a35",
        ])
        // A ruby of no module (built outside the streams): no stream's record applies to it.
        #expect(matches("2.5.9-100.el8", label: nil).isEmpty)
    }

    @Test func theModularityLabelTravelsThroughTheStoredMatchInput() throws {
        let input = MatchInput(distro: nil, packages: [
            MatchPackage(type: .rpm, name: "ruby", version: "3.1.2-141", sourceName: "ruby", path: "pkgdb", module: "ruby:3.1"),
            MatchPackage(type: .rpm, name: "bash", version: "4.4.20-4.el8", sourceName: "bash", path: "pkgdb"),
        ])
        let encoded = input.compactEncoded()
        #expect(try MatchInput(compact: encoded) == input)
        // A non-modular package keeps the eight fields it always had.
        #expect(String(decoding: encoded, as: UTF8.self).split(separator: "\n").last?.split(separator: "\t", omittingEmptySubsequences: false).count == 8)
        #expect(MatchPackage.moduleStream("nodejs:20:8100020240807161023:a75119d5") == "nodejs:20")
        #expect(MatchPackage.moduleStream("nodejs") == nil)
        let package = Package(type: .rpm, name: "ruby", version: "3.1.2-141.module+el8.7.0+17122+d0d3a0a9", purl: "pkg:rpm/redhat/ruby",
                              metadata: ["modularityLabel": "ruby:3.1:8070020221011104325:b46abd14"])
        #expect(MatchPackage(package).module == "ruby:3.1")
    }
}
