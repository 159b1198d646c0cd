/// rpm's "ndb" `Packages.db` (rpm ≥ 4.16, SUSE): a 32-byte header (`RpmP`, version 0, generation, slot page
/// count), 4 KiB slot pages of 16-byte slots (`Slot`, package index, block offset, block count; the first two
/// slots are the header), and per package a blob (`BlbS`, package index, checksum, length, header bytes) at
/// `block offset × 16`. All little-endian.
enum RpmNDB {
    static let headerMagic: UInt32 = 0x506D_7052  // "RpmP"
    static let slotMagic: UInt32 = 0x746F_6C53  // "Slot"
    static let blobMagic: UInt32 = 0x5362_6C42  // "BlbS"
    static let maxSlotPages: UInt32 = 2048

    static func isNDB(_ bytes: [UInt8]) -> Bool {
        RpmBinary(bytes: bytes, littleEndian: true).u32(0) == headerMagic
    }

    static func values(_ bytes: [UInt8]) throws(RpmDatabaseError) -> (values: [[UInt8]], problems: [String]) {
        let reader = RpmBinary(bytes: bytes, littleEndian: true)
        guard reader.u32(0) == headerMagic, let version = reader.u32(4), let pages = reader.u32(12) else {
            throw RpmDatabaseError("not an ndb package database")
        }
        guard version == 0 else { throw RpmDatabaseError("ndb version \(version) is not supported") }
        guard pages > 0, pages <= maxSlotPages else { throw RpmDatabaseError("ndb declares \(pages) slot pages") }
        var values: [[UInt8]] = []
        var problems: [String] = []
        let slotCount = Int(pages) * 4096 / 16
        for slot in 2..<slotCount {
            let base = slot * 16
            guard let magic = reader.u32(base), let index = reader.u32(base + 4), let block = reader.u32(base + 8)
            else {
                problems.append("the slot pages are truncated at slot \(slot)")
                break
            }
            guard magic == slotMagic else {
                problems.append("slot \(slot) has a bad magic number; the remaining slots were skipped")
                break
            }
            guard index != 0 else { continue }
            let blob = Int(block) * 16
            guard reader.u32(blob) == blobMagic, reader.u32(blob + 4) == index, let length = reader.u32(blob + 12),
                let value = reader.slice(blob + 16, Int(length))
            else {
                problems.append("package \(index): no valid blob at block \(block)")
                continue
            }
            values.append(Array(value))
        }
        return (values, problems)
    }
}
