/// A Python package version as PEP 440 defines it and `packaging.version.Version` parses and orders it.
public struct PEP440Version: Comparable, Hashable, Sendable, CustomStringConvertible {
    public enum PreKind: Int, Sendable, Hashable, Comparable {
        case alpha, beta, rc
        public static func < (a: PreKind, b: PreKind) -> Bool { a.rawValue < b.rawValue }
        var label: String { ["a", "b", "rc"][rawValue] }
    }

    public let text: String
    /// Numbers are kept as digit strings without leading zeros: any length compares correctly.
    public let epoch: String
    public let release: [String]
    public let pre: (kind: PreKind, number: String)?
    public let post: String?
    public let dev: String?
    /// Lower-cased segments of the local label, nil when none.
    public let local: [String]?

    public var isPrerelease: Bool { pre != nil || dev != nil }
    public var isPostrelease: Bool { post != nil }

    /// The normalized form, as `str(Version(...))`.
    public var description: String { normalized }
    public var normalized: String { publicVersion + (local.map { "+" + $0.joined(separator: ".") } ?? "") }
    public var publicVersion: String {
        var s = epoch == "0" ? "" : epoch + "!"
        s += release.joined(separator: ".")
        if let pre { s += pre.kind.label + pre.number }
        if let post { s += ".post" + post }
        if let dev { s += ".dev" + dev }
        return s
    }
    /// epoch and release only, as `base_version`.
    public var baseVersion: String { (epoch == "0" ? "" : epoch + "!") + release.joined(separator: ".") }

    public init(parsing input: String) throws(VersionError) {
        var p = PEP440Parser(input)
        guard let parts = p.parse() else {
            throw VersionError(.invalid, "\"\(input)\" is not a PEP 440 version")
        }
        text = input
        (epoch, release, pre, post, dev, local) = parts
    }

    /// The ordering key parts, as packaging's `_cmpkey`.
    private var trimmedRelease: ArraySlice<String> {
        var r = release[...]
        while r.count > 0, r.last == "0" { r = r.dropLast() }
        return r
    }

    public static func compare(_ a: PEP440Version, _ b: PEP440Version) -> Int {
        var r = Digits.compare(a.epoch.utf8, b.epoch.utf8)
        if r != 0 { return r }
        let ra = a.trimmedRelease, rb = b.trimmedRelease
        for (x, y) in zip(ra, rb) {
            r = Digits.compare(x.utf8, y.utf8)
            if r != 0 { return r }
        }
        if ra.count != rb.count { return ra.count < rb.count ? -1 : 1 }
        // pre: dev-only versions sort before any pre; no pre sorts after.
        func preRank(_ v: PEP440Version) -> Int { v.pre != nil ? 1 : (v.post == nil && v.dev != nil ? 0 : 2) }
        r = preRank(a) - preRank(b)
        if r != 0 { return r.sign }
        if let pa = a.pre, let pb = b.pre {
            if pa.kind != pb.kind { return pa.kind < pb.kind ? -1 : 1 }
            r = Digits.compare(pa.number.utf8, pb.number.utf8)
            if r != 0 { return r }
        }
        switch (a.post, b.post) {
        case (nil, nil): break
        case (nil, _): return -1
        case (_, nil): return 1
        case let (x?, y?): r = Digits.compare(x.utf8, y.utf8); if r != 0 { return r }
        }
        switch (a.dev, b.dev) {
        case (nil, nil): break
        case (nil, _): return 1
        case (_, nil): return -1
        case let (x?, y?): r = Digits.compare(x.utf8, y.utf8); if r != 0 { return r }
        }
        switch (a.local, b.local) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (x?, y?):
            for (s, t) in zip(x, y) {
                let sn = Digits.isAllDigits(Substring(s)), tn = Digits.isAllDigits(Substring(t))
                switch (sn, tn) {
                case (true, true): r = Digits.compare(s.utf8, t.utf8)
                case (true, false): r = 1
                case (false, true): r = -1
                case (false, false): r = s < t ? -1 : (s == t ? 0 : 1)
                }
                if r != 0 { return r }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        }
    }

