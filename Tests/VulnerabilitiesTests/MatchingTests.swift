import Catalog
import Foundation
import Layers
import Testing
import Vulnerabilities

/// The "Done means" of matching: real installed packages against real feed data give the expected results.
@Suite struct MatchingTests {
    static func bookwormMinbase() throws -> MatchInput {
        let root = try Fixtures.url("debian-bookworm-minbase-debootstrap")
        let (tree, _) = FileTree.directory(root, captures: Cataloger.dpkg.captures + DistroDetection.captures, layer: 0)
        let distro = try #require(DistroDetection.detect(tree))
        let result = Cataloger.dpkg.catalog(tree, CatalogContext(distro: distro))
        #expect(result.packages.count == 88)
        return MatchInput(distro: distro, packages: result.packages)
    }

    static func index(_ records: [VulnerabilityRecord], feed: String = "test", details: [VulnerabilityDetail] = []) -> VulnerabilityIndex {
        var index = VulnerabilityIndex()
        index.add(records, feed: feed)
        index.add(details)
        return index
    }

    /// vuln-list-debian-subset/README.md, "Expected results for ../debian-bookworm-minbase-debootstrap".
    @Test func bookwormMinbaseAgainstTheTrackerSubsetGivesTheReadmeTable() throws {
        let feed = try VulnListDebianFeed.parse(directory: try Fixtures.url("vuln-list-debian-subset/tracker"))
        let matcher = VulnerabilityMatcher(index: Self.index(feed.records, feed: "debian"))
        let report = matcher.match(try Self.bookwormMinbase())
        #expect(report.osNamespace == "debian:12")
        #expect(report.warnings.isEmpty)
        #expect(report.unparsedVersions == 0)

        // Per (CVE, source package): the README's "expected" column.
        let input = try Self.bookwormMinbase()
        let sourceOf = Dictionary(input.packages.map { ($0.name, $0.sourceName ?? $0.name) }, uniquingKeysWith: { a, _ in a })
        let found = Set(report.matches.map { "\($0.id) \(sourceOf[$0.packageName]!)" })
        #expect(
            found == [
                "CVE-2016-2781 coreutils", "CVE-2023-4039 gcc-12", "CVE-2023-50495 ncurses", "CVE-2024-22365 pam",
                "CVE-2023-4641 shadow", "CVE-2024-28085 util-linux", "CVE-2024-2236 libgcrypt20", "CVE-2011-3374 apt",
                "CVE-2005-2541 tar", "CVE-2013-4392 systemd",
            ])
        // Not vulnerable: DSA fix (glibc), epoch (zlib), numeric order (dpkg), not-affected (xz-utils); sqlite3
        // is not installed; CVE-2010-4756's `<removed>` line is skipped by the driver, as Trivy does.
        for id in ["CVE-2023-4911", "CVE-2018-25032", "CVE-2022-1664", "CVE-2024-3094", "CVE-2024-0232", "CVE-2010-4756"] {
            #expect(!report.matches.contains { $0.id == id }, "\(id) must not match")
        }
        // Every binary package of a vulnerable source is reported, with the binary's name and version.
        let ncurses = report.matches.filter { $0.id == "CVE-2023-50495" }.map(\.packageName).sorted()
        #expect(ncurses == input.packages.filter { ($0.sourceName ?? $0.name) == "ncurses" }.map(\.name).sorted())
        #expect(ncurses.count >= 2)
        let apt = try #require(report.matches.first { $0.id == "CVE-2011-3374" })
        #expect(apt.severity == "Negligible")
        #expect(apt.fixState == .notFixed && apt.fixedVersions.isEmpty && !apt.willNotFix)
        #expect(apt.packageType == "dpkg" && apt.packagePath == "pkgdb" && apt.namespace == "debian:12" && apt.feed == "debian")
        #expect(apt.url == "https://security-tracker.debian.org/tracker/CVE-2011-3374")
        let gcc = try #require(report.matches.first { $0.id == "CVE-2023-4039" })
        #expect(gcc.willNotFix)
        #expect(gcc.fixStateDetail == "no-dsa: Minor issue")
        let coreutils = try #require(report.matches.first { $0.id == "CVE-2016-2781" })
        #expect(coreutils.severity == "Low" && coreutils.willNotFix)
    }

    @Test func aDistroWithoutAFeedSaysSoInsteadOfLookingClean() throws {
        let feed = try AlpineSecDBFeed.parse(try Fixtures.data("alpine-secdb/v3.10/main.yaml"), format: .yaml)
        let report = VulnerabilityMatcher(index: Self.index(feed.records)).match(try Self.bookwormMinbase())
        #expect(report.matches.isEmpty)
        #expect(report.osNamespace == nil)
        #expect(report.warnings == [
            "no vulnerability data for the distro debian:12: no configured feed has that namespace, so its OS packages were not checked"
        ])
    }

    @Test func alpineSecdbMatchesByOriginWithApkOrder() throws {
        let feed = try AlpineSecDBFeed.parse(try Fixtures.data("alpine-secdb/v3.10/main.yaml"), format: .yaml)
        let matcher = VulnerabilityMatcher(index: Self.index(feed.records, feed: "alpine"))
        let distro = Distro(id: "alpine", version: "3.10.9", namespace: "alpine:3.10")
        let input = MatchInput(
            distro: distro,
            packages: [
                // musl CVE-2019-14697 is fixed in 1.1.22-r3.
                MatchPackage(type: .apk, name: "musl", version: "1.1.22-r2", sourceName: "musl", path: "pkgdb"),
                MatchPackage(type: .apk, name: "musl-utils", version: "1.1.22-r3", sourceName: "musl", path: "pkgdb"),
                // libcrypto1.1 comes from the openssl origin; CVE-2019-1547 is fixed in 1.1.1d-r0.
                MatchPackage(type: .apk, name: "libcrypto1.1", version: "1.1.1c-r0", sourceName: "openssl", path: "pkgdb"),
                MatchPackage(type: .apk, name: "zzz-not-in-feed", version: "1.0-r0", path: "pkgdb"),
            ])
        let report = matcher.match(input)
        #expect(report.osNamespace == "alpine:3.10")
        #expect(report.matches.contains { $0.id == "CVE-2019-14697" && $0.packageName == "musl" && $0.fixedVersions == ["1.1.22-r3"] })
        #expect(!report.matches.contains { $0.id == "CVE-2019-14697" && $0.packageName == "musl-utils" })
        let crypto = report.matches.filter { $0.packageName == "libcrypto1.1" }.map(\.id)
        #expect(crypto.contains("CVE-2019-1547"))
        #expect(report.matches.allSatisfy { $0.packageType == "APKG" && $0.namespace == "alpine:3.10" })
        // Fixes up to 1.1.1c-r0 are not reported for 1.1.1c-r0.
        let opensslFixed = feed.records.filter { $0.packageName == "openssl" }
        for record in opensslFixed where record.fixedVersions.first.map({ $0 <= "1.1.1c-r0" && $0.hasPrefix("1.1.1") }) == true {
            #expect(!crypto.contains(record.id) || record.fixedVersions.first! > "1.1.1c-r0", "\(record.id)")
        }
    }

    @Test func pypaAdvisoriesByNormalizedNameAndPEP440Ranges() throws {
        let feed = try OSVFeed.parse(directory: try Fixtures.url("pypa-advisory-database/vulns"))
        #expect(feed.records.count > 2500)
        let matcher = VulnerabilityMatcher(index: Self.index(feed.records, feed: "pypa"))
        func ids(_ name: String, _ version: String) -> [String] {
            let input = MatchInput(distro: nil, packages: [MatchPackage(type: .python, name: name, version: version, path: "/usr/lib/python3/dist-packages/x.dist-info/METADATA")])
            return matcher.match(input).matches.map(\.id).sorted()
        }
        // jinja2: 2014-8 (< 2.7.2), 2014-82 (< 2.7.3), 2019-220 (< 2.8.1) are fixed before 2.10;
        // 2019-217 (< 2.10.1) and 2021-66 (< 2.11.3) are not. `Jinja2` is PEP 503-normalized.
        #expect(ids("Jinja2", "2.10") == ["PYSEC-2019-217", "PYSEC-2021-66"])
        #expect(ids("jinja2", "2.11.3") == [])
        #expect(ids("jinja2", "2.7.2") == ["PYSEC-2014-82", "PYSEC-2019-217", "PYSEC-2019-220", "PYSEC-2021-66"])
        // requests: 2018-28 (< 2.20.0), 2023-74 (2.3.0 ≤ v < 2.31.0); 2014-13/14 (< 2.3.0).
        #expect(ids("requests", "2.25.1") == ["PYSEC-2023-74"])
        #expect(ids("requests", "2.19.1") == ["PYSEC-2018-28", "PYSEC-2023-74"])
        #expect(ids("requests", "2.31.0") == [])
        // A pre-release before the fix is affected.
        #expect(ids("requests", "2.31.0rc1") == ["PYSEC-2023-74"])
        // Unparseable installed version: counted and said, not silently clean.
        let bad = matcher.match(MatchInput(distro: nil, packages: [MatchPackage(type: .python, name: "requests", version: "not a version!", path: "x")]))
        #expect(bad.unparsedVersions == 1)
        #expect(bad.warnings.first?.contains("could not be compared") == true)
        // An ecosystem without a feed says so.
        let npm = matcher.match(MatchInput(distro: nil, packages: [MatchPackage(type: .npm, name: "lodash", version: "4.17.0", path: "x")]))
        #expect(npm.warnings == ["no vulnerability data for npm: 1 packages were not checked"])
    }

    /// A dpkg fix is compared by key; a version too long for a key (or a fix too long for one) is compared the
    /// ordinary way, with the same answers.
    @Test func dpkgVersionsWithAndWithoutKeysGiveTheSameVerdicts() throws {
        let long = "2.0+" + String(repeating: "really.long.version.", count: 4) + "1-1"
        let records = [
            VulnerabilityRecord(namespace: "debian:12", id: "CVE-2024-1", packageName: "short", versionScheme: "dpkg",
                                fixedVersions: ["2.0-1"], fixState: .fixed, source: FeedSource(feed: "t", group: "g")),
            VulnerabilityRecord(namespace: "debian:12", id: "CVE-2024-2", packageName: "long", versionScheme: "dpkg",
                                fixedVersions: [long], fixState: .fixed, source: FeedSource(feed: "t", group: "g")),
        ]
        let matcher = VulnerabilityMatcher(index: Self.index(records))
        func ids(_ name: String, _ version: String) -> [String] {
            matcher.match(MatchInput(distro: Distro(id: "debian", version: "12", namespace: "debian:12"), packages: [
                MatchPackage(type: .deb, name: name, version: version, path: "pkgdb"),
            ])).matches.map(\.id)
        }
        #expect(ids("short", "1.9-1") == ["CVE-2024-1"])
        #expect(ids("short", "2.0-1") == [])
        #expect(ids("short", "2.0~rc1-1") == ["CVE-2024-1"])
        #expect(ids("short", "1.9+" + String(repeating: "x", count: 60) + "-1") == ["CVE-2024-1"])  // no key: compared
        #expect(ids("short", "2.0+" + String(repeating: "x", count: 60) + "-1") == [])
        #expect(ids("long", "2.0-1") == ["CVE-2024-2"])
        #expect(ids("long", long) == [])
        #expect(ids("long", "3.0-1") == [])
    }

    @Test func goModulesMatchTheGoVulnDBWithModuleVersions() throws {
        let feed = try OSVFeed.parse(directory: try Fixtures.url("golang-vulndb/data/osv"))
        let matcher = VulnerabilityMatcher(index: Self.index(feed.records, feed: "go"))
        func ids(_ name: String, _ version: String) -> [String] {
            matcher.match(MatchInput(distro: nil, packages: [MatchPackage(type: .go, name: name, version: version, path: "/usr/bin/app")])).matches.map(\.id)
        }
        #expect(ids("github.com/gin-gonic/gin", "v1.5.0") == ["GO-2020-0001"])
        #expect(ids("github.com/gin-gonic/gin", "v1.6.0") == [])
        #expect(ids("github.com/goharbor/harbor", "v2.0.0+incompatible") == ["GO-2022-0781"])
        #expect(ids("github.com/goharbor/harbor", "v2.0.1+incompatible") == [])
        #expect(ids("github.com/notaryproject/notation-go", "v1.0.0-rc.5") == ["GO-2023-1832"])
        #expect(ids("github.com/notaryproject/notation-go", "v1.0.0") == [])
        #expect(ids("github.com/evmos/evmos/v12", "v12.0.0") == [])
        #expect(ids("github.com/evmos/evmos/v11", "v11.0.2") == ["GO-2024-2732"])
    }

    @Test func severityComesFromTheVendorThenCVSSThenNVD() throws {
        let base = VulnerabilityRecord(
            namespace: "pypi", id: "PYSEC-1", aliases: ["CVE-2024-1"], packageName: "a", versionScheme: "pep440",
            ranges: [AffectedRange(type: "ECOSYSTEM", events: [.introduced("0"), .fixed("2")])], fixedVersions: ["2"],
            fixState: .fixed, source: FeedSource(feed: "osv", group: "a"))
        var vendor = base
        vendor.severity = Severity(vendor: "moderate")
        var scored = base
        scored.id = "PYSEC-2"
        scored.severity = Severity(cvss: [CVSSScore(type: "CVSS_V3", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")])
        var plain = base
        plain.id = "PYSEC-3"
        plain.aliases = ["CVE-2024-3"]
        var unknown = base
        unknown.id = "PYSEC-4"
        unknown.aliases = []
        let nvd = VulnerabilityDetail(id: "CVE-2024-3", cvssV3: CVSSDetail(version: "3.1", vector: "x", baseScore: 7.5, exploitabilityScore: 3.9, impactScore: 3.6))
        let matcher = VulnerabilityMatcher(index: Self.index([vendor, scored, plain, unknown], details: [nvd]))
        let report = matcher.match(MatchInput(distro: nil, packages: [MatchPackage(type: .python, name: "A", version: "1", path: "p")]))
        let byID = Dictionary(report.matches.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byID["PYSEC-1"]?.severity == "Medium")
        #expect(byID["PYSEC-2"]?.severity == "Critical")
        #expect(byID["PYSEC-2"]?.vendor.first?.cvssV3.baseScore == 9.8)
        #expect(byID["PYSEC-3"]?.severity == "High")
        #expect(byID["PYSEC-3"]?.nvd == [ScoreSummary(id: "CVE-2024-3", cvssV2: .unknown, cvssV3: .init(baseScore: 7.5, exploitabilityScore: 3.9, impactScore: 3.6))])
        #expect(byID["PYSEC-4"]?.severity == "Unknown")
        #expect(byID["PYSEC-1"]?.fixedVersions == ["2"])
    }

    @Test func namespaceFallsBackThroughVersionsFamilyAndIDLike() {
        #expect(VulnerabilityMatcher.namespaceCandidates(for: Distro(id: "alpine", version: "3.19.1", namespace: "alpine:3.19"))
            == ["alpine:3.19", "alpine:3.19.1", "alpine:3"])
        #expect(VulnerabilityMatcher.namespaceCandidates(for: Distro(id: "rocky", version: "9.3", namespace: "rocky:9"))
            == ["rocky:9", "rocky:9.3", "rhel:9.3", "rhel:9"])
        #expect(VulnerabilityMatcher.namespaceCandidates(for: Distro(id: "debian", version: "", namespace: "debian"))
            == ["debian", "debian:unstable"])
    }

    @Test func differenceByAnchoreIdentity() {
        func match(_ id: String, _ severity: String) -> VulnerabilityMatch {
            VulnerabilityMatch(
                id: id, aliases: [], packageName: "p", packageVersion: "1", packageType: "dpkg", packagePath: "pkgdb",
                fixedVersions: [], fixState: .notFixed, fixStateDetail: nil, severity: severity, url: "u", namespace: "debian:12",
                feed: "f", nvd: [], vendor: [])
        }
        let old = MatchReport(matches: [match("A", "Low"), match("B", "Low")])
        let new = MatchReport(matches: [match("B", "High"), match("C", "Low")])
        let diff = new.difference(from: old)
        #expect(diff.added.map(\.id) == ["C"])
        #expect(diff.updated.map(\.id) == ["B"])
        #expect(diff.removed.map(\.id) == ["A"])
    }
}

