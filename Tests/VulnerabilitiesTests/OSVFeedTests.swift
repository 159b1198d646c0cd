import Catalog
import Foundation
import Testing
import Vulnerabilities

@Suite struct PyPAAdvisoryTests {
    /// Parsed once for the suite (swift-testing makes a suite instance per test; the database is 5 MB of YAML).
    static let parsed = Result { try OSVFeed.parse(directory: try Fixtures.url("pypa-advisory-database/vulns")) }
    let result: FeedParseResult

    init() throws {
        result = try Self.parsed.get()
    }

    @Test func wholeDatabaseCounts() {
        // 2661 YAML files: 10 withdrawn, the rest one PyPI package each.
        #expect(result.records.count == 2651)
        #expect(Set(result.records.map(\.id)).count == 2651)
        #expect(result.records.allSatisfy { $0.namespace == "pypi" && $0.versionScheme == "pep440" })
        #expect(result.skipped.filter { $0.reason.hasPrefix("withdrawn") }.count == 10)
        #expect(result.skipped.filter { $0.reason.hasPrefix("GIT range skipped") }.count == 1391)
        #expect(result.skipped.count == 1401)
    }

    @Test func aiohttpOpenRedirect() throws {
        let record = try #require(result.records(id: "PYSEC-2021-76").first)
        #expect(record.packageName == "aiohttp")
        #expect(record.aliases == ["CVE-2021-21330", "GHSA-v6wp-4m6f-gcjg"])
        // The GIT range is dropped (with a skip), the ECOSYSTEM range kept.
        #expect(record.ranges == [AffectedRange(type: "ECOSYSTEM", events: [.introduced("0"), .fixed("3.7.4")])])
        #expect(record.fixedVersions == ["3.7.4"])
        #expect(record.fixState == .fixed)
        #expect(record.affectedVersions.count == 210)
        #expect(record.affectedVersions.prefix(4) == ["0.1", "0.2", "0.3", "0.4"])  // quoted in YAML, strings here
        #expect(record.links.contains("https://github.com/aio-libs/aiohttp/security/advisories/GHSA-v6wp-4m6f-gcjg"))
        #expect(record.description?.hasPrefix("aiohttp is an asynchronous HTTP client/server framework") == true)
        #expect(record.source == FeedSource(feed: "osv", group: "aiohttp/PYSEC-2021-76.yaml"))
        #expect(result.skipped.contains(SkippedEntry(
            entry: "PYSEC-2021-76 affected[0].ranges[0]", reason: "GIT range skipped: it names commits, not versions")))
    }

    @Test func lastAffectedHasNoFix() throws {
        let record = try #require(result.records(id: "PYSEC-2022-42969").first)
        #expect(record.packageName == "py")
        #expect(record.ranges.first?.events == [.introduced("0"), RangeEvent(.lastAffected, "1.11.0")])
        #expect(record.fixState == .notFixed)
        #expect(record.fixedVersions.isEmpty)
    }

    @Test func namesArePEP503Normalized() throws {
        #expect(try #require(result.records(id: "PYSEC-2020-341").first).packageName == "jw-util")
    }

    @Test func cvssVectorsAreKept() throws {
        let record = try #require(result.records(id: "PYSEC-2023-221").first)
        #expect(record.severity.cvss.first?.type == "CVSS_V3")
        #expect(record.severity.cvss.first?.vector.hasPrefix("CVSS:3.1/") == true)
    }

    @Test func withdrawnRecordsAreSkipped() {
        #expect(result.records(id: "PYSEC-2023-73").isEmpty)
        #expect(result.skipped.contains { $0.entry == "PYSEC-2023-73" && $0.reason.hasPrefix("withdrawn 20") })
    }
}

