import Foundation
import Testing

@testable import Catalog

@Suite("Zip reader")
struct ZipArchiveTests {
    func archive() -> [UInt8] {
        var zip = ZipBuilder()
        zip.add("a.txt", "alpha")
        zip.add("dir/", "")
        zip.add("dir/b.txt", String(repeating: "b", count: 1000))
        return zip.build()
    }

    @Test("central directory, stored entries, limits")
    func stored() throws {
        let zip = try ZipArchive(archive()[...])
        #expect(zip.entries.map(\.name) == ["a.txt", "dir/", "dir/b.txt"])
        let a = try #require(zip.entries.first)
        #expect(Array(try zip.contents(of: a, limit: 100)) == Array("alpha".utf8))
        let b = zip.entries[2]
        #expect(throws: ZipArchive.ZipError.self) { _ = try zip.contents(of: b, limit: 999) }
        #expect(zip.entries[1].isDirectory)
    }

    @Test("damage is reported with a kind, never a crash")
    func damaged() throws {
        let bytes = archive()
        #expect(throws: ZipArchive.ZipError(.truncated, "5 bytes are too few for a zip archive")) {
            try ZipArchive(Array("hello".utf8)[...])
        }
        // Every truncation point, and single-byte corruption everywhere, must fail cleanly or read consistently.
        for length in stride(from: 0, to: bytes.count, by: 7) {
            _ = try? ZipArchive(bytes.prefix(length))
        }
        for position in bytes.indices {
            var copy = bytes
            copy[position] ^= 0xA5
            if let zip = try? ZipArchive(copy[...]) {
                for entry in zip.entries { _ = try? zip.contents(of: entry, limit: 1 << 20) }
            }
        }
        // A central directory claiming more entries than it holds.
        var lying = bytes
        lying[lying.count - 12] = 0x40
        #expect(throws: ZipArchive.ZipError.self) { try ZipArchive(lying[...]) }
    }

    /// Deflated entries, as the `zip` tool writes them.
    @Test("deflated entries written by zip(1), and a corrupt deflate stream")
    func deflated() throws {
        try #require(LanguageFixtures.exists("/usr/bin/zip"), "needed by this test and not found on this machine")
        let directory = try LanguageFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = String(repeating: "the quick brown fox jumps over the lazy dog\n", count: 2000)
        try Data(text.utf8).write(to: directory.appendingPathComponent("fox.txt"))
        _ = try #require(
            LanguageFixtures.run("/usr/bin/zip", ["-q", "-9", "fox.zip", "fox.txt"], directory: directory.path))
        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent("fox.zip")))
        let zip = try ZipArchive(bytes[...])
        let entry = try #require(zip.entries.first)
        #expect(entry.method == 8)
        #expect(String(decoding: try zip.contents(of: entry, limit: 1 << 20), as: UTF8.self) == text)
        #expect(throws: ZipArchive.ZipError.self) { _ = try zip.contents(of: entry, limit: 1000) }

        // Damage inside the compressed data is caught, by inflate or by the CRC-32, whichever notices first.
        let dataStart = 30 + Int(bytes[26]) + Int(bytes[28])
        for offset in [dataStart + 3, dataStart + 100, dataStart + entry.compressedSize - 2] {
            var copy = bytes
            copy[offset] ^= 0x5A
            let damaged = try ZipArchive(copy[...])
            #expect(throws: ZipArchive.ZipError.self) {
                _ = try damaged.contents(of: damaged.entries[0], limit: 1 << 20)
            }
        }
    }
}
