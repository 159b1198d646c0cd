import Catalog
@testable import Engine
import Foundation
import Testing
import Vulnerabilities

@Suite struct PolicyStorageTests {
    @Test func firstSeenTimesRoundTripAndDamageIsRefused() {
        let map: [UInt64: FirstSeen] = [1: .init(detected: 1_700_000_000, fixed: nil), .max: .init(detected: 0, fixed: 1_800_000_000)]
        #expect(FirstSeen.decode(FirstSeen.encode(map)) == map)
        #expect(FirstSeen.decode(FirstSeen.encode([:])) == [:])
        var damaged = FirstSeen.encode(map)
        damaged.removeLast()
        #expect(FirstSeen.decode(damaged) == nil)
        #expect(FirstSeen.decode(Data([9])) == nil)
    }

    @Test func firstSeenKeysFollowAnchoresMatchIdentity() {
        let match = VulnerabilityMatch(
            id: "CVE-1", aliases: [], packageName: "zlib1g", packageVersion: "1.2", packageType: "dpkg", packagePath: "pkgdb",
            fixedVersions: [], fixState: .notFixed, fixStateDetail: nil, severity: "Low", url: "", namespace: "debian:12", feed: "debian",
            nvd: [], vendor: [])
        var fixed = match
        fixed.fixedVersions = ["1.3"]
        fixed.severity = "High"
        #expect(FirstSeen.key(fixed) == FirstSeen.key(match), "a fix or a severity change is the same match")
        var other = match
        other.packageVersion = "1.2.1"
        #expect(FirstSeen.key(other) != FirstSeen.key(match))
    }

    /// Times come from the stored record; only new matches and newly fixed ones change it (and only then is it
    /// written back); a match seen before keeps its first time.
    @Test func firstSeenKeepsOldTimesAndRecordsOnlyWhatIsNew() throws {
        func match(_ id: String, fixed: [String] = []) -> VulnerabilityMatch {
            VulnerabilityMatch(
                id: id, aliases: [], packageName: "zlib1g", packageVersion: "1.2", packageType: "dpkg", packagePath: "pkgdb",
                fixedVersions: fixed, fixState: fixed.isEmpty ? .notFixed : .fixed, fixStateDetail: nil, severity: "Low", url: "",
                namespace: "debian:12", feed: "debian", nvd: [], vendor: [])
        }
        let day1 = Date(timeIntervalSince1970: 1_700_000_000), day2 = day1.addingTimeInterval(86400), day3 = day2.addingTimeInterval(86400)
        let (first, record1) = PolicyService.firstSeen(nil, matches: [match("CVE-1"), match("CVE-2")], now: day1)
        #expect(first.map(\.detectedAt) == [day1, day1])
        let stored1 = try #require(record1)
        // Nothing new: the same times, nothing to write.
        let (again, unchanged) = PolicyService.firstSeen(stored1, matches: [match("CVE-2"), match("CVE-1")], now: day2)
        #expect(again.map(\.detectedAt) == [day1, day1])
        #expect(unchanged == nil)
        // A new match and a fix of an old one: their times are now, the rest keep theirs.
        let (later, record2) = PolicyService.firstSeen(stored1, matches: [match("CVE-1", fixed: ["1.3"]), match("CVE-3"), match("CVE-2")], now: day2)
        #expect(later.map(\.detectedAt) == [day1, day2, day1])
        #expect(later.map(\.fixObservedAt) == [day2, nil, nil])
        let stored2 = try #require(record2)
        #expect(FirstSeen.decode(stored2)?.count == 3)
        let (third, none) = PolicyService.firstSeen(stored2, matches: [match("CVE-1", fixed: ["1.3"]), match("CVE-3")], now: day3)
        #expect(third.map(\.detectedAt) == [day1, day2])
        #expect(third.map(\.fixObservedAt) == [day2, nil])
        #expect(none == nil)
        // A damaged record: every match is seen anew.
        #expect(PolicyService.firstSeen(Data([2, 5, 1]), matches: [match("CVE-1")], now: day3).0.map(\.detectedAt) == [day3])
    }

    @Test func evaluationDocumentsAreStoredCompressedAndReadBack() throws {
        let json = Data(String(repeating: #"{"row": "CRITICAL Vulnerability found"}"#, count: 200).utf8)
        let stored = try EvaluationDocument.compress(json)
        #expect(stored.count < json.count / 5)
        #expect(EvaluationDocument.json(stored) == json)
        #expect(EvaluationDocument.json(json) == json, "a document stored uncompressed reads as it is")
    }
}
