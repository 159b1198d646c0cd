/// How Python 3 prints values: anchore-cli builds its output with `str()`, `repr()` (inside
/// containers) and `json.dumps`, so matching its text means matching those.
extension JSONValue {
    /// Python's `str(value)`: strings bare, `None`/`True`/`False`, containers in `repr` form.
    public var pythonString: String {
        if case .string(let string) = self { return string }
        return pythonRepr
    }

    /// Python's `repr(value)`: `'text'`, `['a', 1]`, `{'k': None}`.
    public var pythonRepr: String {
        switch self {
        case .null: "None"
        case .bool(let value): value ? "True" : "False"
        case .int(let value): String(value)
        case .double(let value): Self.pythonFloat(value)
        case .string(let value): Self.pythonQuoted(value)
        case .array(let elements): "[" + elements.map(\.pythonRepr).joined(separator: ", ") + "]"
        case .object(let object):
            "{" + object.entries.map { Self.pythonQuoted($0.key) + ": " + $0.value.pythonRepr }.joined(separator: ", ") + "}"
        }
    }

    /// Python's `repr(float)`: the shortest round-trip digits, `.0` on integral values, exponent
    /// form from 1e16 up and below 1e-4.
    static func pythonFloat(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e16 {
            let integral = Int64(value)
            return (value.sign == .minus && integral == 0 ? "-" : "") + String(integral) + ".0"
        }
        return value.description
    }

    /// Python's `repr(str)`: single quotes unless the text has `'` and no `"`; escapes for
    /// backslash, the quote, `\t\n\r` and unprintable characters.
    static func pythonQuoted(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default:
                if Character(scalar) == quote {
                    result += "\\" + String(quote)
                } else if isPrintable(scalar) {
                    result.unicodeScalars.append(scalar)
                } else if scalar.value < 0x100 {
                    result += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value < 0x10000 {
                    result += "\\u" + hex(scalar.value, width: 4)
                } else {
                    result += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        result.append(quote)
        return result
    }

    /// Python's `str.isprintable()` for one character.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension JSONValue {
    /// Python's `json.dumps(value)` (`", "` and `": "` separators, ASCII only): request bodies.
    public var pythonJSON: String { pythonJSON(indent: nil, sortKeys: false) }

    /// Python's `json.dumps(value, indent=indent, sort_keys=sortKeys)`; anchore-cli's `--json`
    /// output is `indent: 4, sortKeys: true`.
    public func pythonJSON(indent: Int?, sortKeys: Bool) -> String {
        var output = ""
        write(to: &output, indent: indent, sortKeys: sortKeys, level: 0)
        return output
    }

    private func write(to output: inout String, indent: Int?, sortKeys: Bool, level: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value):
            output += value.isNaN ? "NaN" : value.isInfinite ? (value < 0 ? "-Infinity" : "Infinity") : Self.pythonFloat(value)
        case .string(let value): output += Self.jsonQuoted(value)
        case .array(let elements):
            guard !elements.isEmpty else { output += "[]"; return }
            output += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output += indent == nil ? ", " : "," }
                Self.newline(&output, indent: indent, level: level + 1)
                element.write(to: &output, indent: indent, sortKeys: sortKeys, level: level + 1)
            }
            Self.newline(&output, indent: indent, level: level)
            output += "]"
        case .object(let object):
            guard !object.isEmpty else { output += "{}"; return }
            var entries = object.entries
            if sortKeys { entries.sort { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) } }
            output += "{"
            for (offset, entry) in entries.enumerated() {
                if offset > 0 { output += indent == nil ? ", " : "," }
                Self.newline(&output, indent: indent, level: level + 1)
                output += Self.jsonQuoted(entry.key) + ": "
                entry.value.write(to: &output, indent: indent, sortKeys: sortKeys, level: level + 1)
            }
            Self.newline(&output, indent: indent, level: level)
            output += "}"
        }
    }

    private static func newline(_ output: inout String, indent: Int?, level: Int) {
        guard let indent else { return }
        output += "\n" + String(repeating: " ", count: indent * level)
    }

    /// A JSON string literal with Python's `ensure_ascii` escaping (`\u00e9`, surrogate pairs).
    static func jsonQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value >= 0x20, scalar.value < 0x7F {
                    result.unicodeScalars.append(scalar)
                } else if scalar.value < 0x10000 {
                    result += "\\u" + hex(scalar.value, width: 4)
                } else {
                    let offset = scalar.value - 0x10000
                    result += "\\u" + hex(0xD800 + (offset >> 10), width: 4) + "\\u" + hex(0xDC00 + (offset & 0x3FF), width: 4)
                }
            }
        }
        return result + "\""
    }
}
