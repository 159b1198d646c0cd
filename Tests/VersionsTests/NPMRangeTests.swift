import Testing
import Versions

/// node-semver's README (github.com/npm/node-semver, "Ranges" and "Advanced Range Syntax"): its examples and its
/// desugaring table. node-semver 7 writes exclusive upper bounds as `<X.Y.Z-0` (so that `<1.3.0` does not admit
/// `1.3.0-beta` through a prerelease comparator); the README prints them without the `-0`.
struct NPMRangeTests {
    /// README: range → (versions it matches, versions it does not).
    static let membership: [(String, [String], [String])] = [
        (">=1.2.7", ["1.2.7", "1.2.8", "2.5.3", "1.3.9"], ["1.2.6", "1.1.0"]),
        (">=1.2.7 <1.3.0", ["1.2.7", "1.2.8", "1.2.99"], ["1.2.6", "1.3.0", "1.1.0"]),
        ("1.2.7 || >=1.2.9 <2.0.0", ["1.2.7", "1.2.9", "1.4.6"], ["1.2.8", "2.0.0"]),
        // Prerelease tags: only on the same [major, minor, patch] tuple.
        (">1.2.3-alpha.3", ["1.2.3-alpha.7", "3.4.5"], ["3.4.5-alpha.9", "1.2.3-alpha.3", "1.2.3-alpha.2"]),
        ("~1.2.3-beta.2", ["1.2.3-beta.4", "1.2.3", "1.2.9"], ["1.2.4-beta.2", "1.2.3-beta.1", "1.3.0"]),
        ("^1.2.3-beta.2", ["1.2.3-beta.4", "1.9.9"], ["1.2.4-beta.2", "2.0.0"]),
        ("^0.0.3-beta", ["0.0.3-pr.2", "0.0.3"], ["0.0.4", "0.0.3-alpha"]),
        // `1.2 <1.2.9 || >2.0.0` has a hole from 1.2.9 to 2.0.0.
        ("1.2 <1.2.9 || >2.0.0", ["1.2.8", "2.0.1"], ["1.2.10", "1.2.9", "2.0.0"]),
        ("1.x || >=2.5.0 || 5.0.0 - 7.2.3", ["1.2.3", "2.5.0", "6.0.0", "7.2.4"], ["2.4.0", "0.9.0", "2.0.0"]),
        // Hyphen ranges with partial ends.
        ("1.2.3 - 2.3.4", ["1.2.3", "2.3.4"], ["1.2.2", "2.3.5"]),
        ("1.2 - 2.3.4", ["1.2.0", "2.3.4"], ["1.1.9", "2.3.5"]),
        ("1.2.3 - 2.3", ["2.3.99"], ["2.4.0", "1.2.2", "2.4.0-0"]),
        ("1.2.3 - 2", ["2.99.99"], ["3.0.0", "3.0.0-beta"]),
        // X-ranges.
        ("*", ["0.0.0", "99.1.2"], ["1.0.0-beta"]),
        ("", ["1.2.3"], ["1.2.3-rc.1"]),
        ("1.x", ["1.0.0", "1.99.0"], ["2.0.0", "0.9.9", "2.0.0-alpha"]),
        ("1.2.*", ["1.2.0", "1.2.99"], ["1.3.0", "1.1.9"]),
        ("1.X", ["1.5.0"], ["2.0.0"]),
        // Tilde and caret.
        ("~1.2.3", ["1.2.3", "1.2.99"], ["1.3.0", "1.2.2", "1.3.0-beta"]),
        ("~1", ["1.0.0", "1.99.0"], ["2.0.0"]),
        ("~0", ["0.0.0", "0.99.0"], ["1.0.0"]),
        ("^1.2.3", ["1.2.3", "1.99.99"], ["2.0.0", "1.2.2", "2.0.0-0"]),
        ("^0.2.3", ["0.2.3", "0.2.99"], ["0.3.0", "0.2.2"]),
        ("^0.0.3", ["0.0.3"], ["0.0.4", "0.0.2"]),
        ("^0.0.x", ["0.0.0", "0.0.99"], ["0.1.0"]),
        ("^0.x", ["0.0.0", "0.99.0"], ["1.0.0"]),
        // Primitive operators on partial versions, leading `v`/`=`, spaces after operators, `~>`.
        (">1", ["2.0.0"], ["1.99.99"]),
        (">1.2", ["1.3.0"], ["1.2.99"]),
        ("<=1.2", ["1.2.99"], ["1.3.0"]),
        ("<1.2", ["1.1.99"], ["1.2.0", "1.2.0-beta"]),
        ("<1", ["0.99.0"], ["1.0.0"]),
        ("=v1.2.3", ["1.2.3"], ["1.2.4"]),
        (">= 1.2.3 < 1.3", ["1.2.5"], ["1.3.0"]),
        ("~>1.2", ["1.2.7"], ["1.3.0"]),
        ("<*", [], ["0.0.0", "1.0.0"]),
        ("1.2.3+build.7", ["1.2.3", "1.2.3+other"], ["1.2.4"]),
        ("99999999999999999999.x", ["99999999999999999999.3.0"], ["100000000000000000000.0.0"]),
    ]

