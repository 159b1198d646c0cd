import Foundation
import Testing
import Vulnerabilities

@Suite struct DebianTrackerMalformedTests {
    @Test func truncatedJSONIsAMalformedError() throws {
        let data = try Fixtures.data("osv.dev-testdata/vulnfeeds/test_data/debian/debian_security_tracker_mock.json")
        let error = #expect(throws: FeedError.self) { try DebianTrackerFeed.parse(data.prefix(data.count / 2)) }
        #expect(error?.code == .malformed)
        #expect(error?.message.contains("not valid JSON") == true)
    }

    @Test func aTopLevelListIsAMalformedError() {
        let error = #expect(throws: FeedError.self) { try DebianTrackerFeed.parse(Data("[1, 2]".utf8)) }
        #expect(error?.code == .malformed)
    }

    @Test func badEntriesAreSkippedWithReasonsAndGoodOnesKept() throws {
        let json = #"""
        {"bad-package": [1, 2],
         "zlib": {"CVE-2099-0002": "not an object",
                  "CVE-2099-0003": {"releases": {"bookworm": {"status": 12}, "hurd": {"status": "open"},
                                                  "trixie": {"status": "resolved"}, "sid": {"status": "exploded"},
                                                  "bullseye": {"status": "open", "urgency": "medium"}}},
                  "CVE-2099-0004": {"description": "no releases"}}}
        """#
        let result = try DebianTrackerFeed.parse(Data(json.utf8))
        #expect(result.records.count == 1)
        #expect(result.records.first?.namespace == "debian:11")
        let reasons = Dictionary(uniqueKeysWithValues: result.skipped.map { ($0.entry, $0.reason) })
        #expect(reasons["bad-package"]?.contains("expected an object") == true)
        #expect(reasons["zlib/CVE-2099-0002"]?.contains("found a string") == true)
        #expect(reasons["zlib/CVE-2099-0003/bookworm"] == "no `status` string")
        #expect(reasons["zlib/CVE-2099-0003/hurd"] == "unknown Debian release `hurd`")
        #expect(reasons["zlib/CVE-2099-0003/trixie"]?.contains("without a `fixed_version`") == true)
        #expect(reasons["zlib/CVE-2099-0003/sid"] == "unknown status `exploded`")
        #expect(reasons["zlib/CVE-2099-0004"] == "no `releases` object")
        #expect(result.skipped.count == 7)
    }
}
