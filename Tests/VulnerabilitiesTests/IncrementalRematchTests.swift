import Catalog
import Foundation
import Testing
import Vulnerabilities

/// Incremental re-matching (only the packages looked up by a changed key) gives exactly the report a full match
/// against the new index gives, on real feed data with synthetic changes.
@Suite struct IncrementalRematchTests {
    /// Real Debian and pypa records.
    static func records() throws -> (debian: [VulnerabilityRecord], pypa: [VulnerabilityRecord]) {
        let debian = try VulnListDebianFeed.parse(directory: try Fixtures.url("vuln-list-debian-subset/tracker")).records
        let pypa = try OSVFeed.parse(directory: try Fixtures.url("pypa-advisory-database/vulns")).records
        return (debian, pypa)
    }

    static func index(debian: [VulnerabilityRecord], pypa: [VulnerabilityRecord], details: [VulnerabilityDetail] = []) -> VulnerabilityIndex {
        var index = VulnerabilityIndex()
        index.add(debian, feed: "debian")
        index.add(pypa, feed: "pypa")
        index.add(details)
        return index
    }

    /// The bookworm minbase packages plus Python packages with advisories, a duplicated package and an npm one.
    static func input() throws -> MatchInput {
        let input = try MatchingTests.bookwormMinbase()
        var packages = input.packages
        for (name, version) in [("Jinja2", "2.10"), ("requests", "2.19.1"), ("urllib3", "1.24.1"), ("django", "2.2.0"), ("pyyaml", "5.1")] {
            packages.append(MatchPackage(type: .python, name: name, version: version, path: "/usr/lib/python3/dist-packages/\(name).dist-info/METADATA"))
        }
        packages.append(packages[packages.count - 4])
        packages.append(MatchPackage(type: .npm, name: "lodash", version: "4.17.0", path: "/app/node_modules/lodash/package.json"))
        return MatchInput(distro: input.distro, packages: packages)
    }

    /// Re-matches `input` incrementally from its report against `old` and expects the full match against `new`.
    static func expectSame(_ input: MatchInput, old: VulnerabilityIndex, new: VulnerabilityIndex, affected: Bool = true,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let previous = VulnerabilityMatcher(index: old).match(input)
        let matcher = VulnerabilityMatcher(index: new)
        let changes = new.changes(since: old)
        let full = matcher.match(input)
        let incremental = matcher.rematch(input, previous: previous, changes: changes)
        #expect((incremental != nil) == affected, sourceLocation: sourceLocation)
        #expect(matcher.isAffected(input, by: changes) == affected, sourceLocation: sourceLocation)
        #expect((incremental ?? previous) == full, sourceLocation: sourceLocation)
        #expect((incremental ?? previous).fingerprint == full.fingerprint, sourceLocation: sourceLocation)
        // The difference worked out over the re-matched packages only is the whole reports' difference.
        let patched = matcher.patch(input, previous: previous, changes: changes)
        #expect((patched?.difference ?? MatchDifference()) == full.difference(from: previous), sourceLocation: sourceLocation)
    }