@Suite struct CompactCodecTests {
    @Test func inputsAndReportsRoundTripThroughTheCompactFormat() throws {
        let input = MatchInput(
            distro: Distro(id: "debian", version: "12", prettyName: "Debian\tGNU/Linux 12", idLike: ["a,b", "c"], namespace: "debian:12"),
            packages: [
                MatchPackage(type: .deb, name: "libc6", version: "2.36-9", sourceName: "glibc", path: "pkgdb"),
                MatchPackage(type: .java, name: "log4j", version: "2.0", mavenName: "org.apache:log4j", path: "/a\\b\nc.jar"),
                MatchPackage(type: .python, name: "", version: "", sourceName: "", path: ""),
            ])
        #expect(try MatchInput(compact: input.compactEncoded()) == input)
        #expect(try MatchInput(compact: MatchInput(distro: nil, packages: [MatchPackage]()).compactEncoded()) == MatchInput(distro: nil, packages: [MatchPackage]()))
        let match = VulnerabilityMatch(
            id: "CVE-1", aliases: ["DSA-1", "x,y"], packageName: "libc6", packageVersion: "2.36-9", packageType: "dpkg",
            packagePath: "pkgdb", fixedVersions: ["2.36-10"], fixState: .fixed, fixStateDetail: "fixed by DSA-1\tsoon", severity: "High",
            url: "https://x", namespace: "debian:12", feed: "debian",
            nvd: [ScoreSummary(id: "CVE-1", cvssV2: .unknown, cvssV3: .init(baseScore: 9.8, exploitabilityScore: 3.9, impactScore: 5.9))],
            vendor: [])
        var other = match
        other.fixStateDetail = nil
        other.fixState = .wontFix
        other.nvd.append(ScoreSummary(id: "GHSA-x\ty", cvssV2: .init(baseScore: 5, exploitabilityScore: 10, impactScore: 2.9), cvssV3: .unknown))
        other.vendor = [ScoreSummary(id: "CVE-1", cvssV2: .unknown, cvssV3: .init(baseScore: 7.5, exploitabilityScore: 3.9, impactScore: 3.6))]
        let report = MatchReport(
            matches: [match, other], warnings: ["no data\nfor x"], osNamespace: "debian:12", unparsedVersions: 2,
            unparsedPackages: [.init(name: "a\tb", version: "1,2\\", path: ""), .init(name: "c", version: "", path: "/p")])
        #expect(try MatchReport(compact: report.compactEncoded()) == report)
        #expect(try MatchReport(compact: MatchReport().compactEncoded()) == MatchReport())
        #expect(throws: CompactCodec.DecodingError.self) { try MatchReport(compact: Data("R1\t\tx\n".utf8)) }
        let badScores = String(decoding: MatchReport(matches: [match]).compactEncoded(), as: UTF8.self).replacingOccurrences(of: "|-1.0,-1.0,-1.0|", with: "|-1.0,x|")
        #expect(throws: CompactCodec.DecodingError.self) { try MatchReport(compact: Data(badScores.utf8)) }
        #expect(throws: CompactCodec.DecodingError.self) { try MatchReport(compact: Data("R1\t\t0\nM\tonly\n".utf8)) }
        #expect(throws: CompactCodec.DecodingError.self) { try MatchInput(compact: Data("junk".utf8)) }
    }

