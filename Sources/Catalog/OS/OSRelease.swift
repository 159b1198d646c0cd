/// The `KEY=value` assignments of an os-release file (systemd's os-release(5): shell-compatible assignments, values
/// in double quotes with `\"`, `\\`, `\$`, `` \` `` escapes, in single quotes verbatim, or bare with `\` escaping
/// one character). Comments, blank lines, malformed lines and control characters are skipped.
struct OSRelease: Hashable, Sendable {
    var values: [String: String]

    init(parsing text: String) {
        var values: [String: String] = [:]
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            let line = Self.trim(rawLine)
            guard !line.isEmpty, !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            var key = Self.trim(line[..<equals])
            if key.hasPrefix("export ") { key = Self.trim(key.dropFirst("export ".count)) }
            guard !key.isEmpty, key.unicodeScalars.allSatisfy({ $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) })
            else { continue }
            values[key] = Self.unquote(line[line.index(after: equals)...])
        }
        self.values = values
    }

    subscript(_ key: String) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        return value
    }

    /// One shell word: concatenated quoted and bare segments, ending at unquoted whitespace or an unquoted `#`
    /// that starts a comment.
    private static func unquote(_ raw: Substring) -> String {
        var result = ""
        var characters = raw.makeIterator()
        var quote: Character?
        var sawAnything = false
        while let character = characters.next() {
            switch quote {
            case "\""?:
                if character == "\"" {
                    quote = nil
                } else if character == "\\", let next = characters.next() {
                    if !["\"", "\\", "$", "`", "\n"].contains(next) { result.append("\\") }
                    result.append(next)
                } else {
                    result.append(character)
                }
            case "'"?:
                if character == "'" { quote = nil } else { result.append(character) }
            default:
                if character == "\"" || character == "'" {
                    quote = character
                } else if character == "\\" {
                    if let next = characters.next() { result.append(next) }
                } else if character.isWhitespace {
                    if sawAnything { return result }
                    continue
                } else if character == "#", !sawAnything {
                    return result
                } else {
                    result.append(character)
                }
            }
            sawAnything = true
        }
        return result
    }

    private static func trim(_ text: Substring) -> String {
        let scalars = text.unicodeScalars
        func junk(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFEFF
        }
        guard let first = scalars.firstIndex(where: { !junk($0) }), let last = scalars.lastIndex(where: { !junk($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