@Suite struct OSVJSONTests {
    @Test func goVulnDB() throws {
        let result = try OSVFeed.parse(directory: try Fixtures.url("golang-vulndb/data/osv"))
        #expect(result.records.count == 21)
        #expect(Set(result.records.map(\.id)).count == 10)
        #expect(result.skipped.isEmpty, "\(result.skipped)")
        #expect(result.records.allSatisfy { $0.namespace == "go" && $0.versionScheme == "go" && $0.ranges.allSatisfy { $0.type == "SEMVER" } })
        let gin = try #require(result.records(id: "GO-2020-0001").first)
        #expect(gin.packageName == "github.com/gin-gonic/gin")
        #expect(gin.aliases == ["CVE-2020-36567", "GHSA-6vm3-jj99-7229"])
        #expect(gin.fixState == .fixed)
        #expect(gin.links.contains("https://pkg.go.dev/vuln/GO-2020-0001"))
        // The database's vulnerable symbols, kept for display, qualified by their import path.
        #expect(gin.symbols == ["Default", "Logger", "LoggerWithConfig", "LoggerWithFormatter", "LoggerWithWriter"].map { "github.com/gin-gonic/gin." + $0 })
        let evmos = result.records(id: "GO-2024-2732")
        #expect(evmos.count == 12)
        let unfixed = evmos.filter { $0.fixState == .notFixed }
        #expect(unfixed.count == 11)
        #expect(unfixed.allSatisfy { $0.ranges == [AffectedRange(type: "SEMVER", events: [.introduced("0")])] })
        #expect(evmos.filter { $0.fixState == .fixed }.map(\.fixedVersions) == [["12.0.0"]])
        #expect(evmos.contains { $0.packageName == "github.com/evmos/evmos/v7" })
    }

    @Test func osvDevPyPISample() throws {
        let name = "osv.dev-testdata/gcp/functions/pypi/testdata/test_vuln.json"
        let result = try OSVFeed.parse(try Fixtures.data(name), format: .json, name: name)
        #expect(result.records.count == 2)
        #expect(result.records.map(\.fixedVersions) == [["3.1.2"], ["3.3.2"]])
        #expect(result.records.allSatisfy { $0.id == "PYSEC-2021-63" && $0.packageName == "cryptography" && $0.aliases == ["CVE-2020-36242"] })
    }

    @Test func recordWithoutAffectedPackagesIsASkip() throws {
        let name = "osv.dev-testdata/gcp/website/testdata/osv/DLA-3623-1.json"
        let result = try OSVFeed.parse(try Fixtures.data(name), format: .json, name: name)
        #expect(result.records.isEmpty)
        #expect(result.skipped == [SkippedEntry(entry: "DLA-3623-1", reason: "no `affected` packages")])
    }
}

/// OSV's PyPI archive holds both PyPA's record and GitHub's for most advisories: a package matches one vulnerability
/// once, reported by the ecosystem's own id.
@Suite struct AliasDuplicateTests {
    @Test func pysecAndGhsaOfOneVulnerabilityAreOneMatch() throws {
        let pysec = try OSVFeed.parse(try Fixtures.data("pypa-advisory-database/vulns/aiohttp/PYSEC-2021-76.yaml"), format: .yaml, name: "PYSEC-2021-76.yaml")
        let ghsaFile = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/ghsa/GHSA-v6wp-4m6f-gcjg.json")
        let ghsa = try OSVFeed.parse(try Data(contentsOf: ghsaFile), format: .json, name: "GHSA-v6wp-4m6f-gcjg.json")
        #expect(ghsa.records.first?.aliases == ["CVE-2021-21330"])
        let input = MatchInput(distro: nil, packages: [MatchPackage(type: .python, name: "aiohttp", version: "3.7.3", path: "/usr/lib/python3/dist-packages/aiohttp")])
        for order in [[ghsa, pysec], [pysec, ghsa]] {
            var index = VulnerabilityIndex()
            for feed in order { index.add(feed.records, feed: "osv") }
            let matches = VulnerabilityMatcher(index: index).match(input).matches
            #expect(matches.map(\.id) == ["PYSEC-2021-76"], "\(matches.map(\.id))")
        }
        // GitHub's alone still reports it.
        var only = VulnerabilityIndex()
        only.add(ghsa.records, feed: "osv")
        #expect(VulnerabilityMatcher(index: only).match(input).matches.map(\.id) == ["GHSA-v6wp-4m6f-gcjg"])
    }
}
