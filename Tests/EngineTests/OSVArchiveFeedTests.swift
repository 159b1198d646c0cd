import Archive
import Engine
import Foundation
import TestSupport
import Testing
import Vulnerabilities

/// The `osv` driver on a vendor's tarball of records, as Canonical publishes its OSV data
/// (`security-metadata.canonical.com/osv/osv-all.tar.xz`): the real Canonical records in
/// `VulnerabilitiesTests/Fixtures/ubuntu-osv`, tarred and compressed by the real `xz`.
@Suite struct OSVArchiveFeedTests {
    static let fixtures = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "VulnerabilitiesTests/Fixtures/ubuntu-osv")

    @Test func aTarXZOfRecordsGivesTheRecordsOfTheDirectory() async throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "drydock-osv-tar-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var writer = TarWriter()
        for name in ["CVE-2024-2236.json", "CVE-2024-22365.json"] {
            let bytes = Array(try Data(contentsOf: Self.fixtures.appending(path: name)))
            writer.append(TarEntry(path: "osv/cve/2024/\(name)", size: Int64(bytes.count)), contents: bytes)
        }
        writer.append(TarEntry(path: "osv/cve/2024/broken.json", size: 7), contents: Array("{\"id\": ".utf8))
        writer.append(TarEntry(path: "README", size: 2), contents: Array("hi".utf8))
        try Data(writer.finish()).write(to: root.appending(path: "osv-all.tar"))
        try await runShellOffPool("xz -6 '\(root.appending(path: "osv-all.tar").path)'")
        let archive = try Data(contentsOf: root.appending(path: "osv-all.tar.xz"))

        let loaded = try FeedLoader.load(.osv, data: archive, name: "osv-all.tar.xz")
        let directory = try FeedLoader.load(.osv, local: Self.fixtures)
        #expect(!loaded.records.isEmpty)
        #expect(Set(loaded.records.map { "\($0.namespace) \($0.id) \($0.packageName)" })
            == Set(directory.records.map { "\($0.namespace) \($0.id) \($0.packageName)" }))
        #expect(loaded.skipped.map(\.entry) == ["osv/cve/2024/broken.json"])
        // A truncated archive is an error, never a silently smaller feed.
        #expect(throws: FeedError.self) { try FeedLoader.load(.osv, data: archive.prefix(archive.count / 2), name: "osv-all.tar.xz") }
    }
}
