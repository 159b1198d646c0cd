import Archive

/// A zip archive held in memory (a captured `.jar`, or one nested inside another), read from its central
/// directory: zip64 records, data prepended to the archive (launch scripts of "fully executable" jars) and
/// stored or deflated entries. Every size read from the archive is checked against the bytes at hand, and
/// entries are only inflated up to a caller's limit.
public struct ZipArchive: Sendable {
    /// Why an archive or an entry cannot be read.
    public struct ZipError: Error, Sendable, CustomStringConvertible, Equatable {
        public enum Kind: Sendable, Equatable { case corrupt, truncated, tooLarge, unsupported }
        public var kind: Kind
        public var description: String

        public init(_ kind: Kind, _ description: String) {
            self.kind = kind
            self.description = description
        }
    }

    /// One central-directory entry.
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var method: UInt16
        public var flags: UInt16
        public var crc32: UInt32
        public var compressedSize: Int
        public var uncompressedSize: Int
        /// The local header's offset from the start of the archive (prepended data already accounted for).
        public var localHeaderOffset: Int

        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    static let maxEntries = 1_000_000

    let bytes: ArraySlice<UInt8>
    /// The entries in central-directory order.
    public let entries: [Entry]

    /// Reads the central directory.
    public init(_ bytes: ArraySlice<UInt8>) throws(ZipError) {
        self.bytes = bytes
        let reader = ByteReader(bytes: bytes)
        let count = bytes.count
        guard count >= 22 else { throw ZipError(.truncated, "\(count) bytes are too few for a zip archive") }
        // The end-of-central-directory record: within the last 64 KiB + 22 bytes (its comment is at most 64 KiB).
        var eocd = -1
        var position = count - 22
        let lowest = max(0, count - 22 - 0xFFFF)
        while position >= lowest {
            if reader.u32(position) == 0x0605_4b50, position + 22 + Int(reader.u16(position + 20)) <= count {
                eocd = position
                break
            }
            position -= 1
        }
        guard eocd >= 0 else {
            throw ZipError(.corrupt, "no end-of-central-directory record: not a zip archive, or truncated")
        }
        var total = Int(reader.u16(eocd + 10))
        var directorySize = Int(reader.u32(eocd + 12))
        var directoryOffset = Int(reader.u32(eocd + 16))
        var directoryEnd = eocd
        // zip64: a locator right before the record points at the zip64 end-of-central-directory record.
        if eocd >= 20, reader.u32(eocd - 20) == 0x0706_4b50 {
            let recorded = Int(clamping: reader.u64(eocd - 20 + 8))
            var record = recorded
            if reader.u32(record) != 0x0606_4b50 { record = eocd - 20 - 56 }  // data was prepended: it sits right before
            guard record >= 0, reader.u32(record) == 0x0606_4b50 else {
                throw ZipError(.corrupt, "the zip64 end-of-central-directory record is missing")
            }
            total = Int(clamping: reader.u64(record + 32))
            directorySize = Int(clamping: reader.u64(record + 40))
            directoryOffset = Int(clamping: reader.u64(record + 48))
            directoryEnd = record
        }
        guard total <= Self.maxEntries else {
            throw ZipError(.tooLarge, "\(total) entries are more than the \(Self.maxEntries) read from one archive")
        }
        // Data prepended to the archive shifts every offset by the same amount.
        let (expectedEnd, overflow) = directoryOffset.addingReportingOverflow(directorySize)
        guard !overflow, expectedEnd <= directoryEnd else {
            throw ZipError(
                .corrupt, "the central directory (\(directorySize) bytes at \(directoryOffset)) overruns the archive")
        }
        let base = directoryEnd - expectedEnd
        var entries: [Entry] = []
        entries.reserveCapacity(total)
        var offset = base + directoryOffset
        for index in 0..<total {
            guard offset + 46 <= directoryEnd, reader.u32(offset) == 0x0201_4b50 else {
                throw ZipError(.corrupt, "central directory entry \(index) of \(total) is missing or damaged")
            }
            let nameLength = Int(reader.u16(offset + 28))
            let extraLength = Int(reader.u16(offset + 30))
            let commentLength = Int(reader.u16(offset + 32))
            let next = offset + 46 + nameLength + extraLength + commentLength
            guard next <= directoryEnd else {
                throw ZipError(.truncated, "central directory entry \(index) is cut short")
            }
            var entry = Entry(
                name: String(decoding: reader.slice(offset + 46, nameLength), as: UTF8.self),
                method: reader.u16(offset + 10), flags: reader.u16(offset + 8), crc32: reader.u32(offset + 16),
                compressedSize: Int(reader.u32(offset + 20)), uncompressedSize: Int(reader.u32(offset + 24)),
                localHeaderOffset: Int(reader.u32(offset + 42)))
            Self.applyZip64(&entry, extra: reader, at: offset + 46 + nameLength, length: extraLength)
            entry.localHeaderOffset += base
            entries.append(entry)
            offset = next
        }
        self.entries = entries
    }

