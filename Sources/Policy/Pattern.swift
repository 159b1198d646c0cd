import Foundation

/// A regular expression used as Python's `re.match` uses it in Anchore's gates: anchored at the start of the
/// text, not at its end. ICU's syntax covers the Python patterns bundles use (classes, groups, `(?i)`).
public struct Pattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented thread-safe.
    let expression: NSRegularExpression
    public let source: String

    public init(_ source: String) throws {
        self.source = source
        expression = try NSRegularExpression(pattern: source)
    }

    /// Whether the pattern matches at the start of `text` (Python `re.match`).
    public func matchesPrefix(of text: String) -> Bool {
        expression.firstMatch(in: text, options: [.anchored], range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Whether the pattern matches anywhere in `text` (Python `re.search`).
    public func matchesAnywhere(in text: String) -> Bool {
        expression.firstMatch(in: text, options: [], range: NSRange(text.startIndex..., in: text)) != nil
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
