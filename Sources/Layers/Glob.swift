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
        matches(GlobSubject(path))
    }

    /// Whether a path split beforehand matches (cheaper when one path is tried against many globs).
    func matches(_ subject: GlobSubject) -> Bool {
        subject.bytes.withUnsafeBufferPointer { bytes in
            alternatives.contains { Glob.match($0[...], subject.components[...], bytes) }
        }
    }

    /// The literal file name the pattern ends with, if it has no wildcards (lets callers index by basename).
    public var literalBasename: String? {
        guard alternatives.count == 1, case .component(let last)? = alternatives[0].last,
            !last.contains(UInt8(ascii: "*")), !last.contains(UInt8(ascii: "?"))
        else { return nil }
        return String(decoding: last, as: UTF8.self)
    }

    private static func match(
        _ segments: ArraySlice<Segment>, _ components: ArraySlice<Range<Int>>, _ bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard let first = segments.first else { return components.isEmpty }
        switch first {
        case .any:
            let rest = segments.dropFirst()
            var index = components.startIndex
            while true {
                if match(rest, components[index...], bytes) { return true }
                if index == components.endIndex { return false }
                index += 1
            }
        case .component(let pattern):
            guard let component = components.first,
                wildcard(pattern[...], UnsafeBufferPointer(rebasing: bytes[component]))
            else { return false }
            return match(segments.dropFirst(), components.dropFirst(), bytes)
        }
    }

    private static func wildcard(_ pattern: ArraySlice<UInt8>, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
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

/// A path split into components once, to be matched against many globs.
struct GlobSubject {
    let bytes: [UInt8]
    let components: [Range<Int>]

    init(_ path: String) {
        let bytes = Array(path.utf8)
        var components: [Range<Int>] = []
        components.reserveCapacity(8)
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
            if index > start { components.append(start..<index) }
            start = index + 1
        }
        self.bytes = bytes
        self.components = components
    }
}
