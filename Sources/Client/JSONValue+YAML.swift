import Foundation

extension JSONValue {
    /// PyYAML's `yaml.safe_dump(value, default_flow_style=False)`: block style, keys sorted, two-space
    /// indents, sequences inside mappings not indented, strings plain when PyYAML would read them back
    /// as strings and otherwise single- or double-quoted (non-ASCII text escaped, as `allow_unicode`
    /// is off), long scalars folded at column 80. anchore-cli prints `event get` this way.
    public var pythonYAML: String {
        var emitter = PythonYAMLEmitter()
        emitter.emitDocument(self)
        return emitter.output
    }
}

/// A port of the parts of PyYAML's `Emitter` that a JSON document reaches (no anchors, tags or
/// flow collections beyond the empty `{}` and `[]`), keeping its column bookkeeping so indents,
/// folding and spacing come out the same.
struct PythonYAMLEmitter {
    private(set) var output = ""
    private var column = 0
    private var indent: Int?
    private var indents: [Int?] = []
    private var whitespace = true
    private var indention = true
    private let bestWidth = 80
    private let bestIndent = 2

    mutating func emitDocument(_ value: JSONValue) {
        node(value, root: true, mapping: false, simpleKey: false)
        writeIndent()
        // A plain scalar at the root leaves the document open: PyYAML closes it with `...`.
        switch value {
        case .array, .object: break
        case .string(let text): if style(for: text, simpleKey: false) == .plain { output += "...\n" }
        default: output += "...\n"
        }
    }

    private mutating func node(_ value: JSONValue, root: Bool = false, mapping: Bool, simpleKey: Bool) {
        switch value {
        case .object(let object) where object.isEmpty: writeIndicator("{}", needWhitespace: true)
        case .array(let elements) where elements.isEmpty: writeIndicator("[]", needWhitespace: true)
        case .object(let object):
            increaseIndent(indentless: false)
            // `sort_keys=True`: Python orders strings by code point.
            let entries = object.entries.sorted {
                $0.key.unicodeScalars.map(\.value).lexicographicallyPrecedes($1.key.unicodeScalars.map(\.value))
            }
            for entry in entries {
                writeIndent()
                node(.string(entry.key), mapping: true, simpleKey: true)
                writeIndicator(":", needWhitespace: false)
                node(entry.value, mapping: true, simpleKey: false)
            }
            indent = indents.removeLast()
        case .array(let elements):
            increaseIndent(indentless: mapping && !indention)
            for element in elements {
                writeIndent()
                writeIndicator("-", needWhitespace: true, indention: true)
                node(element, mapping: false, simpleKey: false)
            }
            indent = indents.removeLast()
        default:
            // `expect_scalar`: a scalar's continuation lines sit one indent deeper.
            increaseIndent(flow: true, indentless: false)
            switch value {
            case .string(let text): scalar(text, simpleKey: simpleKey)
            case .bool(let flag): writePlain(flag ? "true" : "false", split: true)
            case .int(let number): writePlain(String(number), split: true)
            case .double(let number): writePlain(Self.floatText(number), split: true)
            default: writePlain("null", split: true)
            }
            indent = indents.removeLast()
        }
    }

    /// `represent_float`.
    static func floatText(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        var text = JSONValue.pythonFloat(value).lowercased()
        if !text.contains("."), text.contains("e") { text = text.replacingOccurrences(of: "e", with: ".0e") }
        return text
    }

    private mutating func increaseIndent(flow: Bool = false, indentless: Bool) {
        indents.append(indent)
        if let current = indent {
            if !indentless { indent = current + bestIndent }
        } else {
            indent = flow ? bestIndent : 0
        }
    }

    enum Style { case plain, single, double }

    private func style(for text: String, simpleKey: Bool) -> Style {
        let analysis = ScalarAnalysis(Array(text.unicodeScalars))
        if !PythonYAMLResolver.resolvesToOtherType(text),
            !(simpleKey && (analysis.empty || analysis.multiline)), analysis.allowBlockPlain
        {
            return .plain
        }
        if analysis.allowSingleQuoted, !(simpleKey && analysis.multiline) { return .single }
        return .double
    }

    private mutating func scalar(_ text: String, simpleKey: Bool) {
        let split = !simpleKey
        switch style(for: text, simpleKey: simpleKey) {
        case .plain: writePlain(text, split: split)
        case .single: writeSingleQuoted(Array(text.unicodeScalars), split: split)
        case .double: writeDoubleQuoted(Array(text.unicodeScalars), split: split)
        }
    }

    // MARK: writers (emitter.py)

    private mutating func write(_ text: String) {
        output += text
        column += text.unicodeScalars.count
    }

    private mutating func writeIndicator(
        _ indicator: String, needWhitespace: Bool, whitespace newWhitespace: Bool = false, indention newIndention: Bool = false
    ) {
        write(whitespace || !needWhitespace ? indicator : " " + indicator)
        whitespace = newWhitespace
        indention = indention && newIndention
    }