    @Test(arguments: 0..<membership.count)
    func readmeExamples(_ index: Int) throws {
        let (text, matching, notMatching) = Self.membership[index]
        let range = try NPMRange(text)
        for version in matching {
            #expect(range.contains(try SemanticVersion(parsing: version)), "\"\(text)\" should contain \(version)")
        }
        for version in notMatching {
            #expect(!range.contains(try SemanticVersion(parsing: version)), "\"\(text)\" should not contain \(version)")
        }
    }

    /// The README's desugaring table (upper bounds with node-semver 7's `-0`).
    static let desugaring: [(String, String)] = [
        ("1.2.3 - 2.3.4", ">=1.2.3 <=2.3.4"),
        ("1.2 - 2.3.4", ">=1.2.0 <=2.3.4"),
        ("1.2.3 - 2.3", ">=1.2.3 <2.4.0-0"),
        ("1.2.3 - 2", ">=1.2.3 <3.0.0-0"),
        ("*", "*"),
        ("", "*"),
        ("1.x", ">=1.0.0 <2.0.0-0"),
        ("1.2.x", ">=1.2.0 <1.3.0-0"),
        ("1", ">=1.0.0 <2.0.0-0"),
        ("1.2", ">=1.2.0 <1.3.0-0"),
        ("~1.2.3", ">=1.2.3 <1.3.0-0"),
        ("~1.2", ">=1.2.0 <1.3.0-0"),
        ("~1", ">=1.0.0 <2.0.0-0"),
        ("~0.2.3", ">=0.2.3 <0.3.0-0"),
        ("~0.2", ">=0.2.0 <0.3.0-0"),
        ("~0", ">=0.0.0 <1.0.0-0"),
        ("~1.2.3-beta.2", ">=1.2.3-beta.2 <1.3.0-0"),
        ("^1.2.3", ">=1.2.3 <2.0.0-0"),
        ("^0.2.3", ">=0.2.3 <0.3.0-0"),
        ("^0.0.3", ">=0.0.3 <0.0.4-0"),
        ("^1.2.3-beta.2", ">=1.2.3-beta.2 <2.0.0-0"),
        ("^0.0.3-beta", ">=0.0.3-beta <0.0.4-0"),
        ("^1.2.x", ">=1.2.0 <2.0.0-0"),
        ("^0.0.x", ">=0.0.0 <0.1.0-0"),
        ("^0.0", ">=0.0.0 <0.1.0-0"),
        ("^1.x", ">=1.0.0 <2.0.0-0"),
        ("^0.x", ">=0.0.0 <1.0.0-0"),
        ("1.2.7 || >=1.2.9 <2.0.0", "1.2.7||>=1.2.9 <2.0.0"),
    ]

    @Test(arguments: 0..<desugaring.count)
    func readmeDesugaring(_ index: Int) throws {
        let (text, expected) = Self.desugaring[index]
        #expect(try NPMRange(text).desugared == expected, "\"\(text)\"")
    }

    @Test(arguments: [">=", "1.2.3.4", "01.2.3", "1.2-beta", "^1.2.3-", "a.b.c", ">=1.2.3 <", "1.2.3 - ", "1.x-beta"])
    func invalidRangesThrow(_ text: String) {
        let error = #expect(throws: VersionError.self) { try NPMRange(text) }
        #expect(error?.code == .invalidRange)
    }
}
