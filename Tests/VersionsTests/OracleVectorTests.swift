import Foundation
import Testing
@testable import Versions

/// Every `A op B` line of osv-scalibr's oracle files for the schemes Drydock has, compared with our types.
/// Lines naming a version the scheme refuses are counted; for dpkg and the generated files none may be refused.
struct OracleVectorTests {
    struct Case: Sendable, CustomStringConvertible {
        let scheme: VersionScheme
        let files: [String]
        /// How many lines may be refused as invalid (legacy or non-conforming versions the oracle still orders).
        let maxRefused: Int
        var description: String { scheme.rawValue }
    }

    static let cases: [Case] = [
        Case(scheme: .dpkg, files: ["debian-versions.txt", "debian-versions-generated.txt"], maxRefused: 0),
        Case(scheme: .apk, files: ["alpine-versions.txt", "alpine-versions-generated.txt"], maxRefused: 150),
        Case(scheme: .rpm, files: ["redhat-versions.txt"], maxRefused: 0),
        Case(scheme: .pep440, files: ["pypi-versions.txt", "pypi-versions-generated.txt"], maxRefused: 90),
        Case(scheme: .semver, files: ["semver-versions.txt"], maxRefused: 2),
        Case(scheme: .maven, files: ["maven-versions.txt", "maven-versions-generated.txt"], maxRefused: 0),
        Case(scheme: .gem, files: ["rubygems-versions.txt", "rubygems-versions-generated.txt"], maxRefused: 2),
    ]

    /// Lines where the oracle is known to disagree with the reference implementation we follow:
    /// Maven 3.9 treats "1-ga-1" as "1-1"; our ComparableVersion is the classic (3.8) algorithm.
    static let knownDivergences: Set<String> = ["1-1 = 1-ga-1"]

    static func order(_ op: String) -> VersionOrder? {
        switch op { case "<": .less; case ">": .greater; case "=": .equal; default: nil }
    }

    @Test(arguments: cases)
    func everyVector(_ c: Case) throws {
        var compared = 0, refused = 0, wrong: [String] = [], apk2Quirks = 0, refusedLines: [String] = []
        for file in c.files {
            for v in try VectorFiles.oracle(file) {
                let expected = try #require(Self.order(v.op), "\(file): \(v)")
                let got: VersionOrder
                if c.scheme == .apk && (!ApkVersion.isValid(v.a) || !ApkVersion.isValid(v.b)) {
                    // apk orders even invalid strings (`apk version -t`); the oracle includes such lines.
                    // The oracle mixes apk 2.x and 3.x answers for those; apk-tools' own vectors pin 3.x, so lines
                    // with a version apk 3 refuses are counted, not asserted.
                    let lenient: VersionOrder = switch ApkVersion.compare(v.a, v.b) { case .less: .less; case .equal: .equal; case .greater: .greater }
                    refused += 1
                    if lenient != expected { apk2Quirks += 1 }
                    continue
                } else {
                    do { got = try c.scheme.compare(v.a, v.b) } catch {
                        refused += 1
                        refusedLines.append(v.description)
                        continue
                    }
                }
                compared += 1
                if got != expected && !Self.knownDivergences.contains("\(v.a) \(v.op) \(v.b)") { wrong.append("\(file): \(v) → \(got)") }
            }
        }
        print("vectors \(c.scheme.rawValue): \(compared) compared, \(refused) refused as invalid (apk: \(apk2Quirks) of those differ from apk 3's lenient order) \(refusedLines.prefix(3))")
        #expect(wrong.isEmpty, Comment(rawValue: "\(wrong.count) wrong:\n" + wrong.prefix(40).joined(separator: "\n")))
        #expect(refused <= c.maxRefused)
        #expect(compared > 0)
    }
}
