import Catalog
import Foundation
import Layers
import Testing
import Vulnerabilities

/// Wolfi's security database (`Fixtures/wolfi-secdb`, vunnel's real excerpt): Alpine's secdb shape without a
/// release, read into `wolfi:rolling` (Chainguard's into `chainguard:rolling`), and matched against a Wolfi image.
@Suite struct WolfiSecDBTests {
    static let file = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/wolfi-secdb/security.json")

    static func parse(_ distribution: AlpineSecDBFeed.Distribution = .wolfi) throws -> FeedParseResult {
        try AlpineSecDBFeed.parse(try Data(contentsOf: file), format: .json, distribution: distribution)
    }

    @Test func recordsInTheRollingNamespaceWithChainguardsLinks() throws {
        let result = try Self.parse()
        // 62 secfix lines in 27 packages; FAKESEC is no vulnerability id.
        #expect(result.records.count == 61)
        #expect(result.skipped.map(\.reason) == ["not a vulnerability id: FAKESEC-2026-0001"])
        #expect(result.records.allSatisfy { $0.namespace == "wolfi:rolling" && $0.versionScheme == "apk" })
        #expect(result.records.allSatisfy { $0.source == FeedSource(feed: "alpine-secdb", group: "rolling/os") })
        let busybox = result.records.filter { $0.packageName == "busybox" }
        #expect(busybox.map(\.id).sorted() == ["CVE-2022-28391", "CVE-2022-30065"])
        #expect(busybox.allSatisfy { $0.fixedVersions == ["1.35.0-r3"] && $0.fixState == .fixed })
        #expect(busybox.first?.links == ["https://images.chainguard.dev/security/\(busybox.first!.id)"])
        // `0`: the package was never affected.
        let coreutils = try #require(result.records.first { $0.packageName == "coreutils" })
        #expect(coreutils.id == "CVE-2016-2781")
        #expect(coreutils.fixState == .notAffected)
        // Language advisories fixed in a package are read too.
        #expect(Set(result.records.filter { $0.packageName == "binutils" }.map(\.id)) == [
            "CVE-2022-38126", "CVE-2022-38533", "RUSTSEC-2024-0006", "CVE-2022-38128", "GO-2026-5932",
        ])
        #expect(try Self.parse(.chainguard).records.allSatisfy { $0.namespace == "chainguard:rolling" })
        // An Alpine document still needs its release.
        #expect(throws: FeedError.self) { try Self.parse(.alpine) }
    }

    /// A Wolfi image: its real os-release (VERSION_ID is a build date) and an apk database, matched by hand.
    @Test func aWolfiImageMatchesInTheRollingNamespace() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "drydock-wolfi-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appending(path: "etc"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appending(path: "lib/apk/db"), withIntermediateDirectories: true)
        try "ID=wolfi\nNAME=\"Wolfi\"\nPRETTY_NAME=\"Wolfi\"\nVERSION_ID=\"20230201\"\nHOME_URL=\"https://wolfi.dev\"\n"
            .write(to: root.appending(path: "etc/os-release"), atomically: true, encoding: .utf8)
        let packages = [("busybox", "1.35.0-r2"), ("coreutils", "9.1-r0"), ("openssl", "3.0.7-r0"), ("zlib", "1.2.12-r2"), ("glibc", "2.36-r1")]
        let installed = packages.map { name, version in "P:\(name)\nV:\(version)\nA:x86_64\no:\(name)\nL:MIT\n" }.joined(separator: "\n")
        try installed.write(to: root.appending(path: "lib/apk/db/installed"), atomically: true, encoding: .utf8)
        let (tree, _) = FileTree.directory(root, captures: Cataloger.apk.captures + DistroDetection.captures, layer: 0)
        let distro = try #require(DistroDetection.detect(tree))
        #expect(distro.namespace == "wolfi:rolling")
        let catalog = Cataloger.apk.catalog(tree, CatalogContext(distro: distro))
        #expect(catalog.packages.count == packages.count)

        var index = VulnerabilityIndex()
        index.add(try Self.parse().records, feed: "wolfi")
        let report = VulnerabilityMatcher(index: index).match(MatchInput(distro: distro, packages: catalog.packages))
        #expect(report.osNamespace == "wolfi:rolling")
        #expect(report.warnings.isEmpty)
        // busybox before r3: both its CVEs; zlib before r3: CVE-2022-37434 (CVE-2018-25032 was fixed in r0);
        // coreutils is not affected (`0`); openssl and glibc are at their fixes.
        #expect(report.matches.map { "\($0.id) \($0.packageName) \($0.fixedVersions.joined())" }.sorted() == [
            "CVE-2022-28391 busybox 1.35.0-r3", "CVE-2022-30065 busybox 1.35.0-r3", "CVE-2022-37434 zlib 1.2.12-r3",
        ])
    }
}
