import Foundation
import Testing
@testable import Versions

/// ``DpkgKey`` orders as ``DpkgVersion/compare(_:_:)`` does: on every dpkg line of osv-scalibr's oracle files, on
/// random pairs of real-looking versions, and on the edges of the encoding.
struct DpkgKeyTests {
    static func key(_ text: String) throws -> DpkgKey? { DpkgKey(try DpkgVersion(parsing: text)) }

    @Test func everyOracleVectorOrdersAsTheComparison() throws {
        var keyed = 0, unkeyed = 0
        var wrong: [String] = []
        for file in ["debian-versions.txt", "debian-versions-generated.txt"] {
            for v in try VectorFiles.oracle(file) {
                let a = try DpkgVersion(parsing: v.a), b = try DpkgVersion(parsing: v.b)
                guard let ka = DpkgKey(a), let kb = DpkgKey(b) else {
                    unkeyed += 1
                    continue
                }
                keyed += 1
                let expected = DpkgVersion.compare(a, b)
                let got = ka < kb ? -1 : (kb < ka ? 1 : 0)
                if got != expected { wrong.append("\(v) → key says \(got)") }
                if (ka == kb) != (expected == 0) { wrong.append("\(v): equality differs") }
            }
        }
        #expect(wrong.isEmpty, Comment(rawValue: wrong.prefix(20).joined(separator: "\n")))
        #expect(keyed > 1000)
        #expect(unkeyed * 20 < keyed, "\(unkeyed) of \(keyed + unkeyed) vectors have no key")
    }

    @Test func randomPairsOfDebianShapedVersionsAgree() throws {
        var rng = SplitMix(state: 0xD9B5)
        let pieces = ["0", "1", "2", "9", "10", "01", "100", ".", "+", "-", "~", "a", "b", "Z", "deb12u", "ubuntu", "rc", "+dfsg", "~bpo", "build"]
        func random() -> String {
            var text = String(Int.random(in: 0...12, using: &rng))
            for _ in 0..<Int.random(in: 0...6, using: &rng) { text += pieces.randomElement(using: &rng)! }
            if Bool.random(using: &rng) { text += "-" + String(Int.random(in: 0...5, using: &rng)) + (pieces.randomElement(using: &rng)!.filter { $0 != "-" }) }
            if Int.random(in: 0...5, using: &rng) == 0 { text = "\(Int.random(in: 1...3, using: &rng)):" + text }
            return text
        }
        var compared = 0
        var wrong: [String] = []  // one expectation at the end: 20,000 of them would cost more than the comparisons
        for _ in 0..<20_000 {
            let x = random(), y = random()
            guard let a = try? DpkgVersion(parsing: x), let b = try? DpkgVersion(parsing: y), let ka = DpkgKey(a), let kb = DpkgKey(b) else { continue }
            compared += 1
            if (ka < kb ? -1 : (kb < ka ? 1 : 0)) != DpkgVersion.compare(a, b) { wrong.append("\(x) vs \(y)") }
        }
        #expect(wrong.isEmpty, Comment(rawValue: wrong.prefix(20).joined(separator: "\n")))
        #expect(compared > 15_000)
    }

    @Test func edgesOfTheEncoding() throws {
        // A tilde sorts before the end of a part, which sorts before anything else.
        #expect(try #require(try Self.key("1.0~rc1")) < #require(try Self.key("1.0")))
        #expect(try #require(try Self.key("1.0")) < #require(try Self.key("1.0a")))
        #expect(try #require(try Self.key("1.0")) < #require(try Self.key("1.0.0")))
        #expect(try #require(try Self.key("1.0-1~bpo1")) < #require(try Self.key("1.0-1")))
        // Leading zeros and missing numbers are zero; a missing revision is the empty one.
        #expect(try Self.key("1.01") == Self.key("1.1"))
        #expect(try Self.key("1.0-0") == Self.key("1.0"))
        #expect(try #require(try Self.key("1:0.1")) > #require(try Self.key("9.9")))
        // Longer numbers are larger, whatever their digits.
        #expect(try #require(try Self.key("1.10")) > #require(try Self.key("1.9")))
        // Versions that do not fit have no key (compared the slow way).
        #expect(try Self.key("1." + String(repeating: "a.", count: 30) + "1") == nil)
        #expect(try Self.key("1." + String(repeating: "9", count: 300)) == nil)
    }
}
