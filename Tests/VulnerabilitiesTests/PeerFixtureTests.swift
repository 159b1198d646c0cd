import Foundation
import Testing
import Vulnerabilities

/// The drivers on the test fixtures of the peers (anchore/vunnel, aquasecurity/trivy-db), which carry their own traps.
@Suite struct PeerFixtureTests {
    @Test func vunnelTrackerJSON() throws {
        let result = try DebianTrackerFeed.parse(
            try Fixtures.data("anchore-vunnel-fixtures/tests/unit/providers/debian/test-fixtures/input/debian.json"))
        #expect(result.records.count == 25)
        // `"releases": []` (chromium-browser) is a recorded skip, not a crash.
        #expect(result.skipped == [SkippedEntry(entry: "chromium-browser/CVE-2022-0358", reason: "no releases listed")])
        let prototype = try #require(result.records(id: "CVE-2008-7220", namespace: "debian:9").first)
        #expect(prototype.fixedVersions == ["1.6.0.2-1"])
        #expect(prototype.severity.vendor == "high")  // `high**`: the NVD-derived marks are dropped
    }

    @Test func vunnelAlpineSecdb() throws {
        let result = try AlpineSecDBFeed.parse(
            try Fixtures.data("anchore-vunnel-fixtures/tests/unit/providers/alpine/test-fixtures/input/secdb/v3.15/main.yaml"),
            format: .yaml)
        #expect(result.records.count == 13)
        #expect(result.records.allSatisfy { $0.namespace == "alpine:3.15" })
        #expect(result.skipped.isEmpty, "\(result.skipped)")
    }

    @Test func vunnelGoVulnDB() throws {
        let name = "anchore-vunnel-fixtures/tests/unit/providers/govulndb/test-fixtures/vulndb/ID/GO-2023-1989.json"
        let result = try OSVFeed.parse(try Fixtures.data(name), format: .json, name: name)
        #expect(result.records.count == 1)
        #expect(result.records.allSatisfy { $0.id == "GO-2023-1989" && $0.namespace == "go" })
    }

    @Test func trivyVulnListDebianLayout() throws {
        let result = try VulnListDebianFeed.parse(
            directory: try Fixtures.url("trivy-db-testdata/pkg/vulnsrc/debian/testdata/happy/vuln-list-debian"))
        // source/, updates-source/ and distributions.json are package lists, not advisories: not read.
        #expect(result.records.count == 39)
        #expect(result.skipped.map(\.entry) == ["tracker/DSA/DSA-3714-1.json (DSA-3714-1)"])
        // A DLA fix for stretch where the CVE file says stretch <no-dsa>: the release's own line wins.
        let stretch = try #require(result.records(id: "CVE-2021-33560", package: "libgcrypt20", namespace: "debian:9").first)
        #expect(stretch.fixState == .wontFix)
        let buster = try #require(result.records(id: "CVE-2021-33560", package: "libgcrypt20", namespace: "debian:10").first)
        #expect(buster.fixedVersions == ["1.8.4-5+deb10u1"])
        #expect(buster.aliases == ["DLA-2691-1"])
        let curl = try #require(result.records(id: "CVE-2016-4606", package: "curl", namespace: "debian:12").first)
        #expect(curl.fixState == .notAffected)
        #expect(curl.fixStateDetail == "Only applies to Curl on Mac OS")  // the unstable line's own reason
    }

    @Test func trivyOSVWithdrawnAfterNow() throws {
        let directory = try Fixtures.url("trivy-db-testdata/pkg/vulnsrc/osv/testdata/happy/vuln-list/osv/python")
        let now = try Date("2025-01-01T00:00:00Z", strategy: .iso8601)
        let withNow = try OSVFeed.parse(directory: directory, now: now)
        // Withdrawn in 3001: still in force today.
        #expect(!withNow.records(id: "PYSEC-2019-156").isEmpty)
        #expect(withNow.records(id: "PYSEC-2023-73").isEmpty)
        let withoutNow = try OSVFeed.parse(directory: directory)
        #expect(withoutNow.records(id: "PYSEC-2019-156").isEmpty)
        #expect(withoutNow.skipped.contains { $0.entry == "PYSEC-2019-156" && $0.reason == "withdrawn 3001-06-06T10:37:00Z" })
    }
}
