/// An RPM `[epoch:]version[-release]`, ordered like rpm's `rpmvercmp` (with `~` and `^`).
public struct RPMVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let text: String
    /// The epoch digits, nil when absent (compared as 0).
    public let epoch: String?
    public let version: String
    /// nil when absent; an absent release sorts before any release.
    public let release: String?
    public var description: String { text }

    public init(parsing input: String) throws(VersionError) {
        let text = input.trimmingASCIIWhitespace()
        guard !text.isEmpty else { throw VersionError(.invalid, "\"\(input)\" is not an rpm version: it is empty") }
        if text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
            throw VersionError(.invalid, "\"\(input)\" is not an rpm version: it contains whitespace or control characters")
        }
        // rpm's parseEVR: leading digits directly followed by ':' are the epoch; the last '-' starts the release.
        var rest = Substring(text)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        if digits.endIndex < rest.endIndex, rest[digits.endIndex] == ":" {
            epoch = digits.isEmpty ? "0" : String(digits)
            rest = rest[rest.index(after: digits.endIndex)...]
        } else {
            epoch = nil
        }
        if let hyphen = rest.lastIndex(of: "-") {
            version = String(rest[..<hyphen])
            release = String(rest[rest.index(after: hyphen)...])
        } else {
            version = String(rest)
            release = nil
        }
        self.text = text
    }

    public static func compare(_ a: RPMVersion, _ b: RPMVersion) -> Int {
        let e = rpmvercmp(a.epoch ?? "0", b.epoch ?? "0")
        if e != 0 { return e }
        let v = rpmvercmp(a.version, b.version)
        if v != 0 { return v }
        switch (a.release, b.release) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (x?, y?): return rpmvercmp(x, y)
        }
    }

    public static func < (a: RPMVersion, b: RPMVersion) -> Bool { compare(a, b) < 0 }
    public static func == (a: RPMVersion, b: RPMVersion) -> Bool { compare(a, b) == 0 }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(Self.canonical(epoch ?? "0"))
        hasher.combine(Self.canonical(version))
        hasher.combine(release.map(Self.canonical))
    }

    /// Segments as rpmvercmp sees them: separators collapsed, numbers without leading zeros.
    private static func canonical(_ s: String) -> [String] {
        var out: [String] = []
        var i = s.utf8.startIndex
        let u = s.utf8
        while i < u.endIndex {
            let c = u[i]
            if c == UInt8(ascii: "~") || c == UInt8(ascii: "^") { out.append(String(UnicodeScalar(c))); i = u.index(after: i); continue }
            if !Digits.isAlnum(c) { i = u.index(after: i); continue }
            let digit = Digits.isDigit(c)
            var j = i
            while j < u.endIndex, digit ? Digits.isDigit(u[j]) : Digits.isAlpha(u[j]) { j = u.index(after: j) }
            let seg = String(Substring(s.utf8[i..<j]))
            out.append(digit ? "#" + Digits.normalized(Substring(seg)) : seg)
            i = j
        }
        return out
    }

    /// rpm's `rpmvercmp`: -1, 0 or 1.
    public static func rpmvercmp(_ a: String, _ b: String) -> Int {
        if a == b { return 0 }
        let x = Array(a.utf8), y = Array(b.utf8)
        var i = 0, j = 0
        func at(_ s: [UInt8], _ k: Int) -> UInt8 { k < s.count ? s[k] : 0 }
        let tilde = UInt8(ascii: "~"), caret = UInt8(ascii: "^")
        while i < x.count || j < y.count {
            while i < x.count, !Digits.isAlnum(x[i]), x[i] != tilde, x[i] != caret { i += 1 }
            while j < y.count, !Digits.isAlnum(y[j]), y[j] != tilde, y[j] != caret { j += 1 }
            let c1 = at(x, i), c2 = at(y, j)
            if c1 == tilde || c2 == tilde {
                if c1 != tilde { return 1 }
                if c2 != tilde { return -1 }
                i += 1; j += 1
                continue
            }
            if c1 == caret || c2 == caret {
                if i >= x.count { return -1 }
                if j >= y.count { return 1 }
                if c1 != caret { return 1 }
                if c2 != caret { return -1 }
                i += 1; j += 1
                continue
            }
            if !(i < x.count && j < y.count) { break }
            var e1 = i, e2 = j
            let isNum = Digits.isDigit(x[i])
            if isNum {
                while e1 < x.count, Digits.isDigit(x[e1]) { e1 += 1 }
                while e2 < y.count, Digits.isDigit(y[e2]) { e2 += 1 }
            } else {
                while e1 < x.count, Digits.isAlpha(x[e1]) { e1 += 1 }
                while e2 < y.count, Digits.isAlpha(y[e2]) { e2 += 1 }
            }
            if e2 == j { return isNum ? 1 : -1 }
            if isNum {
                let r = Digits.compare(x[i..<e1], y[j..<e2])
                if r != 0 { return r }
            } else {
                for (p, q) in zip(x[i..<e1], y[j..<e2]) where p != q { return p < q ? -1 : 1 }
                if e1 - i != e2 - j { return e1 - i < e2 - j ? -1 : 1 }
            }
            i = e1; j = e2
        }
        if i >= x.count && j >= y.count { return 0 }
        return i >= x.count ? -1 : 1
    }
}
