/// An rpm header blob as the package databases store it (no lead, no magic): big-endian `il` (index entries) and
/// `dl` (data bytes), `il` entries of tag, type, offset, count, then the data store. Region tags (61–63) are
/// skipped; a tag repeated after the region (a "dribble" entry) replaces the earlier one. Every read is bounded
/// by the data store.
struct RpmHeader: Sendable {
    enum Tag {
        static let name: Int32 = 1000, version: Int32 = 1001, release: Int32 = 1002, epoch: Int32 = 1003
        static let size: Int32 = 1009, vendor: Int32 = 1011, license: Int32 = 1014, arch: Int32 = 1022
        static let oldFilenames: Int32 = 1027, sourceRPM: Int32 = 1044
        static let dirIndexes: Int32 = 1116, baseNames: Int32 = 1117, dirNames: Int32 = 1118
        static let modularityLabel: Int32 = 5096
    }

    enum DataType {
        static let int16: UInt32 = 3, int32: UInt32 = 4, string: UInt32 = 6, stringArray: UInt32 = 8
        static let i18nString: UInt32 = 9
    }

    struct Entry: Sendable, Hashable {
        var type: UInt32
        var offset: Int
        var count: Int
    }

    static let maxDataSize = 256 * 1024 * 1024
    static let maxEntries = 0xFFFF

    private(set) var entries: [Int32: Entry] = [:]
    private let store: [UInt8]

    init(blob: [UInt8]) throws(RpmDatabaseError) {
        let reader = RpmBinary(bytes: blob, littleEndian: false)
        guard let il = reader.u32(0), let dl = reader.u32(4) else { throw RpmDatabaseError("a header shorter than 8 bytes") }
        guard il >= 1, il <= Self.maxEntries else { throw RpmDatabaseError("a header with \(il) index entries") }
        guard dl <= Self.maxDataSize else { throw RpmDatabaseError("a header with \(dl) data bytes") }
        let dataStart = 8 + Int(il) * 16
        guard let store = reader.slice(dataStart, Int(dl)) else {
            throw RpmDatabaseError("a header of \(blob.count) bytes that declares \(dataStart + Int(dl))")
        }
        self.store = Array(store)
        for index in 0..<Int(il) {
            let base = 8 + index * 16
            guard let tag = reader.u32(base), let type = reader.u32(base + 4), let offset = reader.u32(base + 8),
                let count = reader.u32(base + 12)
            else { throw RpmDatabaseError("a truncated header index") }
            let signedTag = Int32(bitPattern: tag)
            if (61...63).contains(signedTag) { continue }
            guard type <= 9 else { throw RpmDatabaseError("tag \(signedTag) has an unknown type \(type)") }
            guard offset < dl || count == 0, count <= dl else {
                throw RpmDatabaseError("tag \(signedTag) points outside the data (\(offset) of \(dl))")
            }
            entries[signedTag] = Entry(type: type, offset: Int(offset), count: Int(count))
        }
    }

    /// A string tag (the first string of an array or i18n string); `(none)` reads as nil.
    func string(_ tag: Int32) -> String? {
        guard let entry = entries[tag],
            [DataType.string, DataType.stringArray, DataType.i18nString].contains(entry.type),
            let value = strings(entry, limit: 1).first, value != "(none)"
        else { return nil }
        return value
    }

    func stringArray(_ tag: Int32) -> [String] {
        guard let entry = entries[tag], entry.type == DataType.stringArray || entry.type == DataType.i18nString
        else { return [] }
        return strings(entry, limit: entry.count)
    }

    func int32Array(_ tag: Int32) -> [Int32] {
        guard let entry = entries[tag], entry.type == DataType.int32, entry.count <= (store.count - entry.offset) / 4
        else { return [] }
        let reader = RpmBinary(bytes: store, littleEndian: false)
        return (0..<entry.count).compactMap { reader.u32(entry.offset + $0 * 4).map { Int32(bitPattern: $0) } }
    }

    func int32(_ tag: Int32) -> Int32? { int32Array(tag).first }

    private func strings(_ entry: Entry, limit: Int) -> [String] {
        var result: [String] = []
        var position = entry.offset
        while result.count < limit, position < store.count {
            guard let end = store[position...].firstIndex(of: 0) else { break }
            result.append(String(decoding: store[position..<end], as: UTF8.self))
            position = end + 1
        }
        return result
    }
}
