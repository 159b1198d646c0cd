/// A RubyGems version (`Gem::Version`): dot-separated segments, digit/letter runs split, any letter makes it a
/// prerelease; ordered as `Gem::Version#<=>`.
public struct GemVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public enum Segment: Hashable, Sendable {
        case number(String)
        case string(String)
    }

    public let text: String
    /// Canonical segments: trailing zeros (before any letter) dropped as `canonical_segments` does.
    public let segments: [Segment]
    public var isPrerelease: Bool { segments.contains { if case .string = $0 { true } else { false } } }
    public var description: String { text }

    public init(parsing input: String) throws(VersionError) {
        let t = input.trimmingASCIIWhitespace()
        // Gem::Version::ANCHORED_VERSION_PATTERN: [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?
        func fail() -> VersionError { VersionError(.invalid, "\"\(input)\" is not a RubyGems version") }
        var main = Substring(t)
        var pre: Substring?
        if let hyphen = t.firstIndex(of: "-") { main = t[..<hyphen]; pre = t[t.index(after: hyphen)...] }
        let parts = main.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = parts.first, Digits.isAllDigits(first),
              parts.dropFirst().allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(Digits.isAlnum) }) else { throw fail() }
        if let pre {
            guard pre.split(separator: ".", omittingEmptySubsequences: false)
                .allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { Digits.isAlnum($0) || $0 == 0x2D } }) else { throw fail() }
        }
        text = input
        // `-` means prerelease: Gem::Version replaces it with ".pre.".
        let normalized = pre.map { String(main) + ".pre." + $0 } ?? String(main)
        var segs: [Segment] = []
        for run in Self.runs(normalized) {
            segs.append(Digits.isAllDigits(Substring(run)) ? .number(Digits.normalized(Substring(run))) : .string(run))
        }
        segments = Self.canonical(segs)
    }

    /// `scan(/[0-9]+|[a-z]+/i)`.
    private static func runs(_ s: String) -> [String] {
        var out: [String] = []
        var cur: [UInt8] = []
        var curDigit = false
        for c in s.utf8 {
            let d = Digits.isDigit(c)
            guard Digits.isAlnum(c) else {
                if !cur.isEmpty { out.append(String(decoding: cur, as: UTF8.self)); cur = [] }
                continue
            }
            if !cur.isEmpty && d != curDigit { out.append(String(decoding: cur, as: UTF8.self)); cur = [] }
            cur.append(c)
            curDigit = d
        }
        if !cur.isEmpty { out.append(String(decoding: cur, as: UTF8.self)) }
        return out
    }

    /// `canonical_segments`: drop zero segments at the end of the release part and of the whole.
    private static func canonical(_ segs: [Segment]) -> [Segment] {
        let firstString = segs.firstIndex { if case .string = $0 { true } else { false } } ?? segs.count
        var release = Array(segs[..<firstString])
        var rest = Array(segs[firstString...])
        while let last = rest.last, last == .number("0") { rest.removeLast() }
        while let last = release.last, last == .number("0") { release.removeLast() }
        return release + rest
    }

    public static func compare(_ a: GemVersion, _ b: GemVersion) -> Int {
        let l = a.segments, r = b.segments
        for k in 0..<max(l.count, r.count) {
            let x = k < l.count ? l[k] : .number("0")
            let y = k < r.count ? r[k] : .number("0")
            switch (x, y) {
            case let (.number(p), .number(q)):
                let c = Digits.compare(p.utf8, q.utf8)
                if c != 0 { return c }
            case (.string, .number): return -1
            case (.number, .string): return 1
            case let (.string(p), .string(q)):
                if p != q { return Array(p.utf8).lexicographicallyPrecedes(Array(q.utf8)) ? -1 : 1 }
            }
        }
        return 0
    }

    public static func < (a: GemVersion, b: GemVersion) -> Bool { compare(a, b) < 0 }
    public static func == (a: GemVersion, b: GemVersion) -> Bool { compare(a, b) == 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(segments) }
}
