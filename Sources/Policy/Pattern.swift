import Foundation

/// A regular expression used as Python's `re.match` uses it in Anchore's gates: anchored at the start of the
/// text, not at its end. ICU's syntax covers the Python patterns bundles use (classes, groups, `(?i)`).
public struct Pattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented thread-safe.
    let expression: NSRegularExpression
    public let source: String
    /// Runs of text every match must contain (from ``requiredLiterals(of:)``): a text without one of them cannot
    /// match, and is refused without running the expression (a `name_match` rule meets every file of the image).
    let literals: [[UInt8]]

    public init(_ source: String) throws {
        self.source = source
        expression = try NSRegularExpression(pattern: source)
        literals = Self.requiredLiterals(of: source).map { Array($0.utf8) }
    }

    /// Whether the pattern matches at the start of `text` (Python `re.match`).
    public func matchesPrefix(of text: String) -> Bool {
        guard mayMatch(text) else { return false }
        return expression.firstMatch(in: text, options: [.anchored], range: NSRange(text.startIndex..., in: text)) != nil
    }

    func mayMatch(_ text: String) -> Bool {
        literals.isEmpty || literals.allSatisfy { literal in Self.contains(text.utf8, literal) }
    }

    static func contains(_ haystack: String.UTF8View, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        let found = haystack.withContiguousStorageIfAvailable { bytes -> Bool in
            guard needle.count <= bytes.count else { return false }
            let first = needle[0]
            var i = 0
            while i <= bytes.count - needle.count {
                if bytes[i] == first {
                    var j = 1
                    while j < needle.count, bytes[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return true }
                }
                i += 1
            }
            return false
        }
        if let found { return found }
        var copy = String(haystack)  // a bridged string: make it native, then search it
        copy.makeContiguousUTF8()
        return contains(copy.utf8, needle)
    }

    /// The literal runs (two or more characters) any match of `pattern` must contain, found conservatively: none
    /// for a pattern with alternation or inline flags (case-insensitivity changes what matches); groups and
    /// classes end a run; a character followed by `*`, `?` or `{` is optional and leaves it.
    static func requiredLiterals(of pattern: String) -> [String] {
        if pattern.contains("|") || pattern.contains("(?") { return [] }
        var runs: [String] = []
        var current = ""
        func end() {
            if current.count >= 2 { runs.append(current) }
            current = ""
        }
        let chars = Array(pattern)
        var i = 0
        var depth = 0
        while i < chars.count {
            let c = chars[i]
            if depth > 0 {
                if c == "\\" { i += 2; continue }
                if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
                i += 1
                continue
            }
            switch c {
            case "\\":
                guard i + 1 < chars.count else { return [] }
                let next = chars[i + 1]
                if next.isLetter || next.isNumber {
                    end()  // \d, \w, \s, \b, back references: not literal text
                } else {
                    current.append(next)
                }
                i += 2
                continue
            case "[":
                end()
                // Skip the class: `]` right after `[` or `[^` is a member.
                var j = i + 1
                if j < chars.count, chars[j] == "^" { j += 1 }
                if j < chars.count, chars[j] == "]" { j += 1 }
                while j < chars.count, chars[j] != "]" { j += chars[j] == "\\" ? 2 : 1 }
                i = j + 1
                continue
            case "(":
                end()
                depth = 1
            case ".", "^", "$":
                end()
            case "*", "?", "{":
                if !current.isEmpty { current.removeLast() }
                end()
                if c == "{" {
                    while i < chars.count, chars[i] != "}" { i += 1 }
                }
            case "+":
                end()
            default:
                current.append(c)
            }
            i += 1
        }
        end()
        return runs
    }
}

/// Anchore's selector patterns (`regexify`): `*` matches any run of characters, everything else itself; a
/// pattern starting `regexp:` is a regular expression instead.
public struct Wildcard: Sendable {
    enum Form: Sendable {
        case any
        case exact(String)
        case parts([Substring])
        /// Anchored at both ends; nil when the expression does not compile (it then matches nothing).
        case regex(Pattern?)
    }

    let form: Form

    public init(_ pattern: String) {
        if pattern.trimmingCharacters(in: .whitespaces).hasPrefix("regexp:") {
            let source = pattern.trimmingCharacters(in: .whitespaces).dropFirst("regexp:".count)
            form = .regex(try? Pattern("(?:" + source + ")$"))
        } else if pattern == "*" {
            form = .any
        } else if !pattern.contains("*") {
            form = .exact(pattern)
        } else {
            form = .parts(pattern.split(separator: "*", omittingEmptySubsequences: false))
        }
    }

    public func matches(_ text: String) -> Bool {
        switch form {
        case .any: return true
        case .exact(let value): return value == text
        case .regex(let pattern):
            return pattern?.matchesPrefix(of: text) ?? false
        case .parts(let parts):
            // First part is a prefix, last a suffix, the middle ones appear in order between them.
            var rest = Substring(text)
            guard rest.hasPrefix(parts[0]) else { return false }
            rest = rest.dropFirst(parts[0].count)
            let last = parts[parts.count - 1]
            for part in parts.dropFirst().dropLast() where !part.isEmpty {
                guard let range = rest.range(of: part) else { return false }
                rest = rest[range.upperBound...]
            }
            return rest.count >= last.count && rest.hasSuffix(last)
        }
    }
}
