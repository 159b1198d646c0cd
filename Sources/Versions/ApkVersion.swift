/// An Alpine package version, `digit{.digit}...{letter}{_suf{#}}...{~hash}{-r#}`, ordered like apk-tools'
/// `apk_version_compare`.
public struct ApkVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let text: String
    public var description: String { text }

    public init(parsing text: String) throws(VersionError) {
        guard Self.isValid(text) else {
            throw VersionError(.invalid, "\"\(text)\" is not an apk version (digits{.digits}{letter}{_suffix{N}}{~hash}{-rN})")
        }
        self.text = text
    }

    /// `apk_version_validate`.
    public static func isValid(_ text: String) -> Bool {
        var t = ApkTokenizer(Array(text.utf8))
        while t.token.rawValue < ApkTokenizer.Token.end.rawValue { t.next() }
        return t.token == .end
    }

    public static func < (a: ApkVersion, b: ApkVersion) -> Bool { compare(a.text, b.text) == .less }
    public static func == (a: ApkVersion, b: ApkVersion) -> Bool { compare(a.text, b.text) == .equal }
    public func hash(into hasher: inout Hasher) {
        // Equal versions differ only in leading zeros of the revision or suffix numbers; hash what survives.
        var t = ApkTokenizer(Array(text.utf8))
        while t.token.rawValue < ApkTokenizer.Token.end.rawValue {
            hasher.combine(t.token.rawValue)
            switch t.token {
            case .initialDigit, .suffixNumber, .revision: hasher.combine(t.number)
            case .suffix: hasher.combine(t.suffix)
            default: hasher.combine(t.value.count)
            }
            t.next()
        }
    }

    public enum Order: Sendable { case less, equal, greater }

    /// apk's comparison on raw strings, valid or not (as `apk version -t` does); `fuzzy` is the `~` prefix match.
    public static func compare(_ a: String, _ b: String, fuzzy: Bool = false) -> Order {
        var ta = ApkTokenizer(Array(a.utf8))
        var tb = ApkTokenizer(Array(b.utf8))
        while ta.token == tb.token && ta.token.rawValue < ApkTokenizer.Token.end.rawValue {
            let r = ApkTokenizer.compareTokens(ta, tb)
            if r != .equal { return r }
            ta.next()
            tb.next()
        }
        if ta.token == tb.token { return .equal }
        if tb.token == .end && fuzzy { return .equal }
        if ta.token == .suffix && ta.suffix < ApkTokenizer.suffixNone { return .less }
        if tb.token == .suffix && tb.suffix < ApkTokenizer.suffixNone { return .greater }
        if ta.token.rawValue > tb.token.rawValue { return .less }
        if tb.token.rawValue > ta.token.rawValue { return .greater }
        return .equal
    }

    /// apk's dependency match: `op` is a combination of `<`, `>`, `=`, `~` (e.g. "<=", ">~", "~").
    public static func matches(_ a: String, _ op: String, _ b: String) -> Bool {
        let fuzzy = op.contains("~")
        let r = compare(a, b, fuzzy: fuzzy)
        switch r {
        case .less: return op.contains("<")
        case .greater: return op.contains(">")
        case .equal: return op.contains("=") || fuzzy
        }
    }
}

/// apk-tools' version tokenizer over bytes.
struct ApkTokenizer {
    enum Token: Int { case initialDigit, digit, letter, suffix, suffixNumber, commitHash, revision, end, invalid }
    static let suffixNone = 5
    private static let suffixes: [(String, Int)] = [
        ("alpha", 1), ("beta", 2), ("pre", 3), ("rc", 4), ("cvs", 6), ("svn", 7), ("git", 8), ("hg", 9), ("p", 10),
    ]

    let bytes: [UInt8]
    var pos = 0
    var token = Token.initialDigit
    var suffix = 0
    var number: UInt64 = 0
    var value: ArraySlice<UInt8> = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        parseDigits()
    }

    private mutating func parseDigits() {
        let start = pos
        var n: UInt64 = 0
        while pos < bytes.count, Digits.isDigit(bytes[pos]) {
            n = n &* 10 &+ UInt64(bytes[pos] - 0x30)
            pos += 1
        }
        number = n
        value = bytes[start..<pos]
        if value.isEmpty { token = .invalid }
    }

    mutating func next() {
        guard pos < bytes.count else { token = .end; return }
        let c = bytes[pos]
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"):
            guard token.rawValue <= Token.digit.rawValue else { token = .invalid; return }
            value = bytes[pos..<pos + 1]
            token = .letter
            pos += 1
        case UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if c == UInt8(ascii: ".") {
                guard token.rawValue <= Token.digit.rawValue else { token = .invalid; return }
                pos += 1
            }
            switch token {
            case .initialDigit, .digit: token = .digit
            case .suffix: token = .suffixNumber
            default: token = .invalid; return
            }
            parseDigits()
        case UInt8(ascii: "_"):
            guard token.rawValue <= Token.suffixNumber.rawValue else { token = .invalid; return }
            pos += 1
            let start = pos
            while pos < bytes.count, Digits.isLower(bytes[pos]) { pos += 1 }
            value = bytes[start..<pos]
            let name = String(decoding: value, as: UTF8.self)
            guard let s = Self.suffixes.first(where: { $0.0 == name }) else { token = .invalid; return }
            suffix = s.1
            token = .suffix
        case UInt8(ascii: "~"):
            guard token.rawValue < Token.commitHash.rawValue else { token = .invalid; return }
            pos += 1
            let start = pos
            while pos < bytes.count, Digits.isDigit(bytes[pos]) || (bytes[pos] >= 0x61 && bytes[pos] <= 0x66) { pos += 1 }
            value = bytes[start..<pos]
            guard !value.isEmpty else { token = .invalid; return }
            token = .commitHash
        case UInt8(ascii: "-"):
            guard token.rawValue < Token.revision.rawValue,
                  pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: "r") else { token = .invalid; return }
            pos += 2
            token = .revision
            parseDigits()
        default:
            token = .invalid
        }
    }

    private static func stringOrder(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> ApkVersion.Order {
        for (x, y) in zip(a, b) where x != y { return x < y ? .less : .greater }
        if a.count == b.count { return .equal }
        return a.count < b.count ? .less : .greater
    }

    static func compareTokens(_ a: ApkTokenizer, _ b: ApkTokenizer) -> ApkVersion.Order {
        let x: UInt64, y: UInt64
        switch a.token {
        case .digit where a.value.first == 0x30 || b.value.first == 0x30:
            return stringOrder(a.value, b.value)
        case .digit, .initialDigit, .suffixNumber, .revision:
            x = a.number; y = b.number
        case .letter:
            x = UInt64(a.value.first ?? 0); y = UInt64(b.value.first ?? 0)
        case .suffix:
            x = UInt64(a.suffix); y = UInt64(b.suffix)
        default:
            return stringOrder(a.value, b.value)
        }
        return x < y ? .less : (x > y ? .greater : .equal)
    }
}
