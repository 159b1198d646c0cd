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

    @Test func evaluationDocumentsAreStoredCompressedAndReadBack() throws {
        let json = Data(String(repeating: #"{"row": "CRITICAL Vulnerability found"}"#, count: 200).utf8)
        let stored = try EvaluationDocument.compress(json)
        #expect(stored.count < json.count / 5)
        #expect(EvaluationDocument.json(stored) == json)
        #expect(EvaluationDocument.json(json) == json, "a document stored uncompressed reads as it is")
    }
}