    /// Scores are read from the report's bytes without the general parser: every value must come back bit for bit,
    /// short decimals and the ones Swift prints with an exponent alike.
    @Test func compactScoresRoundTripExactly() throws {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, -1, 10, 9.8, 0.1, 0.3, 1e-7, 123_456_789_012_345, 1_234_567_890_123_456, 1e300, .infinity, 5e-324]
        for _ in 0..<2000 { values.append(Double(Int.random(in: -100...100, using: &generator)) / 10) }
        for _ in 0..<2000 { values.append(Double.random(in: -1e6...1e6, using: &generator)) }
        let scores = values.map { ScoreSummary(id: "S", cvssV2: .init(baseScore: $0, exploitabilityScore: -$0, impactScore: $0 / 3), cvssV3: .unknown) }
        let match = VulnerabilityMatch(
            id: "CVE-1", aliases: [], packageName: "p", packageVersion: "1", packageType: "dpkg", packagePath: "pkgdb",
            fixedVersions: [], fixState: .notFixed, fixStateDetail: nil, severity: "Low", url: "u", namespace: "debian:12",
            feed: "f", nvd: scores, vendor: [])
        let decoded = try MatchReport(compact: MatchReport(matches: [match]).compactEncoded())
        let read = try #require(decoded.matches.first).nvd.flatMap { [$0.cvssV2.baseScore, $0.cvssV2.exploitabilityScore, $0.cvssV2.impactScore] }
        let written = scores.flatMap { [$0.cvssV2.baseScore, $0.cvssV2.exploitabilityScore, $0.cvssV2.impactScore] }
        #expect(read.map(\.bitPattern) == written.map(\.bitPattern))
    }
}

@Suite struct FingerprintTests {
    @Test func equalReportsShareAFingerprintAndAnyChangeMovesIt() {
        let match = VulnerabilityMatch(
            id: "CVE-1", aliases: [], packageName: "p", packageVersion: "1", packageType: "dpkg", packagePath: "pkgdb",
            fixedVersions: ["2"], fixState: .fixed, fixStateDetail: nil, severity: "Low", url: "u", namespace: "debian:12",
            feed: "f", nvd: [], vendor: [])
        let report = MatchReport(matches: [match], osNamespace: "debian:12")
        #expect(report.fingerprint == MatchReport(matches: [match], osNamespace: "debian:12").fingerprint)
        var other = match
        other.fixedVersions = ["3"]
        #expect(MatchReport(matches: [other], osNamespace: "debian:12").fingerprint != report.fingerprint)
        other = match
        other.severity = "High"
        #expect(MatchReport(matches: [other], osNamespace: "debian:12").fingerprint != report.fingerprint)
        #expect(MatchReport(matches: [match], warnings: ["w"], osNamespace: "debian:12").fingerprint != report.fingerprint)
        #expect(MatchReport(matches: [], osNamespace: "debian:12").fingerprint != report.fingerprint)
    }
}