    private mutating func writeIndent() {
        let target = indent ?? 0
        if !indention || column > target || (column == target && !whitespace) { writeLineBreak() }
        if column < target {
            whitespace = true
            write(String(repeating: " ", count: target - column))
        }
    }

    private mutating func writeLineBreak(_ text: String = "\n") {
        whitespace = true
        indention = true
        output += text
        column = 0
    }

    private static func isBreak(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return scalar == "\n" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    private mutating func writeBreaks(_ text: ArraySlice<Unicode.Scalar>) {
        if text.first == "\n" { writeLineBreak() }
        for scalar in text { writeLineBreak(String(scalar)) }
        writeIndent()
    }

    private mutating func writePlain(_ string: String, split: Bool) {
        let text = Array(string.unicodeScalars)
        guard !text.isEmpty else { return }
        if !whitespace { write(" ") }
        whitespace = false
        indention = false
        var spaces = false, breaks = false
        var start = 0, end = 0
        while end <= text.count {
            let ch: Unicode.Scalar? = end < text.count ? text[end] : nil
            if spaces {
                if ch != " " {
                    if start + 1 == end, column > bestWidth, split {
                        writeIndent()
                        whitespace = false
                        indention = false
                    } else {
                        write(String(String.UnicodeScalarView(text[start..<end])))
                    }
                    start = end
                }
            } else if breaks {
                if !Self.isBreak(ch) {
                    writeBreaks(text[start..<end])
                    whitespace = false
                    indention = false
                    start = end
                }
            } else if ch == nil || ch == " " || Self.isBreak(ch) {
                write(String(String.UnicodeScalarView(text[start..<end])))
                start = end
            }
            if let ch {
                spaces = ch == " "
                breaks = Self.isBreak(ch)
            }
            end += 1
        }
    }

    private mutating func writeSingleQuoted(_ text: [Unicode.Scalar], split: Bool) {
        writeIndicator("'", needWhitespace: true)
        var spaces = false, breaks = false
        var start = 0, end = 0
        while end <= text.count {
            let ch: Unicode.Scalar? = end < text.count ? text[end] : nil
            if spaces {
                if ch != " " {
                    if start + 1 == end, column > bestWidth, split, start != 0, end != text.count {
                        writeIndent()
                    } else {
                        write(String(String.UnicodeScalarView(text[start..<end])))
                    }
                    start = end
                }
            } else if breaks {
                if !Self.isBreak(ch) {
                    writeBreaks(text[start..<end])
                    start = end
                }
            } else if ch == nil || ch == " " || Self.isBreak(ch) || ch == "'" {
                if start < end {
                    write(String(String.UnicodeScalarView(text[start..<end])))
                    start = end
                }
            }
            if ch == "'" {
                write("''")
                start = end + 1
            }
            if let ch {
                spaces = ch == " "
                breaks = Self.isBreak(ch)
            }
            end += 1
        }
        writeIndicator("'", needWhitespace: false)
    }

    private static let escapes: [Unicode.Scalar: String] = [
        "\0": "0", "\u{07}": "a", "\u{08}": "b", "\t": "t", "\n": "n", "\u{0B}": "v", "\u{0C}": "f", "\r": "r",
        "\u{1B}": "e", "\"": "\"", "\\": "\\", "\u{85}": "N", "\u{A0}": "_", "\u{2028}": "L", "\u{2029}": "P",
    ]

    private mutating func writeDoubleQuoted(_ text: [Unicode.Scalar], split: Bool) {
        writeIndicator("\"", needWhitespace: true)
        var start = 0, end = 0
        while end <= text.count {
            let ch: Unicode.Scalar? = end < text.count ? text[end] : nil
            if ch == nil || ch == "\"" || ch == "\\" || ch == "\u{FEFF}" || !(0x20...0x7E).contains(ch!.value) {
                if start < end {
                    write(String(String.UnicodeScalarView(text[start..<end])))
                    start = end
                }
                if let ch {
                    let escaped: String
                    if let short = Self.escapes[ch] {
                        escaped = "\\" + short
                    } else if ch.value <= 0xFF {
                        escaped = "\\x" + Self.hex(ch.value, width: 2)
                    } else if ch.value <= 0xFFFF {
                        escaped = "\\u" + Self.hex(ch.value, width: 4)
                    } else {
                        escaped = "\\U" + Self.hex(ch.value, width: 8)
                    }
                    write(escaped)
                    start = end + 1
                }
            }
            if end > 0, end < text.count - 1, ch == " " || start >= end, column + (end - start) > bestWidth, split {
                let piece = start < end ? String(String.UnicodeScalarView(text[start..<end])) : ""
                if start < end { start = end }
                write(piece + "\\")
                writeIndent()
                whitespace = false
                indention = false
                if text[start] == " " { write("\\") }
            }
            end += 1
        }
        writeIndicator("\"", needWhitespace: false)
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
