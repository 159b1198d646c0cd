import Archive
import Engine
import Foundation
import Testing
import Vulnerabilities

/// The `openvex` feed driver: vendors' OpenVEX documents (the real Canonical and OpenVEX examples in
/// `VulnerabilitiesTests/Fixtures/openvex`) from a directory, a file or a tar archive, stored as the feed's `vex` group.
@Suite struct OpenVEXFeedTests {
    static let fixtures = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "VulnerabilitiesTests/Fixtures/openvex")
    static let files = ["canonical-CVE-2024-0410.json", "openvex-debian.json", "openvex-demo1.json", "openvex-package-product.json"]

    @Test func aDirectoryAFileAndAnArchiveGiveTheSameStatements() throws {
        let directory = try FeedLoader.load(.openvex, local: Self.fixtures)
        let statements = try #require(directory.vex)
        #expect(statements.count == 5)
        #expect(directory.skipped.isEmpty, "\(directory.skipped)")
        let gitlab = statements.filter { $0.statement.vulnerability == "CVE-2024-0410" }
        #expect(gitlab.map(\.statement.status) == [.affected, .notAffected])
        #expect(gitlab.allSatisfy { $0.author == "Canonical Ltd." && $0.document == "https://github.com/canonical/ubuntu-security-notices/blob/main/vex/cve/2024/CVE-2024-0410" })
        #expect(directory.groups().keys.sorted() == ["vex"])

        let file = try FeedLoader.load(.openvex, local: Self.fixtures.appending(path: Self.files[0]))
        #expect(file.vex == gitlab)

        var writer = TarWriter()
        for name in Self.files {
            let bytes = Array(try Data(contentsOf: Self.fixtures.appending(path: name)))
            writer.append(TarEntry(path: "vex/\(name)", size: Int64(bytes.count)), contents: bytes)
        }
        writer.append(TarEntry(path: "vex/broken.json", size: 2), contents: Array("[]".utf8))
        let archive = Data(try Compressor.compress(writer.finish(), as: .zstd))
        let loaded = try FeedLoader.load(.openvex, data: archive, name: "vex-all.tar.zst")
        #expect(Set(loaded.vex ?? []) == Set(statements))
        #expect(loaded.skipped.map(\.entry) == ["vex/broken.json"])

        // Stored and read back as the feed's group.
        let payload = try #require(directory.groups()["vex"])
        #expect(try FeedGroupCodec.decode(try FeedGroupCodec.encode(payload).data) == payload)
        #expect(throws: FeedError.self) { try FeedLoader.load(.openvex, data: Data("{\"statements\": []}".utf8), name: "x.json") }
    }
}