    @Test func incrementalEqualsFullOnRealDataWithSyntheticChanges() throws {
        let (debian, pypa) = try Self.records()
        let input = try Self.input()
        let old = Self.index(debian: debian, pypa: pypa)
        let before = VulnerabilityMatcher(index: old).match(input)
        #expect(before.matches.count > 10)
        #expect(before.matches.contains { $0.namespace == "pypi" } && before.matches.contains { $0.namespace == "debian:12" })

        // Nothing changed: no key, nothing affected.
        let same = Self.index(debian: debian, pypa: pypa)
        #expect(same.changes(since: old).isEmpty)
        Self.expectSame(input, old: old, new: same, affected: false)

        // A matched Debian record resolved (fixed in a version above nothing installed: removed from the report).
        let matchedDebian = try #require(before.matches.first { $0.namespace == "debian:12" })
        var resolved = debian
        let r = try #require(resolved.firstIndex { $0.id == matchedDebian.id && $0.namespace == "debian:12" })
        resolved[r].fixState = .fixed
        resolved[r].fixedVersions = ["0:0.1-1"]
        let resolvedIndex = Self.index(debian: resolved, pypa: pypa)
        let keys = resolvedIndex.changes(since: old)
        #expect(!keys.everything && keys.keyCount == 1 && keys.keys["debian:12"]?.contains(resolved[r].packageName) == true)
        Self.expectSame(input, old: old, new: resolvedIndex)

        // A pypa advisory dropped, another's severity changed, a new one added for an installed package.
        var changedPypa = pypa
        let jinja = try #require(changedPypa.firstIndex { $0.packageName == "jinja2" && $0.id == "PYSEC-2021-66" })
        changedPypa.remove(at: jinja)
        let requests = try #require(changedPypa.firstIndex { $0.packageName == "requests" })
        changedPypa[requests].severity = Severity(vendor: "critical")
        var added = changedPypa[requests]
        added.id = "PYSEC-2099-1"
        added.packageName = "pyyaml"
        changedPypa.append(added)
        Self.expectSame(input, old: old, new: Self.index(debian: debian, pypa: changedPypa))

        // Several changes at once, across namespaces, plus a record of a package the image does not have.
        var otherDebian = resolved
        let unrelated = try #require(otherDebian.firstIndex { record in !input.packages.contains { $0.sourceName == record.packageName || $0.name == record.packageName } })
        otherDebian[unrelated].fixedVersions = ["99"]
        Self.expectSame(input, old: old, new: Self.index(debian: otherDebian, pypa: changedPypa))
        // Only the unrelated change: the image is not affected.
        var onlyUnrelated = debian
        onlyUnrelated[unrelated].fixedVersions = ["99"]
        Self.expectSame(input, old: old, new: Self.index(debian: onlyUnrelated, pypa: pypa), affected: false)

        // Enrichment: an NVD detail for a matched CVE appears (severities and scores move).
        let cve = try #require(before.matches.first { $0.id.hasPrefix("CVE-") }?.id)
        let detail = VulnerabilityDetail(id: cve, cvssV3: CVSSDetail(version: "3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", baseScore: 9.8))
        Self.expectSame(input, old: old, new: Self.index(debian: debian, pypa: pypa, details: [detail]))

        // A namespace disappears (a feed disabled): everything is matched again, same result as a full match.
        var noPypa = VulnerabilityIndex()
        noPypa.add(debian, feed: "debian")
        #expect(noPypa.changes(since: old).everything)
        Self.expectSame(input, old: old, new: noPypa)
        Self.expectSame(input, old: noPypa, new: old)
    }

    @Test func packagesWithUncomparableVersionsArePatchedLikeTheOthers() throws {
        let (debian, pypa) = try Self.records()
        var input = try Self.input()
        // 22 unparsed `requests` (past the 20 named in warnings) that the change affects, one `urllib3` it does not.
        for n in 0..<22 {
            input.packages.append(MatchPackage(type: .python, name: "requests", version: "not a version \(n)!", path: "/x\(n)"))
        }
        input.packages.append(MatchPackage(type: .python, name: "urllib3", version: "bad!", path: "/y"))
        let old = Self.index(debian: debian, pypa: pypa)
        let before = VulnerabilityMatcher(index: old).match(input)
        #expect(before.unparsedVersions == 23 && before.unparsedPackages.count == 23)
        #expect(before.warnings.last?.hasPrefix("… and 3 more packages") == true)
        #expect(try MatchReport(compact: before.compactEncoded()) == before)
        var changedPypa = pypa
        let requests = try #require(changedPypa.firstIndex { $0.packageName == "requests" })
        changedPypa[requests].severity = Severity(vendor: "low")
        Self.expectSame(input, old: old, new: Self.index(debian: debian, pypa: changedPypa))
        // The change now makes the `requests` versions comparable for no record: drop every requests record.
        let withoutRequests = pypa.filter { $0.packageName != "requests" }
        Self.expectSame(input, old: old, new: Self.index(debian: debian, pypa: withoutRequests))
    }

    @Test func aReportStoredWithoutItsUnparsedPackagesIsMatchedInFull() throws {
        let (debian, pypa) = try Self.records()
        var input = try Self.input()
        input.packages.append(MatchPackage(type: .python, name: "requests", version: "not a version!", path: "/x"))
        let old = Self.index(debian: debian, pypa: pypa)
        var previous = VulnerabilityMatcher(index: old).match(input)
        #expect(previous.unparsedVersions == 1)
        previous.unparsedPackages = []  // as stored before the list was kept
        var changedPypa = pypa
        let requests = try #require(changedPypa.firstIndex { $0.packageName == "requests" })
        changedPypa[requests].severity = Severity(vendor: "low")
        let new = Self.index(debian: debian, pypa: changedPypa)
        let matcher = VulnerabilityMatcher(index: new)
        let changes = new.changes(since: old)
        #expect(matcher.rematch(input, previous: previous, changes: changes) == matcher.match(input))
    }
}
