import Foundation

/// PyYAML's `Emitter.analyze_scalar`: which styles can carry a string unchanged.
struct ScalarAnalysis {
    var empty = false
    var multiline = false
    var allowBlockPlain = true
    var allowSingleQuoted = true

    private static let blank: Set<Unicode.Scalar> = ["\0", " ", "\t", "\r", "\n", "\u{85}", "\u{2028}", "\u{2029}"]
    private static let breaks: Set<Unicode.Scalar> = ["\n", "\u{85}", "\u{2028}", "\u{2029}"]

    init(_ text: [Unicode.Scalar]) {
        guard !text.isEmpty else {
            empty = true
            return
        }
        var blockIndicators = false, lineBreaks = false, special = false
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false
        let string = String(String.UnicodeScalarView(text))
        if string.hasPrefix("---") || string.hasPrefix("...") { blockIndicators = true }
        var precededByWhitespace = true
        var followedByWhitespace = text.count == 1 || Self.blank.contains(text[1])
        var previousSpace = false, previousBreak = false
        for (index, ch) in text.enumerated() {
            if index == 0 {
                if "#,[]{}&*!|>'\"%@`".unicodeScalars.contains(ch) { blockIndicators = true }
                if (ch == "?" || ch == ":") && followedByWhitespace { blockIndicators = true }
                if ch == "-" && followedByWhitespace { blockIndicators = true }
            } else {
                if ch == ":" && followedByWhitespace { blockIndicators = true }
                if ch == "#" && precededByWhitespace { blockIndicators = true }
            }
            if Self.breaks.contains(ch) { lineBreaks = true }
            if !(ch == "\n" || (0x20...0x7E).contains(ch.value)) {
                // allow_unicode is off: every other character needs double quotes.
                special = true
            }
            if ch == " " {
                if index == 0 { leadingSpace = true }
                if index == text.count - 1 { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if Self.breaks.contains(ch) {
                if index == 0 { leadingBreak = true }
                if index == text.count - 1 { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = Self.blank.contains(ch)
            followedByWhitespace = index + 2 >= text.count || Self.blank.contains(text[index + 2])
        }
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak { allowBlockPlain = false }
        if breakSpace { allowBlockPlain = false; allowSingleQuoted = false }
        if spaceBreak || special { allowBlockPlain = false; allowSingleQuoted = false }
        if lineBreaks { allowBlockPlain = false }
        if blockIndicators { allowBlockPlain = false }
        multiline = lineBreaks
    }
}

/// PyYAML's implicit resolvers: a string that would read back as a bool, number, null, timestamp,
/// merge key or `=` cannot be written plain.
enum PythonYAMLResolver {
    private static let patterns: [String] = [
        #"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"#,
        #"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"#,
        #"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"#,
        #"^(?:<<)$"#,
        #"^(?:~|null|Null|NULL|)$"#,
        #"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"#,
        #"^(?:=)$"#,
        #"^(?:!|&|\*)$"#,
    ]

    static func resolvesToOtherType(_ text: String) -> Bool {
        patterns.contains { text.range(of: $0, options: .regularExpression) != nil }
    }
}
