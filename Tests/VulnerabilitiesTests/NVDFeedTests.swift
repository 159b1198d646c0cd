import Foundation
import Testing
import Vulnerabilities

@Suite struct NVDFeedTests {
    static let osvDir = "osv.dev-testdata/vulnfeeds/test_data/nvdcve-2.0"
    static let vunnelDir = "anchore-vunnel-fixtures/tests/unit/providers/nvd/test-fixtures"

    func detail(_ result: NVDParseResult, _ id: String) throws -> VulnerabilityDetail {
        let matches = result.details.filter { $0.id == id }
        try #require(matches.count == 1, "\(id): \(matches.count) details")
        return matches[0]
    }

    @Test func osvDevDirectoryOf23Pages() throws {
        let result = try NVDFeed.parse(directory: try Fixtures.url(Self.osvDir))
        #expect(result.details.count == 23)
        #expect(result.skipped.isEmpty)
        #expect(Set(result.details.map(\.id)).count == 23)
        #expect(result.details.filter { $0.cvssV3 != nil }.count == 22)
        #expect(result.details.filter { $0.cvssV2 != nil }.count == 8)
        #expect(result.details.allSatisfy { $0.description?.isEmpty == false })
        // Every page is `resultsPerPage: 1, startIndex: 0, totalResults: 1`.
        #expect(result.totalResults == 1)
        #expect(result.startIndex == 0)
        #expect(result.resultsPerPage == 1)
    }