    public static func < (a: PEP440Version, b: PEP440Version) -> Bool { compare(a, b) < 0 }
    public static func == (a: PEP440Version, b: PEP440Version) -> Bool { compare(a, b) == 0 }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        hasher.combine(Array(trimmedRelease))
        hasher.combine(pre?.kind)
        hasher.combine(pre?.number)
        hasher.combine(post)
        hasher.combine(dev)
        hasher.combine(local?.map { Digits.isAllDigits(Substring($0)) ? Digits.normalized(Substring($0)) : $0 })
    }
}

/// A hand-written equivalent of packaging's `VERSION_PATTERN` (case-insensitive, surrounding whitespace allowed).
struct PEP440Parser {
    typealias Parts = (String, [String], (kind: PEP440Version.PreKind, number: String)?, String?, String?, [String]?)
    let s: [UInt8]
    var i = 0

    init(_ text: String) {
        s = Array(text.trimmingASCIIWhitespace().lowercased().utf8)
    }

    private func peek(_ k: Int = 0) -> UInt8? { i + k < s.count ? s[i + k] : nil }
    private static func isSep(_ c: UInt8?) -> Bool { c == 0x2D || c == 0x5F || c == 0x2E }

    private mutating func number() -> String? {
        let start = i
        while let c = peek(), Digits.isDigit(c) { i += 1 }
        return i > start ? Digits.normalized(Substring(decoding: s[start..<i], as: UTF8.self)) : nil
    }

    private mutating func word(_ options: [String]) -> String? {
        for w in options {
            let b = Array(w.utf8)
            if i + b.count <= s.count, Array(s[i..<i + b.count]) == b { i += b.count; return w }
        }
        return nil
    }

    /// `[-_.]?label[-_.]?N?`; restores the position when the label is absent.
    private mutating func labeled(_ labels: [String]) -> (String, String)? {
        let save = i
        if Self.isSep(peek()) { i += 1 }
        guard let label = word(labels) else { i = save; return nil }
        let afterLabel = i
        if Self.isSep(peek()) { i += 1 }
        if let n = number() { return (label, n) }
        i = afterLabel
        return (label, "0")
    }

    mutating func parse() -> Parts? {
        if peek() == UInt8(ascii: "v") { i += 1 }
        var epoch = "0"
        guard var first = number() else { return nil }
        if peek() == UInt8(ascii: "!") {
            i += 1
            epoch = first
            guard let n = number() else { return nil }
            first = n
        }
        var release = [first]
        while peek() == 0x2E, let c = peek(1), Digits.isDigit(c) {
            i += 1
            release.append(number()!)
        }
        var pre: (kind: PEP440Version.PreKind, number: String)?
        if let (label, n) = labeled(["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"]) {
            let kind: PEP440Version.PreKind = label.hasPrefix("a") ? .alpha : (label.hasPrefix("b") ? .beta : .rc)
            pre = (kind, n)
        }
        var post: String?
        if peek() == 0x2D, let c = peek(1), Digits.isDigit(c) {
            i += 1
            post = number()
        } else if let (_, n) = labeled(["post", "rev", "r"]) {
            post = n
        }
        var dev: String?
        if let (_, n) = labeled(["dev"]) { dev = n }
        var local: [String]?
        if peek() == UInt8(ascii: "+") {
            i += 1
            var segs: [String] = []
            while true {
                let start = i
                while let c = peek(), Digits.isAlnum(c) { i += 1 }
                guard i > start else { return nil }
                segs.append(String(decoding: s[start..<i], as: UTF8.self))
                guard Self.isSep(peek()) else { break }
                i += 1
            }
            local = segs
        }
        guard i == s.count else { return nil }
        return (epoch, release, pre, post, dev, local)
    }
}
