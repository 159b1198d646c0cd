/// A path pattern as catalogers write them, matched against cleaned absolute paths:
/// `*` matches within one path component, `?` one character, `**` any number of components (including none),
/// `{a,b}` alternatives. Patterns are anchored; write `**/` to match anywhere.
///
/// Examples: `/var/lib/dpkg/status`, `/var/lib/dpkg/status.d/*`, `**/*.dist-info/METADATA`, `**/node_modules/**/package.json`.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let alternatives: [[Segment]]

    private enum Segment: Hashable, Sendable {
        case any  // **
        case component([UInt8])  // may contain * and ?
    }

    public init(_ pattern: String) {
        self.pattern = pattern
        self.alternatives = Glob.expand(pattern).map { text in
            text.split(separator: "/", omittingEmptySubsequences: true).map { part in
                part == "**" ? Segment.any : Segment.component(Array(part.utf8))
            }
        }
    }

    public var description: String { pattern }

    /// Whether a cleaned absolute path matches.
    public func matches(_ path: String) -> Bool {
        let components = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map(Array.init)
        return alternatives.contains { Glob.match($0[...], components[...]) }
    }

    /// The literal file name the pattern ends with, if it has no wildcards (lets callers index by basename).
    public var literalBasename: String? {
        guard alternatives.count == 1, case .component(let last)? = alternatives[0].last,
            !last.contains(UInt8(ascii: "*")), !last.contains(UInt8(ascii: "?"))
        else { return nil }
        return String(decoding: last, as: UTF8.self)
    }

    private static func match(_ segments: ArraySlice<Segment>, _ components: ArraySlice<[UInt8]>) -> Bool {
        guard let first = segments.first else { return components.isEmpty }
        switch first {
        case .any:
            let rest = segments.dropFirst()
            var index = components.startIndex
            while true {
                if match(rest, components[index...]) { return true }
                if index == components.endIndex { return false }
                index += 1
            }
        case .component(let pattern):
            guard let component = components.first, wildcard(pattern[...], component[...]) else { return false }
            return match(segments.dropFirst(), components.dropFirst())
        }
    }

    private static func wildcard(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex
        var t = text.startIndex
        var star: Int?
        var mark = t
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == UInt8(ascii: "?") || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") {
                star = p
                p += 1
                mark = t
            } else if let s = star {
                p = s + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }

    /// `a{b,c}d` → `abd`, `acd` (one level of braces, repeated).
    private static func expand(_ pattern: String) -> [String] {
        guard let open = pattern.firstIndex(of: "{"), let close = pattern[open...].firstIndex(of: "}") else { return [pattern] }
        let head = pattern[..<open]
        let tail = pattern[pattern.index(after: close)...]
        return pattern[pattern.index(after: open)..<close].split(separator: ",", omittingEmptySubsequences: false)
            .flatMap { expand(String(head) + $0 + tail) }
    }
}
