/// The layout of a 512-byte tar header block and the low-level field codecs shared by
/// ``TarParser`` and ``TarWriter``.
///
/// Field offsets follow POSIX ustar (pax), with the GNU and star variants noted where they differ:
/// https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_06
enum TarHeader {
    static let blockSize = 512

    static let name = 0..<100
    static let mode = 100..<108
    static let uid = 108..<116
    static let gid = 116..<124
    static let size = 124..<136
    static let mtime = 136..<148
    static let checksum = 148..<156
    static let typeflag = 156
    static let linkName = 157..<257
    static let magic = 257..<263
    static let version = 263..<265
    static let userName = 265..<297
    static let groupName = 297..<329
    static let deviceMajor = 329..<337
    static let deviceMinor = 337..<345
    /// ustar's path prefix; star uses only the first 131 bytes (its trailer is `tar\0` at 508).
    static let prefix = 345..<500
    static let starPrefix = 345..<476
    static let starTrailer = 508..<512
    /// Old GNU sparse headers: "more sparse headers follow" flag in the main header…
    static let gnuIsExtended = 482
    /// …and in each 512-byte sparse extension block.
    static let gnuExtensionIsExtended = 504

    /// The header dialects, told apart by the magic and version fields.
    enum Format {
        /// Unix v7: no magic, no user/group names, no devices, no prefix.
        case v7
        /// POSIX ustar / pax (`ustar\0` `00`), with a 155-byte path prefix.
        case ustar
        /// star (`ustar\0` `00` and `tar\0` at 508), with a 131-byte path prefix.
        case star
        /// GNU (`ustar ` ` \0`): names and devices like ustar, but no prefix.
        case gnu
    }

    /// The dialect of `block`.
    static func format(of block: UnsafeRawBufferPointer) -> Format {
        let m = block
        if m[257] == 0x75, m[258] == 0x73, m[259] == 0x74, m[260] == 0x61, m[261] == 0x72 {  // "ustar"
            if m[262] == 0x20 && m[263] == 0x20 { return .gnu }  // "ustar  \0"
            if m[262] == 0 {
                if m[508] == 0x74 && m[509] == 0x61 && m[510] == 0x72 && m[511] == 0 { return .star }
                return .ustar
            }
        }
        return .v7
    }

    // MARK: Checksum

    /// The sums of all bytes of a block: `raw` (0 only for an all-zero block) and the header
    /// checksum computed with the checksum field taken as spaces, both unsigned and signed
    /// (some old tars summed signed chars).
    static func sums(of block: UnsafeRawBufferPointer) -> (raw: Int, unsigned: Int, signed: Int) {
        var raw = 0
        var signed = 0
        for byte in block {
            raw &+= Int(byte)
            signed &+= Int(Int8(bitPattern: byte))
        }
        var fieldUnsigned = 0
        var fieldSigned = 0
        for index in checksum {
            fieldUnsigned += Int(block[index])
            fieldSigned += Int(Int8(bitPattern: block[index]))
        }
        let spaces = 8 * 0x20
        return (raw, raw - fieldUnsigned + spaces, signed - fieldSigned + spaces)
    }

    // MARK: Fields

    /// The bytes of a string field up to its first NUL.
    static func bytes(_ block: UnsafeRawBufferPointer, _ range: Range<Int>) -> UnsafeRawBufferPointer {
        var end = range.lowerBound
        while end < range.upperBound && block[end] != 0 { end += 1 }
        return UnsafeRawBufferPointer(rebasing: block[range.lowerBound..<end])
    }

    /// A string field up to its first NUL, decoded as UTF-8 (lossily).
    static func string(_ block: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        decode(bytes(block, range))
    }

    /// Bytes decoded as UTF-8, replacing invalid sequences with U+FFFD.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return "" }
        let typed = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        return String(decoding: typed, as: UTF8.self)
    }

    /// A numeric field: octal (optionally padded with spaces or NULs on either side; empty is 0)
    /// or GNU base-256 (high bit of the first byte set; two's complement when the next bit is set).
    /// Returns `nil` when the field is neither.
    static func number(_ block: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        let first = block[range.lowerBound]
        if first & 0x80 != 0 {
            // GNU base-256, as Go's archive/tar reads it: -a-1 == ~a for negatives.
            let invert: UInt8 = first & 0x40 != 0 ? 0xff : 0
            var value: UInt64 = 0
            for index in range {
                var byte = block[index] ^ invert
                if index == range.lowerBound { byte &= 0x7f }
                if value >> 56 != 0 { return nil }
                value = value << 8 | UInt64(byte)
            }
            if value >> 63 != 0 { return nil }
            return invert == 0xff ? ~Int64(value) : Int64(value)
        }
        var index = range.lowerBound
        while index < range.upperBound && (block[index] == 0x20 || block[index] == 0) { index += 1 }
        var value: Int64 = 0
        while index < range.upperBound, case let byte = block[index], byte >= 0x30 && byte <= 0x37 {
            if value >> 60 != 0 { return nil }
            value = value << 3 | Int64(byte - 0x30)
            index += 1
        }
        while index < range.upperBound {
            guard block[index] == 0x20 || block[index] == 0 else { return nil }
            index += 1
        }
        return value
    }

    // MARK: Writing

    /// Writes `value` as zero-padded octal followed by a NUL into `range`; returns false when it
    /// does not fit (or is negative).
    static func writeOctal(_ value: Int64, _ block: UnsafeMutableRawBufferPointer, _ range: Range<Int>) -> Bool {
        let digits = range.count - 1
        guard value >= 0, digits * 3 >= 64 || value < Int64(1) << (digits * 3) else { return false }
        var remaining = value
        for index in stride(from: range.lowerBound + digits - 1, through: range.lowerBound, by: -1) {
            block[index] = 0x30 + UInt8(remaining & 7)
            remaining >>= 3
        }
        block[range.upperBound - 1] = 0
        return true
    }

    /// Writes `value` in GNU base-256 (big-endian two's complement with the high bit set).
    static func writeBase256(_ value: Int64, _ block: UnsafeMutableRawBufferPointer, _ range: Range<Int>) {
        var remaining = value
        for index in stride(from: range.upperBound - 1, to: range.lowerBound, by: -1) {
            block[index] = UInt8(truncatingIfNeeded: remaining)
            remaining >>= 8
        }
        block[range.lowerBound] = value < 0 ? 0xff : 0x80
    }

    /// Copies up to `range.count` bytes of `bytes` into `range` (the rest stays zero).
    static func write(_ bytes: some Collection<UInt8>, _ block: UnsafeMutableRawBufferPointer, _ range: Range<Int>) {
        var index = range.lowerBound
        for byte in bytes.prefix(range.count) {
            block[index] = byte
            index += 1
        }
    }
}
