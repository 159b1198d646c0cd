import Foundation
import Testing
import Vulnerabilities

@Suite struct VulnListDebianFeedTests {
    let result: FeedParseResult

    init() throws {
        result = try VulnListDebianFeed.parse(directory: try Fixtures.url("vuln-list-debian-subset/tracker"))
    }

    func bookworm(_ id: String, _ package: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> VulnerabilityRecord {
        let records = result.records(id: id, package: package, namespace: "debian:12")
        try #require(records.count == 1, "\(id) \(package) bookworm: \(records.count) records", sourceLocation: sourceLocation)
        return records[0]
    }

    /// The table "Expected results for ../debian-bookworm-minbase-debootstrap" in vuln-list-debian-subset/README.md:
    /// every row is representable as a bookworm record (state, fixed version, severity) — or, for `<removed>`, as a skip.
    @Test(arguments: [
        // (CVE, source package, expected state, fixed version, vendor severity)
        ("CVE-2023-4911", "glibc", FixState.fixed, "2.36-9+deb12u3", nil),  // from DSA-5514-1, not sid's 2.37-12
        ("CVE-2018-25032", "zlib", .fixed, "1:1.2.11.dfsg-4", nil),  // inherited from unstable
        ("CVE-2022-1664", "dpkg", .fixed, "1.21.8", nil),
        ("CVE-2024-3094", "xz-utils", .notAffected, nil, nil),
        ("CVE-2016-2781", "coreutils", .wontFix, nil, "low"),  // ignored
        ("CVE-2023-4039", "gcc-12", .wontFix, nil, nil),  // no-dsa
        ("CVE-2023-50495", "ncurses", .wontFix, nil, nil),
        ("CVE-2024-22365", "pam", .wontFix, nil, nil),
        ("CVE-2023-4641", "shadow", .wontFix, nil, nil),  // stale data: still no-dsa here
        ("CVE-2024-28085", "util-linux", .notFixed, nil, nil),
        ("CVE-2024-2236", "libgcrypt20", .notFixed, nil, nil),
        ("CVE-2011-3374", "apt", .notFixed, nil, "unimportant"),
        ("CVE-2005-2541", "tar", .notFixed, nil, "unimportant"),
        ("CVE-2013-4392", "systemd", .notFixed, nil, "unimportant"),
        ("CVE-2024-0232", "sqlite3", .wontFix, nil, nil),
    ] as [(String, String, FixState, String?, String?)])
    func readmeExpectationsAreRepresentable(id: String, package: String, state: FixState, fixed: String?, severity: String?) throws {
        let record = try bookworm(id, package)
        #expect(record.fixState == state)
        #expect(record.fixedVersions == (fixed.map { [$0] } ?? []))
        #expect(record.severity.vendor == severity)
        #expect(record.versionScheme == "dpkg")
    }

    @Test func dsaFixBeatsTheUnstableVersionAndIsAnAlias() throws {
        let record = try bookworm("CVE-2023-4911", "glibc")
        #expect(record.aliases == ["DSA-5514-1"])
        #expect(record.fixStateDetail == "fixed by DSA-5514-1")
        #expect(result.records(id: "CVE-2023-4911", package: "glibc", namespace: "debian:11").first?.fixedVersions == ["2.31-13+deb11u7"])
        #expect(result.records(id: "CVE-2023-4911", package: "glibc", namespace: "debian:10").first?.fixState == .notAffected)
        #expect(result.records(id: "CVE-2023-4911", package: "glibc", namespace: "debian:unstable").first?.fixedVersions == ["2.37-12"])
        #expect(record.links.contains("https://security-tracker.debian.org/tracker/DSA-5514-1"))
    }

    @Test func noDSAAndIgnoredKeepTheirReason() throws {
        #expect(try bookworm("CVE-2016-2781", "coreutils").fixStateDetail == "ignored: Minor issue")
        #expect(try bookworm("CVE-2023-4039", "gcc-12").fixStateDetail == "no-dsa: Minor issue")
        #expect(try bookworm("CVE-2024-28085", "util-linux").fixStateDetail == "inherited from unstable")
    }

    /// `- glibc <removed> (unimportant)`: no state to match, so no glibc record in any release and a recorded skip
    /// (as Trivy does); the eglibc line of the same entry is kept.
    @Test func removedIsSkippedWithAReason() throws {
        #expect(result.records(id: "CVE-2010-4756", package: "glibc").isEmpty)
        #expect(result.skipped.contains { $0.entry == "CVE-2010-4756/glibc/sid" && $0.reason.contains("<removed>") })
        #expect(try bookworm("CVE-2010-4756", "eglibc").fixState == .notFixed)
    }

    @Test func experimentalLinesAreSkipped() {
        #expect(result.skipped.contains { $0.entry == "CVE-2024-22365/pam/experimental" })
        #expect(result.records.allSatisfy { $0.source.feed == "vuln-list-debian" && !$0.namespace.isEmpty })
    }

    @Test func counts() {
        #expect(Set(result.records.map(\.id)).count == 16)
        #expect(result.records.count == 111)
        #expect(result.skipped.count == 4)
    }

    @Test func aBrokenFileIsSkippedNotFatal() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vulnlist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appending(path: "CVE"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try Fixtures.data("vuln-list-debian-subset/tracker/CVE/2024/CVE-2024-2236.json")
        try good.write(to: directory.appending(path: "CVE/CVE-2024-2236.json"))
        try good.prefix(100).write(to: directory.appending(path: "CVE/truncated.json"))
        try Data(#"{"Header": {"ID": 5}, "Annotations": []}"#.utf8).write(to: directory.appending(path: "CVE/wrong-type.json"))
        try Data("{}".utf8).write(to: directory.appending(path: "distributions.json"))  // not an advisory: left alone
        let result = try VulnListDebianFeed.parse(directory: directory)
        #expect(result.skipped.count == 2)
        #expect(Set(result.records.map(\.id)) == ["CVE-2024-2236"])
        let reasons = Dictionary(uniqueKeysWithValues: result.skipped.map { ($0.entry, $0.reason) })
        #expect(reasons["CVE/truncated.json"]?.contains("not valid JSON") == true)
        #expect(reasons["CVE/wrong-type.json"] == "no Header.ID")
    }
}
