import Catalog
import Foundation
import TestSupport
import Testing
import Vulnerabilities

/// The PyPI matcher against an independent oracle: Python's `packaging` (the reference PEP 440 implementation)
/// and PyYAML evaluating the same pypa advisories with the OSV rules, for ~60 packages and every version any of
/// their advisories names. A missing interpreter fails the test (`make test` builds `.build/venv-tools`).
@Suite struct PyPIMatchCrossCheckTests {
    static let repoRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// For each sampled package: the versions to try and, per version, the advisory ids packaging says apply.
    /// Packages with a version packaging cannot parse are left out (the matcher counts those as unparsed).
    static let oracle = #"""
        import sys, os, glob, yaml
        from packaging.version import Version, InvalidVersion
        from packaging.utils import canonicalize_name
        root = sys.argv[1]
        names = sorted(d for d in os.listdir(root) if not d.startswith("."))[::11]
        def parse(v):
            return Version(v)
        def affected(ver, events):
            evs = []
            for e in events:
                (kind, v), = e.items()
                if kind == "limit": continue
                evs.append((kind, v))
            # "introduced: 0" sorts first, then by version.
            evs.sort(key=lambda kv: (0, Version("0")) if kv == ("introduced", "0") else (1, parse(kv[1])))
            state = False
            for kind, v in evs:
                if kind == "introduced":
                    if v == "0" or ver >= parse(v): state = True
                elif kind == "fixed":
                    if ver >= parse(v): state = False
                elif kind == "last_affected":
                    if ver > parse(v): state = False
            return state
        for name in names:
            docs = []
            for path in sorted(glob.glob(os.path.join(root, name, "*.yaml"))):
                with open(path) as f:
                    docs.append(yaml.load(f, Loader=yaml.BaseLoader))
            try:
                versions = set()
                for d in docs:
                    if d.get("withdrawn"): continue
                    for a in d.get("affected", []):
                        for v in a.get("versions", []): versions.add(v); parse(v)
                        for r in a.get("ranges", []):
                            if r.get("type") != "ECOSYSTEM": continue
                            for e in r["events"]:
                                (k, v), = e.items()
                                if v != "0": versions.add(v); parse(v)
                if not versions: continue
                for v in sorted(versions, key=parse)[:6]:
                    ver = parse(v)
                    ids = []
                    for d in docs:
                        if d.get("withdrawn"): continue
                        hit = False
                        for a in d.get("affected", []):
                            if canonicalize_name(a["package"]["name"]) != canonicalize_name(name): continue
                            if a.get("package", {}).get("ecosystem") != "PyPI": continue
                            if v in a.get("versions", []): hit = True
                            for r in a.get("ranges", []):
                                if r.get("type") == "ECOSYSTEM" and affected(ver, r["events"]): hit = True
                        if hit: ids.append(d["id"])
                    print("\t".join([name, v, ",".join(sorted(ids))]))
            except InvalidVersion:
                continue
        """#

    @Test func matchesWhatPackagingSays() async throws {
        let python = Self.repoRoot.appending(path: ".build/venv-tools/bin/python").path
        try #require(FileManager.default.isExecutableFile(atPath: python), "no \(python): run scripts/python-venv.sh")
        let vulns = try Fixtures.url("pypa-advisory-database/vulns")
        // The oracle (seconds of Python) is waited for off the concurrency pool, which other tests' servers need.
        let (status, data) = try await offPool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", Self.oracle, vulns.path]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, data)
        }
        try #require(status == 0, "the packaging oracle failed")
        let rows = String(decoding: data, as: UTF8.self).split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        try #require(rows.count >= 100, "only \(rows.count) cases")

        var index = VulnerabilityIndex()
        index.add(try OSVFeed.parse(directory: vulns).records, feed: "pypa")
        let matcher = VulnerabilityMatcher(index: index)
        var withMatches = 0
        for row in rows {
            let (name, version, expected) = (row[0], row[1], row[2].split(separator: ",").map(String.init).sorted())
            let report = matcher.match(MatchInput(distro: nil, packages: [MatchPackage(type: .python, name: name, version: version, path: "p")]))
            #expect(report.matches.map(\.id).sorted() == expected, "\(name) \(version)")
            #expect(report.unparsedVersions == 0, "\(name) \(version)")
            if !expected.isEmpty { withMatches += 1 }
        }
        #expect(withMatches > rows.count / 3)
    }
}
