import Foundation
import Testing
import Vulnerabilities

@Suite struct AlpineSecDBFeedTests {
    static let files = [
        "v3.3/main", "v3.3/community", "v3.4/main", "v3.4/community", "v3.5/main", "v3.5/community",
        "v3.6/main", "v3.6/community", "v3.7/main", "v3.7/community", "v3.8/main", "v3.8/community",
        "v3.9/main", "v3.9/community", "v3.10/main", "v3.10/community", "v3.11/main", "v3.11/community",
    ]

    func parse(_ file: String) throws -> FeedParseResult {
        try AlpineSecDBFeed.parse(try Fixtures.data("alpine-secdb/\(file).yaml"), format: .yaml)
    }

    @Test func everyFileParsesWithFewSkips() throws {
        var total = 0
        var skipped: [SkippedEntry] = []
        for file in Self.files {
            let result = try parse(file)
            let namespace = "alpine:" + file.dropFirst().prefix { $0 != "/" }
            #expect(result.records.allSatisfy { $0.namespace == namespace && $0.versionScheme == "apk" }, "\(file)")
            #expect(result.records.allSatisfy { $0.source == FeedSource(feed: "alpine-secdb", group: file) }, "\(file)")
            total += result.records.count
            skipped += result.skipped
        }
        #expect(total == 12002)
        // The only entry without ids: `7.4.0-r0:` with nothing under it (heimdal, v3.6).
        #expect(skipped.map(\.description) == ["v3.6/main packages[34] heimdal 7.4.0-r0: expected a list of ids, found null"])
    }

    @Test func v310MainSpotChecks() throws {
        let result = try parse("v3.10/main")
        #expect(result.records.count == 1178)
        let musl = try #require(result.records(id: "CVE-2019-14697", package: "musl").first)
        #expect(musl.namespace == "alpine:3.10")
        #expect(musl.fixState == .fixed)
        #expect(musl.fixedVersions == ["1.1.22-r3"])
        #expect(musl.ranges == [AffectedRange(type: "ECOSYSTEM", events: [.introduced("0"), .fixed("1.1.22-r3")])])
        let openssl = result.records.filter { $0.packageName == "openssl" }
        #expect(openssl.count == 6)
        #expect(result.records(id: "CVE-2019-1547", package: "openssl").first?.fixedVersions == ["1.1.1d-r0"])
        // `CVE-????-?????  XSA-295`: no CVE yet, the XSA is the id.
        #expect(result.records(id: "XSA-295", package: "xen").first?.fixedVersions == ["4.12.1-r0"])
    }

    @Test func irregularLinesAreNormalized() throws {
        let v39 = try parse("v3.9/main")
        #expect(v39.records(id: "CVE-2018-16859", package: "ansible").first?.fixedVersions == ["2.7.3-r0"])  // `CVE 2018-16859`
        #expect(v39.records(id: "CVE-2017-8904", package: "xen").first?.aliases == ["XSA-214"])
        let community = try parse("v3.10/community")
        #expect(community.records(id: "CVE-2019-2426", package: "openjdk7").count == 1)  // `CVE_2019-2426`
        let v35 = try parse("v3.5/main")
        #expect(v35.records(id: "wnpa-sec-2017-18", package: "wireshark").count == 1)
    }

    @Test func versionZeroMeansNeverAffected() throws {
        let result = try parse("v3.8/main")
        let db = try #require(result.records(id: "CVE-2016-0682", package: "db").first)
        #expect(db.fixState == .notAffected)
        #expect(db.fixedVersions.isEmpty)
        #expect(db.ranges.isEmpty)
    }

    @Test func emptyRepositoryHasNoRecords() throws {
        let result = try parse("v3.3/community")
        #expect(result.records.isEmpty)
        #expect(result.skipped.isEmpty)
    }

    @Test func secdbJSONFromClaircore() throws {
        let result = try AlpineSecDBFeed.parse(
            try Fixtures.data("claircore-testdata/alpine/testdata/fetch/v3.10/community.json"), format: .json)
        #expect(result.skipped.isEmpty)
        #expect(result.records.allSatisfy { $0.namespace == "alpine:3.10" && $0.source.group == "v3.10/community" })
        #expect(result.records(id: "CVE-2018-20187", package: "botan").first?.fixedVersions == ["2.9.0-r0"])
        #expect(result.records.count == 9)
    }

    @Test func malformedSecdb() throws {
        let truncated = try Fixtures.data("alpine-secdb/v3.10/main.yaml").prefix(700)
        // Cut mid-list the YAML may still parse; either way it must not crash and must name what went wrong.
        do {
            let result = try AlpineSecDBFeed.parse(Data(truncated), format: .yaml)
            #expect(result.records.count < 20)
        } catch {
            #expect(error.code == .malformed)
        }
        let notJSON = #expect(throws: FeedError.self) {
            try AlpineSecDBFeed.parse(Data(#"{"distroversion": "v3.10", "packages": ["#.utf8), format: .json)
        }
        #expect(notJSON?.code == .malformed)
        let badVersion = #expect(throws: FeedError.self) {
            try AlpineSecDBFeed.parse(Data(#"{"distroversion": "3-10", "packages": []}"#.utf8), format: .json)
        }
        #expect(badVersion?.code == .unsupported)
        let result = try AlpineSecDBFeed.parse(Data(#"""
            {"distroversion": "v3.19", "reponame": "main", "packages": [
              {"pkg": {"name": "ok", "secfixes": {"1.0-r1": ["CVE-2024-0001"]}}},
              {"pkg": {"secfixes": {}}},
              {"pkg": {"name": "nosecfixes"}},
              {"pkg": {"name": "wrongtype", "secfixes": {"1.0-r0": "CVE-2024-0002"}}},
              "not an object"]}
            """#.utf8), format: .json)
        #expect(result.records.map(\.id) == ["CVE-2024-0001"])
        #expect(result.records.first?.namespace == "alpine:3.19")
        #expect(result.skipped.map(\.entry) == [
            "v3.19/main packages[1]", "v3.19/main packages[2] nosecfixes", "v3.19/main packages[3] wrongtype 1.0-r0",
            "v3.19/main packages[4]",
        ])
    }
}
