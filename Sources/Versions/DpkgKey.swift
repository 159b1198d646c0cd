/// A dpkg version as 48 bytes whose byte order is dpkg's order, held inline (no heap, no reference counting): the
/// comparison a vulnerability match makes thousands of times per image becomes six integer comparisons.
///
/// The encoding follows `verrevcmp`: a part (upstream, revision) alternates runs of non-digits and digits, starting
/// with a non-digit run (empty when the part starts with a digit). A non-digit character is one byte in dpkg's order
/// (`~` 1, below the end of a run 2, letters 3…54, other characters 55 and up, as dpkg orders other characters after
/// letters); a run ends with 2. A digit run is its number: the count of its digits without leading zeros, then those
/// digits, so a longer number is a larger one. The epoch is a number; upstream and revision each end with 2, so that
/// `1.0~rc1` sorts below `1.0` and a part never is a prefix of another part's encoding. Unused bytes are zero; they
/// are never compared with a used byte, because two encodings differ before either ends.
///
/// Versions that do not fit (over 48 bytes, a number of more than 255 digits, a character dpkg does not allow) have
/// no key; compare those with ``DpkgVersion/compare(_:_:)``.
public struct DpkgKey: Hashable, Sendable, Comparable {
    private var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0, w4: UInt64 = 0, w5: UInt64 = 0

    public static let capacity = 48

    /// The key of `version`, or nil when it does not fit. Written straight into the key's own bytes: matching makes
    /// one per installed package, so no array or string is made on the way.
    public init?(_ version: DpkgVersion) {
        var upstream = version.upstream
        var revision = version.revision
        let epoch = version.epoch
        var fits = true
        withUnsafeMutableBytes(of: &self) { raw in
            var writer = Writer(raw)
            fits = writer.number(epoch)
                && upstream.withUTF8 { writer.part($0) }
                && revision.withUTF8 { writer.part($0) }
        }
        guard fits else { return nil }
        // The bytes were written in order; as big-endian words they compare as the bytes do.
        (w0, w1, w2, w3, w4, w5) = (
            UInt64(bigEndian: w0), UInt64(bigEndian: w1), UInt64(bigEndian: w2),
            UInt64(bigEndian: w3), UInt64(bigEndian: w4), UInt64(bigEndian: w5)
        )
    }

    /// Appends to the key's bytes, refusing past its capacity.
    private struct Writer {
        let bytes: UnsafeMutableRawBufferPointer
        var count = 0

        init(_ bytes: UnsafeMutableRawBufferPointer) { self.bytes = bytes }

        mutating func append(_ byte: UInt8) -> Bool {
            guard count < bytes.count else { return false }
            bytes[count] = byte
            count += 1
            return true
        }

        /// A number as its count of digits, then its digits.
        mutating func number(_ value: Int) -> Bool {
            guard value >= 0 else { return false }
            var digits = 0
            var rest = value
            while rest > 0 { digits += 1; rest /= 10 }
            guard append(UInt8(digits)) else { return false }
            var divisor = 1
            for _ in 1..<max(digits, 1) { divisor *= 10 }
            rest = value
            for _ in 0..<digits {
                guard append(UInt8(ascii: "0") + UInt8(rest / divisor)) else { return false }
                rest %= divisor
                divisor /= 10
            }
            return true
        }

        /// Non-digit runs and digit runs in turn, starting with a (maybe empty) non-digit run, then the part's end.
        mutating func part(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
            var i = 0
            repeat {
                while i < utf8.count, !Digits.isDigit(utf8[i]) {
                    guard let code = DpkgKey.code(utf8[i]), append(code) else { return false }
                    i += 1
                }
                guard append(DpkgKey.runEnd) else { return false }
                while i < utf8.count, utf8[i] == UInt8(ascii: "0") { i += 1 }
                let start = i
                while i < utf8.count, Digits.isDigit(utf8[i]) { i += 1 }
                guard i - start <= 255, append(UInt8(i - start)) else { return false }
                for k in start..<i { guard append(utf8[k]) else { return false } }
            } while i < utf8.count
            return append(DpkgKey.runEnd)
        }
    }

    public static func < (a: DpkgKey, b: DpkgKey) -> Bool {
        if a.w0 != b.w0 { return a.w0 < b.w0 }
        if a.w1 != b.w1 { return a.w1 < b.w1 }
        if a.w2 != b.w2 { return a.w2 < b.w2 }
        if a.w3 != b.w3 { return a.w3 < b.w3 }
        if a.w4 != b.w4 { return a.w4 < b.w4 }
        return a.w5 < b.w5
    }

    /// The end of a non-digit run (and of a part), between `~` and every other character.
    static let runEnd: UInt8 = 2

    /// A non-digit character in dpkg's order, or nil for a byte dpkg versions do not hold.
    static func code(_ c: UInt8) -> UInt8? {
        if c == UInt8(ascii: "~") { return 1 }
        if Digits.isAlpha(c) { return c <= UInt8(ascii: "Z") ? c - UInt8(ascii: "A") + 3 : c - UInt8(ascii: "a") + 29 }
        guard c > 0x20, c < 0x7F else { return nil }
        return c + 22  // 55 and up for `!` (0x21) … `}` (0x7D): after every letter, in ASCII order among themselves
    }
}
