import Foundation
import Testing
import Vulnerabilities

@Suite struct DebianTrackerFeedTests {
    let result: FeedParseResult

    init() throws {
        result = try DebianTrackerFeed.parse(
            try Fixtures.data("osv.dev-testdata/vulnfeeds/test_data/debian/debian_security_tracker_mock.json"))
    }

    @Test func everyReleaseOfEveryCVEBecomesARecord() {
        // apparmor × 3 CVEs × 5 releases (bookworm, bullseye, buster, sid, trixie).
        #expect(result.records.count == 15)
        #expect(result.skipped.isEmpty, "\(result.skipped)")
        #expect(Set(result.records.map(\.namespace)) == ["debian:10", "debian:11", "debian:12", "debian:13", "debian:unstable"])
        #expect(result.records.allSatisfy { $0.packageName == "apparmor" && $0.versionScheme == "dpkg" })
    }

    @Test func resolvedWithVersionZeroIsNotAffected() throws {
        let record = try #require(result.records(id: "CVE-2014-1424", namespace: "debian:12").first)
        #expect(record.fixState == .notAffected)
        #expect(record.fixedVersions.isEmpty)
        #expect(record.ranges.isEmpty)
        #expect(record.severity.vendor == "unimportant")
        #expect(record.source == FeedSource(feed: "debian-tracker", group: "bookworm"))
    }

    @Test func openIsNotFixedAndResolvedCarriesTheFixedVersion() throws {
        let bookworm = try #require(result.records(id: "CVE-2016-1585", namespace: "debian:12").first)
        #expect(bookworm.fixState == .notFixed)
        #expect(bookworm.severity.vendor == "unimportant")
        #expect(bookworm.links.contains("https://bugs.debian.org/929990"))
        let trixie = try #require(result.records(id: "CVE-2016-1585", namespace: "debian:13").first)
        #expect(trixie.fixState == .fixed)
        #expect(trixie.fixedVersions == ["3.0.12-1"])
        #expect(trixie.ranges == [AffectedRange(type: "ECOSYSTEM", events: [.introduced("0"), .fixed("3.0.12-1")])])
    }

    @Test func notYetAssignedUrgencyIsNoSeverity() throws {
        let record = try #require(result.records(id: "CVE-2017-6507", namespace: "debian:10").first)
        #expect(record.fixState == .fixed)
        #expect(record.fixedVersions == ["2.11.0-3"])
        #expect(record.severity.vendor == nil)
    }

    @Test func noDSARulesBecomeWontFixButPostponedStaysOpen() throws {
        let json = #"""
        {"openssl": {"CVE-2099-0001": {"description": "x", "releases": {
          "bookworm": {"status": "open", "urgency": "low", "nodsa": "Minor issue", "nodsa_reason": ""},
          "bullseye": {"status": "open", "urgency": "low", "nodsa": "", "nodsa_reason": "ignored"},
          "buster": {"status": "open", "urgency": "low**", "nodsa": "Fix along with a later DSA", "nodsa_reason": "postponed"},
          "trixie": {"status": "undetermined", "urgency": "not yet assigned"},
          "sid": {"status": "resolved", "fixed_version": "3.1.4-1", "urgency": "low"}}}}}
        """#
        let result = try DebianTrackerFeed.parse(Data(json.utf8))
        let byRelease = Dictionary(uniqueKeysWithValues: result.records.map { ($0.source.group, $0) })
        #expect(byRelease["bookworm"]?.fixState == .wontFix)
        #expect(byRelease["bookworm"]?.fixStateDetail == "no-dsa: Minor issue")
        #expect(byRelease["bullseye"]?.fixState == .wontFix)
        #expect(byRelease["bullseye"]?.fixStateDetail == "ignored")
        #expect(byRelease["buster"]?.fixState == .notFixed)
        #expect(byRelease["buster"]?.fixStateDetail == "postponed: Fix along with a later DSA")
        #expect(byRelease["buster"]?.severity.vendor == "low")
        #expect(byRelease["trixie"]?.fixState == .unknown)
        #expect(byRelease["sid"]?.fixedVersions == ["3.1.4-1"])
    }
}
