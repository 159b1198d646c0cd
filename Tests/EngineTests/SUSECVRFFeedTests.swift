import Archive
import Engine
import Foundation
import Testing
import Vulnerabilities

/// The `suse-cvrf` feed driver: SUSE's advisories as vuln-list mirrors them (the real ones in
/// `VulnerabilitiesTests/Fixtures/suse-cvrf`), from a directory, one file or a tar archive, grouped by release.
@Suite struct SUSECVRFFeedTests {
    static let fixtures = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "VulnerabilitiesTests/Fixtures/suse-cvrf")

    @Test func aDirectoryAFileAndAnArchiveGiveTheSameRecords() throws {
        let directory = try FeedLoader.load(.suseCvrf, local: Self.fixtures)
        #expect(directory.skipped.isEmpty, "\(directory.skipped)")
        #expect(directory.records.count == 24)
        #expect(directory.groups().keys.sorted() == [
            "opensuse-leap:15.1", "opensuse-tumbleweed:rolling", "sl-micro:6.0", "sle-micro:5.3", "sles:15", "sles:15.1",
        ])
        let file = try FeedLoader.load(.suseCvrf, local: Self.fixtures.appending(path: "cvrf/suse/suse/2024/SUSE-SU-2024-2546-1.json"))
        #expect(file.records.map(\.packageName) == ["gnutls", "libgnutls30", "libgnutls30-hmac"])

        var writer = TarWriter()
        for url in try FeedFile.files(under: Self.fixtures, extensions: ["json"]) {
            let bytes = Array(try Data(contentsOf: url))
            writer.append(TarEntry(path: FeedFile.relativePath(url, to: Self.fixtures), size: Int64(bytes.count)), contents: bytes)
        }
        writer.append(TarEntry(path: "cvrf/suse/suse/broken.json", size: 5), contents: Array("{bad}".utf8))
        let archive = Data(try Compressor.compress(writer.finish(), as: .gzip))
        let loaded = try FeedLoader.load(.suseCvrf, data: archive, name: "cvrf-suse.tar.gz")
        #expect(Set(loaded.records.map(\.id)) == Set(directory.records.map(\.id)))
        #expect(loaded.records.count == directory.records.count)
        #expect(loaded.skipped.map(\.entry) == ["cvrf/suse/suse/broken.json"])
        #expect(throws: FeedError.self) { try FeedLoader.load(.suseCvrf, data: Data("{bad}".utf8), name: "x.json") }
    }
}
