/// A Maven artifact version, ordered as Maven's `ComparableVersion`: `.`/`-` and digit/letter transitions split
/// items, `-` opens a sub-list, known qualifiers order alpha < beta < milestone < rc < snapshot < release < sp,
/// trailing zero/empty items are trimmed.
public struct MavenVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    indirect enum Item: Hashable, Sendable {
        case number(String)
        case qualifier(String)
        case list([Item])
    }

    public let text: String
    let items: [Item]
    public var description: String { text }

    public init(parsing input: String) throws(VersionError) {
        guard !input.isEmpty, !input.contains(where: { $0.isWhitespace }) else {
            throw VersionError(.invalid, "\"\(input)\" is not a Maven version: it is empty or contains whitespace")
        }
        text = input
        items = Self.parse(input.lowercased())
    }

    private static let qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"]

    static func comparable(_ q: String) -> String {
        if let i = qualifiers.firstIndex(of: q) { return String(i) }
        return "\(qualifiers.count)-" + q
    }

    static func qualifier(_ raw: Substring, followedByDigit: Bool) -> Item {
        var v = String(raw)
        if followedByDigit && v.count == 1 {
            switch v { case "a": v = "alpha"; case "b": v = "beta"; case "m": v = "milestone"; default: break }
        }
        switch v { case "ga", "final", "release": v = ""; case "cr": v = "rc"; default: break }
        return .qualifier(v)
    }

    static func item(_ isDigit: Bool, _ buf: Substring) -> Item {
        isDigit ? .number(Digits.normalized(buf)) : qualifier(buf, followedByDigit: false)
    }

    private static func parse(_ version: String) -> [Item] {
        // Lists are built on a stack of arrays; a child list is attached to its parent when popped.
        var stack: [[Item]] = [[]]
        var isDigit = false
        let chars = Array(version)
        var start = 0
        func buf(_ a: Int, _ b: Int) -> Substring { Substring(String(chars[a..<b])) }
        for i in 0..<chars.count {
            let c = chars[i]
            if c == "." || c == "-" {
                stack[stack.count - 1].append(i == start ? .number("0") : item(isDigit, buf(start, i)))
                start = i + 1
                if c == "-" { stack.append([]) }
            } else if c.isASCII && c.isNumber {
                if !isDigit && i > start {
                    stack[stack.count - 1].append(qualifier(buf(start, i), followedByDigit: true))
                    start = i
                    stack.append([])
                }
                isDigit = true
            } else {
                if isDigit && i > start {
                    stack[stack.count - 1].append(item(true, buf(start, i)))
                    start = i
                    stack.append([])
                }
                isDigit = false
            }
        }
        if chars.count > start { stack[stack.count - 1].append(item(isDigit, buf(start, chars.count))) }
        while stack.count > 1 {
            let child = normalize(stack.removeLast())
            stack[stack.count - 1].append(.list(child))
        }
        return normalize(stack[0])
    }

    private static func isNull(_ item: Item) -> Bool {
        switch item {
        case let .number(n): return n == "0"
        case let .qualifier(q): return comparable(q) == comparable("")
        case let .list(l): return l.isEmpty
        }
    }

    private static func normalize(_ list: [Item]) -> [Item] {
        var l = list
        var i = l.count - 1
        while i >= 0 {
            if isNull(l[i]) {
                l.remove(at: i)
            } else if case .list = l[i] {
            } else {
                break
            }
            i -= 1
        }
        return l
    }

    /// `Item.compareTo`, `nil` standing for a missing item.
    static func compare(_ a: Item?, _ b: Item?) -> Int {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, let y?): return -compare(y, nil)
        case let (.number(n)?, nil): return n == "0" ? 0 : 1
        case let (.qualifier(q)?, nil): return lexical(comparable(q), comparable(""))
        case let (.list(l)?, nil):
            for x in l { let r = compare(x, nil); if r != 0 { return r } }
            return 0
        case let (.number(x)?, .number(y)?): return Digits.compare(x.utf8, y.utf8)
        case (.number?, _): return 1
        case (.qualifier?, .number?), (.qualifier?, .list?): return -1
        case let (.qualifier(x)?, .qualifier(y)?): return lexical(comparable(x), comparable(y))
        case (.list?, .number?): return -1
        case (.list?, .qualifier?): return 1
        case let (.list(x)?, .list(y)?): return compareLists(x, y)
        }
    }

    static func compareLists(_ x: [Item], _ y: [Item]) -> Int {
        for k in 0..<max(x.count, y.count) {
            let r = compare(k < x.count ? x[k] : nil, k < y.count ? y[k] : nil)
            if r != 0 { return r }
        }
        return 0
    }

    private static func lexical(_ a: String, _ b: String) -> Int {
        a == b ? 0 : (Array(a.utf16).lexicographicallyPrecedes(Array(b.utf16)) ? -1 : 1)
    }

    public static func compare(_ a: MavenVersion, _ b: MavenVersion) -> Int { compareLists(a.items, b.items) }
    public static func < (a: MavenVersion, b: MavenVersion) -> Bool { compare(a, b) < 0 }
    public static func == (a: MavenVersion, b: MavenVersion) -> Bool { compare(a, b) == 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(items) }
}
