/// rpm's BerkeleyDB `Packages` hash database (rpm < 4.16 and RHEL/CentOS ≤ 8), read without libdb: the metadata
/// page gives the byte order (magic 0x061561), page size and last page; every hash page (types 2 and 13) holds
/// key/data item pairs, and each data item is either inline (`H_KEYDATA`) or on a chain of overflow pages
/// (`H_OFFPAGE` → type-7 pages, each carrying its length in the header's free-offset field). Pages are scanned in
/// order, as go-rpmdb does; every chain is bounded by the page count and the item's declared length.
enum RpmBerkeleyDB {
    static let hashMagic: UInt32 = 0x0006_1561
    static let headerSize = 26

    enum PageType {
        static let hashUnsorted: UInt8 = 2, overflow: UInt8 = 7, hashMeta: UInt8 = 8, hash: UInt8 = 13
    }

    enum ItemType {
        static let keyData: UInt8 = 1, offPage: UInt8 = 3
    }

    /// The byte order of a BerkeleyDB hash file, or nil when `bytes` is not one.
    static func byteOrder(_ bytes: [UInt8]) -> Bool? {
        if RpmBinary(bytes: bytes, littleEndian: true).u32(12) == hashMagic { return true }
        if RpmBinary(bytes: bytes, littleEndian: false).u32(12) == hashMagic { return false }
        return nil
    }

    static func values(_ bytes: [UInt8]) throws(RpmDatabaseError) -> (values: [[UInt8]], problems: [String]) {
        guard let littleEndian = byteOrder(bytes) else { throw RpmDatabaseError("not a BerkeleyDB hash database") }
        let reader = RpmBinary(bytes: bytes, littleEndian: littleEndian)
        guard let pageSizeValue = reader.u32(20), let lastPage = reader.u32(32) else {
            throw RpmDatabaseError("a truncated BerkeleyDB metadata page")
        }
        let pageSize = Int(pageSizeValue)
        guard pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0 else {
            throw RpmDatabaseError("BerkeleyDB page size \(pageSize) is not valid")
        }
        guard reader.u8(24) == 0 else { throw RpmDatabaseError("the BerkeleyDB database is encrypted") }
        guard reader.u8(25) == PageType.hashMeta else { throw RpmDatabaseError("not a BerkeleyDB hash database") }
        var problems: [String] = []
        let pageCount = bytes.count / pageSize
        var last = Int(lastPage)
        if last >= pageCount {
            problems.append("the database declares \(last + 1) pages but holds \(pageCount)")
            last = pageCount - 1
        }
        var values: [[UInt8]] = []
        guard last >= 1 else { return (values, problems) }
        for page in 1...last {
            let start = page * pageSize
            guard let type = reader.u8(start + 25), type == PageType.hash || type == PageType.hashUnsorted,
                let entries = reader.u16(start + 20)
            else { continue }
            for item in stride(from: 1, to: Int(entries), by: 2) {
                guard let offset = reader.u16(start + headerSize + item * 2).map(Int.init), offset < pageSize,
                    let previous = reader.u16(start + headerSize + (item - 1) * 2).map(Int.init)
                else {
                    problems.append("page \(page): item \(item) is out of bounds")
                    continue
                }
                switch reader.u8(start + offset) {
                case ItemType.offPage?:
                    do throws(RpmDatabaseError) {
                        values.append(try overflow(reader, item: start + offset, pageSize: pageSize, pageCount: last + 1))
                    } catch {
                        problems.append("page \(page): \(error.description)")
                    }
                case ItemType.keyData?:
                    // An inline item runs up to the item before it (the key, stored above it on the page).
                    let end = previous > offset ? previous : pageSize
                    if let data = reader.slice(start + offset + 1, end - offset - 1) { values.append(Array(data)) }
                default:
                    continue
                }
            }
        }
        return (values, problems)
    }

    /// Follows an `H_OFFPAGE` item's chain: page number at +4, total length at +8.
    private static func overflow(_ reader: RpmBinary, item: Int, pageSize: Int, pageCount: Int) throws(RpmDatabaseError)
        -> [UInt8]
    {
        guard let first = reader.u32(item + 4), let total = reader.u32(item + 8) else {
            throw RpmDatabaseError("a truncated overflow reference")
        }
        guard total <= UInt32(RpmHeader.maxDataSize) else { throw RpmDatabaseError("an overflow item of \(total) bytes") }
        var value: [UInt8] = []
        value.reserveCapacity(min(Int(total), reader.bytes.count))
        var page = Int(first)
        var visited = 0
        while page != 0, value.count < Int(total) {
            visited += 1
            guard page < pageCount, visited <= pageCount else { throw RpmDatabaseError("a broken overflow chain at page \(page)") }
            let start = page * pageSize
            guard reader.u8(start + 25) == PageType.overflow, let length = reader.u16(start + 22),
                let next = reader.u32(start + 16), let chunk = reader.slice(start + headerSize, min(Int(length), pageSize - headerSize))
            else { throw RpmDatabaseError("page \(page) is not an overflow page") }
            value += chunk
            page = Int(next)
        }
        guard value.count >= Int(total) else {
            throw RpmDatabaseError("an overflow item holds \(value.count) of its \(total) bytes")
        }
        return Array(value.prefix(Int(total)))
    }
}
