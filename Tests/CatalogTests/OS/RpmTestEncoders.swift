import Foundation

/// Writes rpm header blobs and the three database formats around them, following the on-disk formats
/// (rpm `lib/header.c`, `lib/backend/ndb/rpmpkg.c`, libdb `dbinc/db_page.h`), so the readers can be tested
/// without rpm.
enum RpmTestEncoders {
    enum Value {
        case string(String)
        case strings([String])
        case int32([Int32])
        case int16([UInt16])
        case binary([UInt8])
    }

    /// A header: a region tag (63) covering `entries`, then optional dribble entries outside the region.
    static func header(_ entries: [(Int32, Value)], dribble: [(Int32, Value)] = []) -> [UInt8] {
        var data: [UInt8] = []
        var index: [[UInt8]] = []
        func add(_ tag: Int32, _ value: Value) {
            let type: UInt32
            let count: Int
            var bytes: [UInt8] = []
            switch value {
            case .string(let text):
                type = 6; count = 1; bytes = Array(text.utf8) + [0]
            case .strings(let texts):
                type = 8; count = texts.count; bytes = texts.flatMap { Array($0.utf8) + [0] }
            case .int32(let values):
                type = 4; count = values.count; bytes = values.flatMap { be32(UInt32(bitPattern: $0)) }
                while data.count % 4 != 0 { data.append(0) }
            case .int16(let values):
                type = 3; count = values.count; bytes = values.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
                while data.count % 2 != 0 { data.append(0) }
            case .binary(let raw):
                type = 7; count = raw.count; bytes = raw
            }
            index.append(be32(UInt32(bitPattern: tag)) + be32(type) + be32(UInt32(data.count)) + be32(UInt32(count)))
            data += bytes
        }
        for (tag, value) in entries { add(tag, value) }
        let regionIndexCount = index.count + 1
        let trailerOffset = data.count
        data += be32(63) + be32(7) + be32(UInt32(bitPattern: Int32(-16 * regionIndexCount))) + be32(16)
        index.insert(be32(63) + be32(7) + be32(UInt32(trailerOffset)) + be32(16), at: 0)
        for (tag, value) in dribble { add(tag, value) }
        return be32(UInt32(index.count)) + be32(UInt32(data.count)) + index.flatMap { $0 } + data
    }

    /// A typical package header.
    static func package(
        name: String, version: String, release: String, epoch: Int32? = nil, arch: String? = "x86_64",
        sourceRPM: String? = nil, license: String? = "MIT", files: [String] = [], padding: Int = 0
    ) -> [UInt8] {
        var entries: [(Int32, Value)] = [(1000, .string(name)), (1001, .string(version)), (1002, .string(release))]
        if let epoch { entries.append((1003, .int32([epoch]))) }
        entries.append((1004, .string("summary of \(name)")))
        entries.append((1009, .int32([12345])))
        entries.append((1011, .string("Drydock")))
        if let license { entries.append((1014, .string(license))) }
        if let arch { entries.append((1022, .string(arch))) }
        entries.append((1030, .int16(files.map { _ in 0o100644 })))
        entries.append((1044, .string(sourceRPM ?? "(none)")))
        if !files.isEmpty {
            var directories: [String] = []
            var indexes: [Int32] = []
            var bases: [String] = []
            for file in files {
                let slash = file.lastIndex(of: "/")!
                let directory = String(file[...slash])
                if !directories.contains(directory) { directories.append(directory) }
                indexes.append(Int32(directories.firstIndex(of: directory)!))
                bases.append(String(file[file.index(after: slash)...]))
            }
            entries += [(1116, .int32(indexes)), (1117, .strings(bases)), (1118, .strings(directories))]
        }
        if padding > 0 { entries.append((5000, .binary([UInt8](repeating: 0xAB, count: padding)))) }
        return header(entries)
    }

    /// An ndb `Packages.db` with one slot page.
    static func ndb(_ blobs: [[UInt8]]) -> [UInt8] {
        var file = le32(0x506D_7052) + le32(0) + le32(1) + le32(1) + [UInt8](repeating: 0, count: 16)
        var blobArea: [UInt8] = []
        var slots: [[UInt8]] = []
        for (offset, blob) in blobs.enumerated() {
            let block = (4096 + blobArea.count) / 16
            var record = le32(0x5362_6C42) + le32(UInt32(offset + 1)) + le32(0) + le32(UInt32(blob.count)) + blob
            record += [UInt8](repeating: 0, count: 16)  // the tail
            while record.count % 16 != 0 { record.append(0) }
            slots.append(le32(0x746F_6C53) + le32(UInt32(offset + 1)) + le32(UInt32(block)) + le32(UInt32(record.count / 16)))
            blobArea += record
        }
        for slot in 2..<256 {
            file += slot - 2 < slots.count ? slots[slot - 2] : le32(0x746F_6C53) + [UInt8](repeating: 0, count: 12)
        }
        return file + blobArea
    }