    /// Replaces 32-bit sizes and offsets saturated at `0xFFFFFFFF` by the zip64 extra field's values.
    private static func applyZip64(_ entry: inout Entry, extra reader: ByteReader, at start: Int, length: Int) {
        var position = start
        let end = start + length
        while position + 4 <= end {
            let id = reader.u16(position)
            let size = Int(reader.u16(position + 2))
            if id == 0x0001 {
                var field = position + 4
                let fieldEnd = min(field + size, end)
                if entry.uncompressedSize == 0xFFFF_FFFF, field + 8 <= fieldEnd {
                    entry.uncompressedSize = Int(clamping: reader.u64(field))
                    field += 8
                }
                if entry.compressedSize == 0xFFFF_FFFF, field + 8 <= fieldEnd {
                    entry.compressedSize = Int(clamping: reader.u64(field))
                    field += 8
                }
                if entry.localHeaderOffset == 0xFFFF_FFFF, field + 8 <= fieldEnd {
                    entry.localHeaderOffset = Int(clamping: reader.u64(field))
                }
                return
            }
            position += 4 + size
        }
    }

    /// The entries whose names satisfy a predicate.
    func entries(where predicate: (Entry) -> Bool) -> [Entry] {
        entries.filter(predicate)
    }

    /// An entry's uncompressed contents (a slice of the archive when stored, zero-copy), checked against the
    /// CRC-32 the central directory records.
    /// - Parameter limit: the most bytes to produce; a larger entry throws `.tooLarge`.
    public func contents(of entry: Entry, limit: Int) throws(ZipError) -> ArraySlice<UInt8> {
        let data = try rawContents(of: entry, limit: limit)
        guard CRC32.checksum(data) == entry.crc32 else {
            throw ZipError(.corrupt, "\(entry.name): the contents do not match their CRC-32")
        }
        return data
    }

    private func rawContents(of entry: Entry, limit: Int) throws(ZipError) -> ArraySlice<UInt8> {
        let reader = ByteReader(bytes: bytes)
        let header = entry.localHeaderOffset
        guard header >= 0, header + 30 <= bytes.count, reader.u32(header) == 0x0403_4b50 else {
            throw ZipError(.corrupt, "\(entry.name): the local header is missing")
        }
        let start = header + 30 + Int(reader.u16(header + 26)) + Int(reader.u16(header + 28))
        let (end, overflow) = start.addingReportingOverflow(entry.compressedSize)
        guard !overflow, entry.compressedSize >= 0, end <= bytes.count else {
            throw ZipError(
                .truncated, "\(entry.name): its \(entry.compressedSize) compressed bytes run past the archive's end")
        }
        guard entry.flags & 1 == 0 else { throw ZipError(.unsupported, "\(entry.name) is encrypted") }
        guard entry.uncompressedSize <= limit else {
            throw ZipError(.tooLarge, "\(entry.name) is \(entry.uncompressedSize) bytes, over the limit of \(limit)")
        }
        let data = reader.slice(start, entry.compressedSize)
        switch entry.method {
        case 0:
            guard data.count <= limit else {
                throw ZipError(.tooLarge, "\(entry.name) is \(data.count) bytes, over the limit of \(limit)")
            }
            return data
        case 8:
            do {
                return ArraySlice(try RawInflater.inflate(data, limit: limit))
            } catch let error as ArchiveError {
                let kind: ZipError.Kind =
                    error.code == .tooLarge ? .tooLarge : error.code == .truncated ? .truncated : .corrupt
                throw ZipError(kind, "\(entry.name): \(error.message)")
            } catch {
                throw ZipError(.corrupt, "\(entry.name): \(error)")
            }
        default:
            throw ZipError(
                .unsupported, "\(entry.name) uses compression method \(entry.method) (only stored and deflate are read)"
            )
        }
    }
}

/// Bounds-checked little-endian reads; out-of-range reads return 0 / empty.
private struct ByteReader {
    let bytes: ArraySlice<UInt8>

    func u16(_ offset: Int) -> UInt16 {
        guard offset >= 0, offset + 2 <= bytes.count else { return 0 }
        let base = bytes.startIndex + offset
        return UInt16(bytes[base]) | UInt16(bytes[base + 1]) << 8
    }

    func u32(_ offset: Int) -> UInt32 {
        UInt32(u16(offset)) | UInt32(u16(offset + 2)) << 16
    }

    func u64(_ offset: Int) -> UInt64 {
        UInt64(u32(offset)) | UInt64(u32(offset + 4)) << 32
    }

    func slice(_ offset: Int, _ length: Int) -> ArraySlice<UInt8> {
        guard offset >= 0, length >= 0, offset + length <= bytes.count else { return [] }
        let base = bytes.startIndex + offset
        return bytes[base..<(base + length)]
    }
}

/// CRC-32 (IEEE 802.3, as zip uses it).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
        return value
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { buffer in
                for byte in buffer { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
            }
        }
        return ~crc
    }
}
