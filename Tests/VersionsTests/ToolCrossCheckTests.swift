import Foundation
import Testing
@testable import Versions

/// Random pairs from the vector files, compared by the real tools and by our types. A missing tool fails the test.
struct ToolCrossCheckTests {
    static let pairsPerTool = 200

    /// Distinct versions of a vector file set that `parse` accepts, and `count` seeded random pairs of them.
    static func pairs(_ files: [String], seed: UInt64, accept: (String) -> Bool) throws -> [(String, String)] {
        var versions = Set<String>()
        for f in files { for v in try VectorFiles.oracle(f) { versions.insert(v.a); versions.insert(v.b) } }
        let list = versions.filter(accept).sorted()
        var rng = SplitMix(state: seed)
        return (0..<pairsPerTool).map { _ in (list.randomElement(using: &rng)!, list.randomElement(using: &rng)!) }
    }

    @Test func dpkgCompareVersions() throws {
        let dpkg = "/usr/bin/dpkg"
        try #require(FileManager.default.isExecutableFile(atPath: dpkg), "dpkg is not installed")
        let pairs = try Self.pairs(["debian-versions.txt", "debian-versions-generated.txt"], seed: 1) {
            (try? DpkgVersion(parsing: $0)) != nil
        }
        // One shell for all pairs: prints lt/eq/gt per line.
        var script = ""
        for (a, b) in pairs {
            script += "if dpkg --compare-versions '\(a)' lt '\(b)'; then echo lt; elif dpkg --compare-versions '\(a)' eq '\(b)'; then echo eq; else echo gt; fi\n"
        }
        let out = try run("/bin/sh", ["-c", script]).output.split(separator: "\n")
        try #require(out.count == pairs.count)
        for ((a, b), answer) in zip(pairs, out) {
            let ours = DpkgVersion.compare(try DpkgVersion(parsing: a), try DpkgVersion(parsing: b))
            #expect(["lt": -1, "eq": 0, "gt": 1][String(answer)] == ours, "\(a) vs \(b): dpkg says \(answer)")
        }
    }

    @Test func pythonPackaging() throws {
        let python = VectorFiles.repoRoot.appendingPathComponent(".build/venv-tools/bin/python").path
        try #require(FileManager.default.isExecutableFile(atPath: python),
                     "no \(python): run scripts/python-venv.sh (it installs packaging)")
        let pairs = try Self.pairs(["pypi-versions.txt", "pypi-versions-generated.txt"], seed: 2) {
            (try? PEP440Version(parsing: $0)) != nil
        }
        let program = """
        import sys
        from packaging.version import Version
        from packaging.specifiers import SpecifierSet
        for line in sys.stdin:
            a, b = line.rstrip("\\n").split("\\t")
            x, y = Version(a), Version(b)
            c = -1 if x < y else (0 if x == y else 1)
            print(c, int(x in SpecifierSet(">=" + b)), int(x in SpecifierSet("<" + b)), int(x in SpecifierSet("~=" + b) if len(y.release) > 1 else 0), str(x))
        """
        let input = pairs.map { "\($0.0)\t\($0.1)" }.joined(separator: "\n") + "\n"
        let result = try run(python, ["-c", program], input: input)
        try #require(result.status == 0, "python packaging failed (is packaging installed in the venv?)")
        let out = result.output.split(separator: "\n")
        try #require(out.count == pairs.count)
        for ((a, b), line) in zip(pairs, out) {
            let f = line.split(separator: " ").map(String.init)
            let x = try PEP440Version(parsing: a), y = try PEP440Version(parsing: b)
            #expect(String(PEP440Version.compare(x, y)) == f[0], "\(a) vs \(b)")
            #expect(try PEP440Specifier(parsing: ">=" + b).contains(x) == (f[1] == "1"), "\(a) in >=\(b)")
            #expect(try PEP440Specifier(parsing: "<" + b).contains(x) == (f[2] == "1"), "\(a) in <\(b)")
            if y.release.count > 1 {
                #expect(try PEP440Specifier(parsing: "~=" + b).contains(x) == (f[3] == "1"), "\(a) in ~=\(b)")
            }
            #expect(x.normalized == f[4], "normalized \(a)")
        }
    }

    @Test func rpmVercmp() throws {
        let rpm = "/usr/bin/rpm"
        try #require(FileManager.default.isExecutableFile(atPath: rpm), "rpm is not installed (make test's scripts/install-deps.sh installs it)")
        var versions = Set<String>()
        for v in try VectorFiles.oracle("redhat-versions.txt") { versions.insert(v.a); versions.insert(v.b) }
        for v in try VectorFiles.oracle("debian-versions-generated.txt").prefix(300) { versions.insert(v.a) }
        let list = versions.filter { !$0.contains("'") && !$0.contains("\"") && !$0.contains("\\") && !$0.contains("%") && $0.allSatisfy(\.isASCII) }.sorted()
        var rng = SplitMix(state: 3)
        let pairs = (0..<Self.pairsPerTool).map { _ in (list.randomElement(using: &rng)!, list.randomElement(using: &rng)!) }
        // rpm.vercmp compares whole EVR strings the way rpm's rpmverCmp does: release is compared only when both have one.
        let lua = pairs.map { "print(rpm.vercmp(\"\($0.0)\", \"\($0.1)\") .. \" \")" }.joined(separator: " ")
        let result = try run(rpm, ["--eval", "%{lua: \(lua)}"])
        try #require(result.status == 0, "rpm --eval failed")
        let out = result.output.split(whereSeparator: { $0 == " " || $0 == "\n" })
        try #require(out.count == pairs.count)
        for ((a, b), answer) in zip(pairs, out) {
            let x = try RPMVersion(parsing: a), y = try RPMVersion(parsing: b)
            var ours = RPMVersion.rpmvercmp(x.epoch ?? "0", y.epoch ?? "0")
            if ours == 0 { ours = RPMVersion.rpmvercmp(x.version, y.version) }
            if ours == 0, let r1 = x.release, let r2 = y.release { ours = RPMVersion.rpmvercmp(r1, r2) }
            #expect(String(ours) == answer, "\(a) vs \(b): rpm says \(answer)")
        }
    }
}
