/// A Debian package version, `[epoch:]upstream[-revision]`, ordered as `dpkg --compare-versions` orders them.
public struct DpkgVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The text as given (surrounding whitespace trimmed).
    public let text: String
    public let epoch: Int
    public let upstream: String
    /// Empty when the version has no `-revision`.
    public let revision: String

    public var description: String { text }

    public init(parsing input: String) throws(VersionError) {
        let text = input.trimmingASCIIWhitespace()
        func fail(_ why: String) -> VersionError { VersionError(.invalid, "\"\(input)\" is not a dpkg version: \(why)") }
        if text.isEmpty { throw fail("version string is empty") }
        if text.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }) {
            throw fail("version string has embedded spaces")
        }
        var rest = Substring(text)
        var epoch = 0
        if let colon = rest.utf8.firstIndex(of: UInt8(ascii: ":")) {
            let e = rest[..<colon]
            if e.isEmpty { throw fail("epoch in version is empty") }
            guard Digits.isAllDigits(e) else { throw fail("epoch in version is not number") }
            guard let n = Int32(e) else { throw fail("epoch in version is too big") }
            epoch = Int(n)
            rest = rest[rest.index(after: colon)...]
            if rest.isEmpty { throw fail("nothing after colon in version number") }
        }
        var upstream = rest
        var revision: Substring = ""
        if let hyphen = rest.utf8.lastIndex(of: UInt8(ascii: "-")) {
            upstream = rest[..<hyphen]
            revision = rest[rest.index(after: hyphen)...]
            if revision.isEmpty { throw fail("revision number is empty") }
        }
        if upstream.isEmpty { throw fail("version number is empty") }
        guard let first = upstream.utf8.first, Digits.isDigit(first) else {
            throw fail("version number does not start with digit")
        }
        for c in upstream.utf8 where !(Digits.isAlnum(c) || c == 0x2E || c == 0x2D || c == 0x2B || c == 0x7E || c == 0x3A) {
            throw fail("invalid character in version number")
        }
        for c in revision.utf8 where !(Digits.isAlnum(c) || c == 0x2E || c == 0x2B || c == 0x7E) {
            throw fail("invalid character in revision number")
        }
        self.text = text
        self.epoch = epoch
        self.upstream = String(upstream)
        self.revision = String(revision)
    }

    /// dpkg's order: epoch, then upstream and revision with `verrevcmp`.
    public static func compare(_ a: DpkgVersion, _ b: DpkgVersion) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        let u = bytewise(a.upstream, b.upstream)
        if u != 0 { return u }
        return bytewise(a.revision, b.revision)
    }

    /// `verrevcmp` over the strings' own UTF-8 storage: matching compares thousands of versions per image, and
    /// copying each into an array cost more than the comparison.
    static func bytewise(_ x: String, _ y: String) -> Int {
        var x = x
        var y = y
        return x.withUTF8 { a in y.withUTF8 { b in verrevcmp(a, b) } }
    }

    public static func < (a: DpkgVersion, b: DpkgVersion) -> Bool { compare(a, b) < 0 }
    public static func == (a: DpkgVersion, b: DpkgVersion) -> Bool { compare(a, b) == 0 }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        hasher.combine(Self.canonical(upstream))
        hasher.combine(Self.canonical(revision))
    }

    /// A form equal for versions `verrevcmp` calls equal: leading zeros dropped (a zero run is no run).
    private static func canonical(_ s: String) -> String {
        var out: [UInt8] = []
        var inDigits = false
        var pendingZero = false
        for c in s.utf8 {
            if Digits.isDigit(c) {
                if !inDigits { inDigits = true; pendingZero = true }
                if pendingZero && c == 0x30 { continue }
                pendingZero = false
                out.append(c)
            } else {
                        inDigits = false
                pendingZero = false
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func order(_ c: UInt8?) -> Int {
        guard let c else { return 0 }
        if Digits.isDigit(c) { return 0 }
        if Digits.isAlpha(c) { return Int(c) }
        if c == UInt8(ascii: "~") { return -1 }
        return Int(c) + 256
    }

    /// dpkg's `verrevcmp`, with digit runs of any length.
    static func verrevcmp(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in verrevcmp(a, b) } }
    }

    static func verrevcmp(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0, j = 0
        while i < a.count || j < b.count {
            while (i < a.count && !Digits.isDigit(a[i])) || (j < b.count && !Digits.isDigit(b[j])) {
                let ac = order(i < a.count ? a[i] : nil)
                let bc = order(j < b.count ? b[j] : nil)
                if ac != bc { return ac < bc ? -1 : 1 }
                i += 1
                j += 1
            }
            let si = i, sj = j
            while i < a.count && Digits.isDigit(a[i]) { i += 1 }
            while j < b.count && Digits.isDigit(b[j]) { j += 1 }
            let r = Digits.compare(a[si..<i], b[sj..<j])
            if r != 0 { return r }
        }
        return 0
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        // Nearly every version has nothing to trim: no scan by Character, no copy.
        func space(_ byte: UInt8?) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        if !space(utf8.first), !space(utf8.last) { return self }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
