import Catalog
import Foundation
import Testing
import Vulnerabilities

/// The Go vulnerability database as `https://vuln.go.dev/vulndb.zip` serves it (`index/` beside the records in `ID/`),
/// on real records (`Fixtures/golang-vulndb`): a Go binary's `stdlib` and the go command's `toolchain` match exactly
/// what the database lists for their Go version.
@Suite struct GoVulnDBTests {
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/golang-vulndb")
    static let ids = ["GO-2022-0969", "GO-2023-1839", "GO-2023-1840", "GO-2023-1878"]

    /// The database's zip layout: the four records under `ID/`, and index files (not records) under `index/`.
    static func vulndbZip() throws -> Data {
        var entries: [(String, Data)] = [
            ("index/db.json", Data(#"{"modified":"2023-07-11T19:27:30Z"}"#.utf8)),
            ("index/modules.json", Data(#"[{"path":"stdlib","vulns":[{"id":"GO-2023-1840","modified":"2023-06-08T00:00:00Z","fixed":"1.20.5"}]}]"#.utf8)),
            ("index/vulns.json", Data(#"[{"id":"GO-2023-1840","modified":"2023-06-08T00:00:00Z","aliases":["CVE-2023-29403"]}]"#.utf8)),
        ]
        for id in ids { entries.append(("ID/\(id).json", try Data(contentsOf: directory.appending(path: "ID/\(id).json")))) }
        return StoredZip.make(entries)
    }

    @Test func theDatabaseZipIsReadRecordsOnlyTheIndexLeftAlone() throws {
        let result = try OSVFeed.parse(zip: try Self.vulndbZip())
        #expect(result.skipped.isEmpty, "\(result.skipped)")
        #expect(Set(result.records.map(\.id)) == Set(Self.ids))
        #expect(result.records.map { "\($0.id) \($0.packageName)" }.sorted() == [
            "GO-2022-0969 golang.org/x/net", "GO-2022-0969 stdlib", "GO-2023-1839 toolchain", "GO-2023-1840 stdlib",
            "GO-2023-1878 stdlib",
        ])
        #expect(result.records.allSatisfy { $0.namespace == "go" })
        // The same records as a mirror of vuln.go.dev on disk (its index folder left alone too).
        let directory = try OSVFeed.parse(directory: Self.directory)
        #expect(directory.skipped.isEmpty)
        #expect(Set(directory.records.map(\.id)) == Set(Self.ids))
        let toolchain = try #require(result.records(id: "GO-2023-1839").first)
        #expect(toolchain.symbols == ["cmd/go"])
        #expect(toolchain.aliases == ["CVE-2023-29402"])
    }

    /// Hand-computed from the records' SEMVER ranges: 0969 is fixed in 1.18.6 and 1.19.1; 1839 (toolchain) and 1840 in
    /// 1.19.10 and 1.20.5; 1878 in 1.19.11 and 1.20.6.
    @Test(arguments: [
        ("go1.18.5", ["GO-2022-0969", "GO-2023-1840", "GO-2023-1878"], ["GO-2023-1839"]),
        ("go1.19.0", ["GO-2022-0969", "GO-2023-1840", "GO-2023-1878"], ["GO-2023-1839"]),
        ("go1.19.1", ["GO-2023-1840", "GO-2023-1878"], ["GO-2023-1839"]),
        ("go1.19.10", ["GO-2023-1878"], []),
        ("go1.19.11", [], []),
        ("go1.20.4", ["GO-2023-1840", "GO-2023-1878"], ["GO-2023-1839"]),
        ("go1.20.5", ["GO-2023-1878"], []),
        ("go1.20.6", [], []),
        ("go1.21.0", [], []),
    ])
    func stdlibAndToolchainMatchWhatTheDatabaseListsForTheGoVersion(version: String, stdlib: [String], toolchain: [String]) throws {
        let result = try OSVFeed.parse(zip: try Self.vulndbZip())
        let matcher = VulnerabilityMatcher(index: MatchingTests.index(result.records, feed: "golang-vulndb"))
        let report = matcher.match(MatchInput(distro: nil, packages: [
            MatchPackage(type: .go, name: "stdlib", version: version, path: "/usr/local/go/bin/go"),
            MatchPackage(type: .go, name: "toolchain", version: version, path: "/usr/local/go/bin/go"),
        ]))
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        #expect(report.matches.filter { $0.packageName == "stdlib" }.map(\.id) == stdlib)
        #expect(report.matches.filter { $0.packageName == "toolchain" }.map(\.id) == toolchain)
        #expect(report.matches.allSatisfy { $0.feed == "golang-vulndb" && $0.packageType == "go" })
    }
}
