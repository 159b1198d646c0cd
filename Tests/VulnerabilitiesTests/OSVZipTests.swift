import Foundation
import Testing
import Vulnerabilities

/// `OSVFeed.parse(zip:)` over zips built here (stored entries) from the golang/vulndb records.
@Suite struct OSVZipTests {
    static let records = [
        "GO-2020-0001", "GO-2022-0781", "GO-2023-1832", "GO-2024-2732", "GO-2024-3319",
        "GO-2025-3893", "GO-2026-4366", "GO-2026-4847", "GO-2026-5337", "GO-2026-5776",
    ]

    func goEntries() throws -> [(String, Data)] {
        try Self.records.map { id in ("\(id).json", try Fixtures.data("golang-vulndb/data/osv/\(id).json")) }
    }

    @Test func allZipMatchesTheDirectory() throws {
        let zip = StoredZip.make(try goEntries())
        let result = try OSVFeed.parse(zip: zip)
        #expect(result.records.count == 21)
        #expect(Set(result.records.map(\.id)) == Set(Self.records))
        #expect(result.skipped.isEmpty, "\(result.skipped)")
        // Same records as reading the files from disk (entry names equal the relative paths).
        let directory = try OSVFeed.parse(directory: try Fixtures.url("golang-vulndb/data/osv"))
        #expect(result == directory)
        let gin = try #require(result.records(id: "GO-2020-0001").first)
        #expect(gin.namespace == "go")
        #expect(gin.packageName == "github.com/gin-gonic/gin")
        #expect(gin.ranges == [AffectedRange(type: "SEMVER", events: [.introduced("0"), .fixed("1.6.0")])])
        #expect(gin.source == FeedSource(feed: "osv", group: "GO-2020-0001.json"))
        #expect(result.records(id: "GO-2024-2732").count == 12)
    }

    @Test func badEntriesAreSkippedOthersKept() throws {
        var entries = try goEntries().prefix(2).map { $0 }
        entries.append(("nested/", Data()))  // a directory entry
        entries.append(("README.md", Data("not a record".utf8)))  // not .json: ignored
        entries.append(("broken.json", Data("{\"id\": ".utf8)))
        entries.append(("list.json", Data("[]".utf8)))
        let big = Data(repeating: 0x20, count: 2048)
        entries.append(("big.json", big))
        let result = try OSVFeed.parse(zip: StoredZip.make(entries), entryLimit: 1700)
        #expect(result.records.map(\.id) == ["GO-2020-0001", "GO-2022-0781"])
        #expect(result.skipped.map(\.entry) == ["broken.json", "list.json", "big.json"])
        #expect(result.skipped[0].reason.contains("not valid JSON"))
        #expect(result.skipped[1].reason.contains("must be an object"))
        #expect(result.skipped[2].reason == "2048 bytes is over the 1700-byte limit for a record")
    }

    @Test func badCRCIsSkipped() throws {
        let entries = try goEntries().prefix(1).map { $0 }
        var zip = StoredZip.make(entries)
        // Flip one byte of the stored contents (just past the 30-byte local header and the name).
        let offset = 30 + entries[0].0.utf8.count + 10
        zip[offset] ^= 0xFF
        let result = try OSVFeed.parse(zip: zip)
        #expect(result.records.isEmpty)
        #expect(result.skipped.count == 1)
        #expect(result.skipped.first?.reason.contains("CRC-32") == true)
    }

    @Test func totalLimitThrows() throws {
        let entries = try goEntries()
        let total = entries.reduce(0) { $0 + $1.1.count }
        let error = #expect(throws: FeedError.self) { try OSVFeed.parse(zip: StoredZip.make(entries), totalLimit: total - 1) }
        #expect(error?.code == .unreadable)
        #expect(try OSVFeed.parse(zip: StoredZip.make(entries), totalLimit: total).records.count == 21)
    }

    @Test func corruptZipThrowsMalformed() throws {
        for data in [Data(), Data("PK\u{3}\u{4} definitely not a zip archive, just some text".utf8)] {
            let error = #expect(throws: FeedError.self) { try OSVFeed.parse(zip: data) }
            #expect(error?.code == .malformed)
        }
        // A real archive cut short loses its central directory.
        let zip = StoredZip.make(try goEntries())
        let error = #expect(throws: FeedError.self) { try OSVFeed.parse(zip: zip.prefix(zip.count - 30)) }
        #expect(error?.code == .malformed)
    }
}

/// A minimal zip writer: stored (uncompressed) entries, local headers, central directory, end record.
enum StoredZip {
    static func make(_ entries: [(String, Data)]) -> Data {
        var out = Data()
        var central = Data()
        for (name, contents) in entries {
            let nameBytes = Data(name.utf8)
            let crc = crc32(contents)
            let offset = UInt32(out.count)
            out.le32(0x0403_4b50); out.le16(10); out.le16(0); out.le16(0); out.le16(0); out.le16(0)
            out.le32(crc); out.le32(UInt32(contents.count)); out.le32(UInt32(contents.count))
            out.le16(UInt16(nameBytes.count)); out.le16(0)
            out.append(nameBytes); out.append(contents)
            central.le32(0x0201_4b50); central.le16(20); central.le16(10); central.le16(0); central.le16(0)
            central.le16(0); central.le16(0)
            central.le32(crc); central.le32(UInt32(contents.count)); central.le32(UInt32(contents.count))
            central.le16(UInt16(nameBytes.count)); central.le16(0); central.le16(0); central.le16(0); central.le16(0)
            central.le32(0); central.le32(offset)
            central.append(nameBytes)
        }
        let directoryOffset = UInt32(out.count)
        out.append(central)
        out.le32(0x0605_4b50); out.le16(0); out.le16(0)
        out.le16(UInt16(entries.count)); out.le16(UInt16(entries.count))
        out.le32(UInt32(central.count)); out.le32(directoryOffset); out.le16(0)
        return out
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

private extension Data {
    mutating func le16(_ value: UInt16) { append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8)]) }
    mutating func le32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) } }
}
