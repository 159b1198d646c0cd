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

    static func shell(_ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "`\(command)`: \(output)"]) }
    }

    /// A spec for one binary rpm of `source` built for `label`'s stream.
    static func spec(name: String, source: String, version: String, release: String, label: String) -> String {
        // A binary rpm named as its source is the main package; another name is a subpackage of that source.
        let files = name == source ? "%files\n" : "%package -n \(name)\nSummary: \(name)\n%description -n \(name)\ntest\n%files -n \(name)\n"
        return """
        Name: \(source)
        Version: \(version)
        Release: \(release)
        Summary: \(name) from the \(label) stream
        License: Ruby
        BuildArch: noarch
        ModularityLabel: \(label)
        %description
        test
        \(files)
        """
    }

    @Test func eachRpmIsJudgedByItsOwnStreamsAdvisory() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "drydock-rhel-modules-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let top = root.appending(path: "build").path
        try FileManager.default.createDirectory(atPath: top + "/SPECS", withIntermediateDirectories: true)
        // ruby-libs at ruby:2.5's fix (so clean, though far below ruby:3.1's fix), and rubygem-pg from ruby:3.1
        // below ruby:3.1's fix (so affected, though far above ruby:2.5's).
        let rpms = [
            ("ruby-libs", "ruby", "2.5.9", "111.module+el8.9.0+19193+435404ae", "ruby:2.5:8090020230913123051:b46abd14"),
            ("rubygem-pg", "rubygem-pg", "1.3.2", "0.module+el8.7.0+17122+d0d3a0a9", "ruby:3.1:8070020221011104325:b46abd14"),
        ]
        for (name, source, version, release, label) in rpms {
            try Data(Self.spec(name: name, source: source, version: version, release: release, label: label).utf8)
                .write(to: URL(fileURLWithPath: "\(top)/SPECS/\(name).spec"))
            try Self.shell("rpmbuild --quiet --define '_topdir \(top)' -bb '\(top)/SPECS/\(name).spec'")
        }
        let image = root.appending(path: "image")
        let db = image.appending(path: "var/lib/rpm").path
        try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: image.appending(path: "etc"), withIntermediateDirectories: true)
        try "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"8.9 (Ootpa)\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"8.9\"\n"
            .write(to: image.appending(path: "etc/os-release"), atomically: true, encoding: .utf8)
        let rpm = "rpm --define '_db_backend sqlite' --dbpath '\(db)'"
        try Self.shell("\(rpm) --initdb && \(rpm) -i --justdb --nodeps --noscripts --notriggers '\(top)'/RPMS/noarch/ruby-libs-*.rpm '\(top)'/RPMS/noarch/rubygem-pg-*.rpm")
        try Self.shell("sqlite3 '\(db)/rpmdb.sqlite' 'PRAGMA wal_checkpoint(TRUNCATE);'")

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
