import Foundation
import Testing
import Vulnerabilities

@Suite struct OSVMalformedTests {
    func parse(_ json: String) throws -> FeedParseResult {
        try OSVFeed.parse(Data(json.utf8), format: .json, name: "test.json")
    }

    @Test func truncatedJSONThrowsMalformed() throws {
        let data = try Fixtures.data("golang-vulndb/data/osv/GO-2020-0001.json")
        let error = #expect(throws: FeedError.self) { try OSVFeed.parse(data.prefix(200), format: .json, name: "GO-2020-0001.json") }
        #expect(error?.code == .malformed)
        #expect(error?.message.hasPrefix("GO-2020-0001.json: not valid JSON") == true)
    }

    @Test func wrongTopLevelTypesThrow() {
        #expect(throws: FeedError.self) { try parse("[]") }
        let noID = #expect(throws: FeedError.self) { try parse(#"{"id": 7, "affected": []}"#) }
        #expect(noID?.message == "test.json: no `id` string")
    }

    @Test func badAffectedEntriesAreSkippedOneByOne() throws {
        let result = try parse(#"""
            {"id": "GHSA-test", "aliases": ["CVE-2099-1", "GHSA-test"],
             "database_specific": {"severity": "HIGH"},
             "affected": [
              {"package": {"ecosystem": "Packagist", "name": "a/b"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]},
              {"package": {"ecosystem": "npm"}},
              {"package": {"ecosystem": "npm", "name": "left-pad"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": 1}, {"fixed": "1.3.0"}]}]},
              {"package": {"ecosystem": "npm", "name": "lodash"}, "ranges": [{"type": "SEMVER", "events": [{"broken": "1"}]}, {"type": "GIT", "events": []}]},
              {"package": {"ecosystem": "NuGet", "name": "Newtonsoft.Json"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "13.0.1"}]}]},
              {"package": {"ecosystem": "Debian:12", "name": "glibc"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.36-9+deb12u3"}]}]},
              {"package": {"ecosystem": "Alpine:v3.19", "name": "musl"}, "versions": ["1.2.4-r2"]},
              {"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.0-beta9"}, {"fixed": "2.15.0"}]}]}
             ]}
            """#)
        #expect(result.records.map(\.namespace) == ["npm", "nuget", "debian:12", "alpine:3.19", "maven"])
        #expect(result.records.map(\.versionScheme) == ["semver", "semver", "dpkg", "apk", "maven"])
        #expect(result.records.map(\.packageName) == ["left-pad", "newtonsoft.json", "glibc", "musl", "org.apache.logging.log4j:log4j-core"])
        #expect(result.records.allSatisfy { $0.aliases == ["CVE-2099-1"] && $0.severity.vendor == "high" })
        // A numeric version in JSON is read as its text.
        #expect(result.records[0].ranges.first?.events.first == .introduced("1"))
        #expect(result.records[3].fixState == .notFixed)
        #expect(result.records[3].affectedVersions == ["1.2.4-r2"])
        #expect(result.skipped.map(\.description) == [
            "GHSA-test affected[0]: unsupported ecosystem `Packagist`",
            "GHSA-test affected[1]: no `package.ecosystem` and `package.name` strings",
            "GHSA-test affected[3].ranges[0]: malformed event (want one of introduced/fixed/last_affected/limit): an object",
            "GHSA-test affected[3].ranges[1]: GIT range skipped: it names commits, not versions",
            "GHSA-test affected[3]: no ECOSYSTEM/SEMVER range and no `versions`",
        ])
    }

    @Test func yamlVersionsStayStrings() throws {
        let yaml = """
            id: PYSEC-0000-1
            affected:
            - package: {name: Foo_Bar.baz, ecosystem: PyPI}
              ranges:
              - type: ECOSYSTEM
                events:
                - introduced: 1.10
                - fixed: 2.0
              versions: [1.10, 1.20]
            """
        let result = try OSVFeed.parse(Data(yaml.utf8), format: .yaml, name: "x.yaml")
        let record = try #require(result.records.first)
        #expect(record.packageName == "foo-bar-baz")
        #expect(record.ranges.first?.events == [.introduced("1.10"), .fixed("2.0")])
        #expect(record.affectedVersions == ["1.10", "1.20"])
    }

    @Test func brokenFilesInADirectoryAreSkips() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "osv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Fixtures.data("golang-vulndb/data/osv/GO-2020-0001.json").write(to: directory.appending(path: "GO-2020-0001.json"))
        try Data("id: [unclosed".utf8).write(to: directory.appending(path: "bad.yaml"))
        try Data(#"{"id": "X"#.utf8).write(to: directory.appending(path: "truncated.json"))
        let result = try OSVFeed.parse(directory: directory)
        #expect(result.records.map(\.id) == ["GO-2020-0001"])
        #expect(result.skipped.map(\.entry) == ["bad.yaml", "truncated.json"])
        #expect(result.skipped.allSatisfy { $0.reason.contains("not valid") })
        #expect(throws: FeedError.self) { try OSVFeed.parse(directory: directory.appending(path: "missing")) }
    }

    @Test func oversizedFilesAreRefused() throws {
        let url = try Fixtures.url("golang-vulndb/data/osv/GO-2020-0001.json")
        let error = #expect(throws: FeedError.self) { try FeedFile.read(url, limit: 100) }
        #expect(error?.code == .unreadable)
        #expect(error?.message.contains("over the 100-byte limit") == true)
    }
}
