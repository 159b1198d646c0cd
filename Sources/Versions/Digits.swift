/// Helpers over ASCII bytes shared by the schemes: digit runs of any length compared without overflow.
enum Digits {
    /// Compares two runs of ASCII digits as unbounded non-negative integers (leading zeros ignored).
    static func compare<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Int {
        let a = a.drop { $0 == UInt8(ascii: "0") }
        let b = b.drop { $0 == UInt8(ascii: "0") }
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return 0
    }

    /// The run without leading zeros ("0" for an all-zero or empty run).
    static func normalized(_ s: Substring) -> String {
        let t = s.drop { $0 == "0" }
        return t.isEmpty ? "0" : String(t)
    }

    /// `s + 1` for a normalized digit string.
    static func increment(_ s: String) -> String {
        var bytes = Array(s.utf8)
        var i = bytes.count - 1
        while i >= 0 {
            if bytes[i] == UInt8(ascii: "9") {
                bytes[i] = UInt8(ascii: "0")
                i -= 1
            } else {
                bytes[i] += 1
                return String(decoding: bytes, as: UTF8.self)
            }
        }
        return "1" + String(decoding: bytes, as: UTF8.self)
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isLower(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
    static func isUpper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
    static func isAlpha(_ c: UInt8) -> Bool { isLower(c) || isUpper(c) }
    static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }
    static func isAllDigits(_ s: Substring) -> Bool { !s.isEmpty && s.utf8.allSatisfy(isDigit) }
}

extension Int {
    /// -1, 0 or 1 as a `ComparisonResult`-like sign.
    var sign: Int { self < 0 ? -1 : (self > 0 ? 1 : 0) }
}
