import Catalog
import Foundation
import Layers
import TestSupport
import Testing
import Vulnerabilities

/// An image root whose rpm database is written by the real rpm (Debian's `rpm` and `rpmbuild`, as `make test`
/// installs them): each rpm built from a minimal spec (a subpackage when its name is not its source's), installed
/// with `--justdb` into `var/lib/rpm/rpmdb.sqlite`, beside the given `etc/os-release`.
enum RealRPMImage {
    struct RPM {
        var name: String
        var source: String
        var version: String
        var release: String
        var epoch: Int? = nil
        /// `name:stream:version:context` for a module stream's build.
        var label: String? = nil
    }

    /// The image root (under `directory`), with `files` (image path → text) beside the rpm database.
    static func build(in directory: URL, osRelease: String, rpms: [RPM], files: [String: String] = [:]) throws -> URL {
        let top = directory.appending(path: "build").path
        try FileManager.default.createDirectory(atPath: top + "/SPECS", withIntermediateDirectories: true)
        for rpm in rpms {
            try Data(spec(rpm).utf8).write(to: URL(fileURLWithPath: "\(top)/SPECS/\(rpm.name).spec"))
            try runShell("rpmbuild --quiet --define '_topdir \(top)' -bb '\(top)/SPECS/\(rpm.name).spec'")
        }
        let image = directory.appending(path: "image")
        let db = image.appending(path: "var/lib/rpm").path
        try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: image.appending(path: "etc"), withIntermediateDirectories: true)
        try osRelease.write(to: image.appending(path: "etc/os-release"), atomically: true, encoding: .utf8)
        for (path, text) in files {
            let url = image.appending(path: String(path.drop { $0 == "/" }))
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let command = "rpm --define '_db_backend sqlite' --dbpath '\(db)'"
        let files = rpms.map { "'\(top)'/RPMS/*/\($0.name)-\($0.version)-*.rpm" }.joined(separator: " ")
        try runShell("\(command) --initdb && \(command) -i --justdb --nodeps --noscripts --notriggers --ignorearch \(files)")
        try runShell("sqlite3 '\(db)/rpmdb.sqlite' 'PRAGMA wal_checkpoint(TRUNCATE);'")
        return image
    }

    /// Builds the image (off the concurrency pool: rpmbuild takes seconds), catalogs its rpm database (expecting every
    /// rpm and no issue) and matches it.
    static func match(
        _ matcher: VulnerabilityMatcher, osRelease: String, rpms: [RPM], files: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> MatchReport {
        let root = FileManager.default.temporaryDirectory.appending(path: "drydock-rpm-image-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let image = try await offPool { try build(in: root, osRelease: osRelease, rpms: rpms, files: files) }
        let (tree, _) = FileTree.directory(image, captures: Cataloger.rpm.captures + DistroDetection.captures, layer: 0)
        let distro = try #require(DistroDetection.detect(tree), sourceLocation: sourceLocation)
        let catalog = Cataloger.rpm.catalog(tree, CatalogContext(distro: distro))
        #expect(catalog.packages.count == rpms.count && catalog.issues.isEmpty, "\(catalog.issues)", sourceLocation: sourceLocation)
        return matcher.match(MatchInput(distro: distro, packages: catalog.packages))
    }

    static func spec(_ rpm: RPM) -> String {
        var lines = ["Name: \(rpm.source)", "Version: \(rpm.version)", "Release: \(rpm.release)"]
        if let epoch = rpm.epoch { lines.append("Epoch: \(epoch)") }
        lines += ["Summary: \(rpm.name)", "License: MIT", "BuildArch: noarch"]
        if let label = rpm.label { lines.append("ModularityLabel: \(label)") }
        lines += ["%description", "test"]
        // A binary rpm named as its source is the main package; another name is a subpackage of that source.
        if rpm.name == rpm.source {
            lines.append("%files")
        } else {
            lines += ["%package -n \(rpm.name)", "Summary: \(rpm.name)", "%description -n \(rpm.name)", "test", "%files -n \(rpm.name)"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