    /// A BerkeleyDB hash `Packages`: metadata page, one hash page of (record number, value) pairs, and overflow
    /// chains for values longer than `inlineLimit` bytes.
    static func berkeley(_ values: [[UInt8]], pageSize: Int = 4096, littleEndian: Bool = true, inlineLimit: Int = 0)
        -> [UInt8]
    {
        func u16(_ value: Int) -> [UInt8] {
            littleEndian ? [UInt8(value & 0xFF), UInt8(value >> 8)] : [UInt8(value >> 8), UInt8(value & 0xFF)]
        }
        func u32(_ value: UInt32) -> [UInt8] { littleEndian ? le32(value) : be32(value) }
        func page(number: Int, next: Int, entries: Int, offset: Int, type: UInt8) -> [UInt8] {
            [UInt8](repeating: 0, count: 8) + u32(UInt32(number)) + u32(0) + u32(UInt32(next)) + u16(entries)
                + u16(offset) + [0, type]
        }
        var overflowPages: [[UInt8]] = []
        var items: [[UInt8]] = []  // key, data, key, data, …
        let chunk = pageSize - 26
        for (index, value) in values.enumerated() {
            items.append([1] + u32(UInt32(index + 1)))
            if value.count <= inlineLimit {
                items.append([1] + value)
                continue
            }
            let first = 2 + overflowPages.count
            let pieces = stride(from: 0, to: value.count, by: chunk).map { Array(value[$0..<min($0 + chunk, value.count)]) }
            for (offset, piece) in pieces.enumerated() {
                let number = first + offset
                let next = offset == pieces.count - 1 ? 0 : number + 1
                var bytes = page(number: number, next: next, entries: 1, offset: piece.count, type: 7) + piece
                bytes += [UInt8](repeating: 0, count: pageSize - bytes.count)
                overflowPages.append(bytes)
            }
            items.append([3, 0, 0, 0] + u32(UInt32(first)) + u32(UInt32(value.count)))
        }
        // Items are laid out from the end of the page downwards, the offsets array after the page header.
        var hashPage = [UInt8](repeating: 0, count: pageSize)
        var top = pageSize
        var offsets: [Int] = []
        for item in items {
            top -= item.count
            hashPage.replaceSubrange(top..<(top + item.count), with: item)
            offsets.append(top)
        }
        let header = page(number: 1, next: 0, entries: items.count, offset: top, type: 13)
        hashPage.replaceSubrange(0..<26, with: header)
        for (index, offset) in offsets.enumerated() {
            hashPage.replaceSubrange((26 + index * 2)..<(28 + index * 2), with: u16(offset))
        }
        let lastPage = 1 + overflowPages.count
        var meta = [UInt8](repeating: 0, count: 8) + u32(0) + u32(0x0006_1561) + u32(9) + u32(UInt32(pageSize))
        meta += [0, 8, 0, 0] + u32(0) + u32(UInt32(lastPage))
        meta += [UInt8](repeating: 0, count: pageSize - meta.count)
        return meta + hashPage + overflowPages.flatMap { $0 }
    }

    /// An `rpmdb.sqlite` written by the sqlite3 command-line tool, in WAL mode as rpm leaves it.
    static func sqlite(_ blobs: [[UInt8]], in directory: URL, sqlite3: String) throws -> [UInt8] {
        let database = directory.appendingPathComponent("rpmdb.sqlite").path
        var script = "PRAGMA journal_mode=WAL;\n"
        script += "CREATE TABLE IF NOT EXISTS 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL);\n"
        for blob in blobs { script += "INSERT INTO Packages (blob) VALUES (X'\(hex(blob))');\n" }
        let scriptPath = directory.appendingPathComponent("create.sql").path
        try Data(script.utf8).write(to: URL(fileURLWithPath: scriptPath))
        try OSFixtures.shell("'\(sqlite3)' '\(database)' < '\(scriptPath)'")
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: database)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")  // db_load reads lower-case hex only
        var text = ""
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }

    static func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    static func le32(_ value: UInt32) -> [UInt8] { be32(value).reversed() }
}
