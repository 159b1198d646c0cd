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

    /// The key of `version`, or nil when it does not fit.
    public init?(_ version: DpkgVersion) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.capacity)
        guard Self.appendNumber(String(version.epoch).utf8, to: &bytes),
              Self.appendPart(version.upstream, to: &bytes),
              Self.appendPart(version.revision, to: &bytes),
              bytes.count <= Self.capacity
        else { return nil }
        bytes += [UInt8](repeating: 0, count: Self.capacity - bytes.count)
        func word(_ index: Int) -> UInt64 {
            var value: UInt64 = 0
            for byte in bytes[index * 8..<index * 8 + 8] { value = value << 8 | UInt64(byte) }
            return value
        }
        (w0, w1, w2, w3, w4, w5) = (word(0), word(1), word(2), word(3), word(4), word(5))
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

    static func appendPart(_ part: String, to bytes: inout [UInt8]) -> Bool {
        let utf8 = Array(part.utf8)
        var i = 0
        repeat {
            while i < utf8.count, !Digits.isDigit(utf8[i]) {
                guard let code = code(utf8[i]) else { return false }
                bytes.append(code)
                i += 1
            }
            bytes.append(runEnd)
            let start = i
            while i < utf8.count, Digits.isDigit(utf8[i]) { i += 1 }
            guard appendNumber(utf8[start..<i], to: &bytes) else { return false }
            if bytes.count > capacity { return false }
        } while i < utf8.count
        bytes.append(runEnd)
        return true
    }

    /// A digit run as its count of significant digits, then those digits.
    static func appendNumber(_ digits: some Collection<UInt8>, to bytes: inout [UInt8]) -> Bool {
        let significant = digits.drop { $0 == UInt8(ascii: "0") }
        guard significant.count <= 255 else { return false }
        bytes.append(UInt8(significant.count))
        bytes += significant
        return true
    }
}
