import Catalog
import Foundation
import Layers
import Testing
import Vulnerabilities

/// A RHEL 8 image whose rpm database is written by the real rpm (Debian's `rpm` and `rpmbuild`, as `make test`
/// installs them): rpms built for the `ruby:2.5` and `ruby:3.1` module streams, with their `ModularityLabel`,
/// catalogued by the rpm cataloger and matched against Red Hat's real advisories for both streams.
@Suite struct CSAFModuleImageTests {
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/rhel-csaf")

    @Test func eachRpmIsJudgedByItsOwnStreamsAdvisory() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "drydock-rhel-modules-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        // ruby-libs at ruby:2.5's fix (so clean, though far below ruby:3.1's fix), and rubygem-pg from ruby:3.1
        // below ruby:3.1's fix (so affected, though far above ruby:2.5's).
        let image = try RealRPMImage.build(in: root, osRelease: "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"8.9 (Ootpa)\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"8.9\"\n", rpms: [
            .init(name: "ruby-libs", source: "ruby", version: "2.5.9", release: "111.module+el8.9.0+19193+435404ae", label: "ruby:2.5:8090020230913123051:b46abd14"),
            .init(name: "rubygem-pg", source: "rubygem-pg", version: "1.3.2", release: "0.module+el8.7.0+17122+d0d3a0a9", label: "ruby:3.1:8070020221011104325:b46abd14"),
        ])
        let (tree, _) = FileTree.directory(image, captures: Cataloger.rpm.captures + DistroDetection.captures, layer: 0)
        let distro = try #require(DistroDetection.detect(tree))
        #expect(distro.namespace == "rhel:8")
        let catalog = Cataloger.rpm.catalog(tree, CatalogContext(distro: distro))
        #expect(catalog.issues.isEmpty, "\(catalog.issues)")
        let input = MatchInput(distro: distro, packages: catalog.packages)
        #expect(input.packages.map { "\($0.name) \($0.sourceName ?? "-") \($0.module ?? "-")" }.sorted() == [
            "ruby-libs ruby ruby:2.5", "rubygem-pg rubygem-pg ruby:3.1",
        ])

        var index = VulnerabilityIndex()
        for file in ["rhsa-2023_7025.json", "rhsa-2024_1431.json"] {
            index.add(try CSAFFeed.parse(try Data(contentsOf: Self.directory.appending(path: file)), name: file).records, feed: "rhel")
        }
        let report = VulnerabilityMatcher(index: index).match(input)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        #expect(report.matches.map { "\($0.packageName) \($0.id) \($0.fixedVersions.joined())" } == [
            "rubygem-pg CVE-2021-33621 0:1.3.2-1.module+el8.9.0+21471+7d1e4a35",
            "rubygem-pg CVE-2023-28755 0:1.3.2-1.module+el8.9.0+21471+7d1e4a35",
            "rubygem-pg CVE-2023-28756 0:1.3.2-1.module+el8.9.0+21471+7d1e4a35",
            "rubygem-pg CVE-2023-36617 0:1.3.2-1.module+el8.9.0+21471+7d1e4a35",
        ])
    }
}