    @Test func v2OnlyWithMetricLevelSeverityAndDuplicateReferences() throws {
        let result = try NVDFeed.parse(try Fixtures.data("\(Self.osvDir)/CVE-2014-1424.json"))
        let cve = try detail(result, "CVE-2014-1424")
        #expect(cve.cvssV3 == nil)
        #expect(cve.cvssV2 == CVSSDetail(
            version: "2.0", vector: "AV:N/AC:L/Au:N/C:N/I:P/A:P", baseScore: 6.4,
            exploitabilityScore: 10.0, impactScore: 4.9, baseSeverity: "MEDIUM"))
        #expect(cve.description == "apparmor_parser in the apparmor package before 2.8.95~2430-0ubuntu5.1 in Ubuntu 14.04 allows attackers to bypass AppArmor policies via unspecified vectors, related to a \"miscompilation flaw.\"")
        // The same URL from two sources is one link.
        #expect(cve.links == ["http://www.ubuntu.com/usn/USN-2413-1"])
        #expect(cve.published == "2014-11-24T15:59:00.090")
        #expect(cve.lastModified == "2025-04-12T10:46:40.837")
    }

    @Test func v31PrimaryPreferredOverSecondaryV30() throws {
        let cve = try detail(try NVDFeed.parse(try Fixtures.data("\(Self.osvDir)/CVE-2016-1585.json")), "CVE-2016-1585")
        #expect(cve.cvssV3 == CVSSDetail(
            version: "3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", baseScore: 9.8,
            exploitabilityScore: 3.9, impactScore: 5.9, baseSeverity: "CRITICAL"))
        #expect(cve.cvssV2 == CVSSDetail(
            version: "2.0", vector: "AV:N/AC:L/Au:N/C:P/I:P/A:P", baseScore: 7.5,
            exploitabilityScore: 10.0, impactScore: 6.4, baseSeverity: "HIGH"))
        #expect(cve.links.count == 2)
    }

    @Test func v30UsedWhenThereIsNoV31() throws {
        let cve = try detail(try NVDFeed.parse(try Fixtures.data("\(Self.osvDir)/CVE-2017-6507.json")), "CVE-2017-6507")
        #expect(cve.cvssV3 == CVSSDetail(
            version: "3.0", vector: "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N", baseScore: 5.9,
            exploitabilityScore: 2.2, impactScore: 3.6, baseSeverity: "MEDIUM"))
        #expect(cve.cvssV2?.vector == "AV:N/AC:M/Au:N/C:N/I:P/A:N")
        #expect(cve.links.count == 5)  // 10 references, 5 distinct URLs
    }

    @Test func primaryChosenWhenListedAfterSecondary() throws {
        // CVE-2024-3094: Secondary (Red Hat) first, Primary (NVD) second, identical scores; also an `ssvcV203` metric.
        let xz = try detail(try NVDFeed.parse(try Fixtures.data("\(Self.osvDir)/CVE-2024-3094.json")), "CVE-2024-3094")
        #expect(xz.cvssV3 == CVSSDetail(
            version: "3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", baseScore: 10,
            exploitabilityScore: 3.9, impactScore: 6, baseSeverity: "CRITICAL"))
        #expect(xz.links.count == 55)
        // CVE-2022-25761: Secondary (snyk) first; both agree here, so check the source-specific pick on the vector.
        let page = try NVDFeed.parse(try Fixtures.data("\(Self.osvDir)/CVE-2022-25761.json"))
        #expect(try detail(page, "CVE-2022-25761").cvssV3?.vector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H")
        // CVE-2024-47177: only a Secondary entry: it is used.
        let cups = try detail(try NVDFeed.parse(try Fixtures.data("\(Self.osvDir)/CVE-2024-47177.json")), "CVE-2024-47177")
        #expect(cups.cvssV3 == CVSSDetail(
            version: "3.1", vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H", baseScore: 9.0,
            exploitabilityScore: 2.2, impactScore: 6.0, baseSeverity: "CRITICAL"))
    }

    @Test func vunnelFullPage() throws {
        let result = try NVDFeed.parse(try Fixtures.data("\(Self.vunnelDir)/full-page.json"))
        #expect(result.totalResults == 38)
        #expect(result.startIndex == 0)
        #expect(result.resultsPerPage == 38)
        #expect(result.details.count == 38)
        #expect(result.skipped.isEmpty)
        #expect(result.details.first?.id == "CVE-2023-27314")
        #expect(result.details.last?.id == "CVE-2023-20261")
        #expect(result.details.filter { $0.cvssV3 == nil }.map(\.id) == ["CVE-2023-43250", "CVE-2023-45383", "CVE-2023-46009"])
        #expect(result.details.allSatisfy { $0.cvssV2 == nil })
        #expect(result.details.reduce(0) { $0 + $1.links.count } == 56)
        let nconvert = try detail(result, "CVE-2023-43250")
        #expect(nconvert.description?.hasPrefix("XNSoft Nconvert 7.136 is vulnerable to Buffer Overflow.") == true)
        #expect(nconvert.links.count == 4)
        #expect(nconvert.published == "2023-10-18T16:15:08.790")
    }

    @Test func vunnelSingleEntry() throws {
        let result = try NVDFeed.parse(try Fixtures.data("\(Self.vunnelDir)/single-entry.json"))
        #expect(result.details == [VulnerabilityDetail(
            id: "CVE-2022-1576",
            description: "The WP Maintenance Mode & Coming Soon WordPress plugin before 2.4.5 is lacking CSRF when emptying the subscribed users list, which could allow attackers to make a logged in admin perform such action via a CSRF attack",
            cvssV2: CVSSDetail(version: "2.0", vector: "AV:N/AC:M/Au:N/C:N/I:P/A:N", baseScore: 4.3,
                               exploitabilityScore: 8.6, impactScore: 2.9, baseSeverity: "MEDIUM"),
            cvssV3: CVSSDetail(version: "3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N", baseScore: 6.5,
                               exploitabilityScore: 2.8, impactScore: 3.6, baseSeverity: "MEDIUM"),
            links: ["https://wpscan.com/vulnerability/68deab46-1c16-46ae-a912-a104958ca4cf"],
            published: "2022-07-11T13:15:08.503", lastModified: "2024-11-21T06:41:00.133"
        )])
    }

    @Test func vunnelDirectoryAppendsPages() throws {
        let result = try NVDFeed.parse(directory: try Fixtures.url(Self.vunnelDir))
        #expect(result.details.count == 39)
        #expect(result.totalResults == 38)
        #expect(result.startIndex == 0)
    }

    @Test func entriesWithoutIdAndBadMetricsAreSkipped() throws {
        let page = """
        {"resultsPerPage": 4, "startIndex": 10, "totalResults": 14, "vulnerabilities": [
          {"cve": {"descriptions": [{"lang": "en", "value": "no id"}]}},
          {"nope": 1},
          {"cve": {"id": "CVE-2099-0001",
                   "descriptions": [{"lang": "es", "value": "hola"}],
                   "metrics": {"cvssMetricV31": [{"type": "Primary", "cvssData": {"version": "3.1"}}],
                               "cvssMetricV30": [{"type": "Secondary", "cvssData": {"version": "3.0",
                                 "vectorString": "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8,
                                 "baseSeverity": "CRITICAL"}}]}}},
          {"cve": {"id": ""}}
        ]}
        """
        let result = try NVDFeed.parse(Data(page.utf8))
        #expect(result.startIndex == 10)
        #expect(result.totalResults == 14)
        #expect(result.resultsPerPage == 4)
        #expect(result.details.map(\.id) == ["CVE-2099-0001"])
        #expect(result.details[0].description == nil)
        #expect(result.details[0].cvssV3 == CVSSDetail(
            version: "3.0", vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", baseScore: 9.8, baseSeverity: "CRITICAL"))
        #expect(result.skipped.map(\.description) == [
            "NVD page vulnerabilities[0]: no `cve.id` string",
            "NVD page vulnerabilities[1]: no `cve` object",
            "CVE-2099-0001 metrics.cvssMetricV31[0]: no `cvssData.vectorString` and `baseScore`",
            "NVD page vulnerabilities[3]: no `cve.id` string",
        ])
    }

    @Test(arguments: [
        ("not json", "not valid JSON"),
        ("[1, 2]", "must be an object, not a list"),
        ("{\"totalResults\": 1}", "no `vulnerabilities` list"),
        ("{\"vulnerabilities\": {}}", "no `vulnerabilities` list"),
        ("{\"totalResults\": \"many\", \"vulnerabilities\": []}", "`totalResults` must be a non-negative integer"),
        ("{\"startIndex\": 1.5, \"vulnerabilities\": []}", "`startIndex` must be a non-negative integer"),
    ])
    func malformedPagesThrow(input: String, message: String) {
        let error = #expect(throws: FeedError.self) { try NVDFeed.parse(Data(input.utf8)) }
        #expect(error?.code == .malformed)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func directoryRecordsUnreadablePagesAndRejectsMissingDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "nvd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("{\"vulnerabilities\": [{\"cve\": {\"id\": \"CVE-2099-0002\"}}]}".utf8).write(to: directory.appending(path: "a.json"))
        try Data("garbage".utf8).write(to: directory.appending(path: "b.json"))
        try Data("ignored".utf8).write(to: directory.appending(path: "c.txt"))
        let result = try NVDFeed.parse(directory: directory)
        #expect(result.details.map(\.id) == ["CVE-2099-0002"])
        #expect(result.skipped.count == 1)
        #expect(result.skipped.first?.entry == "b.json")
        #expect(throws: FeedError.self) { try NVDFeed.parse(directory: directory.appending(path: "missing")) }
    }
}
