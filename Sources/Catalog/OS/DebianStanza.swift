/// One paragraph of a Debian control-style file (dpkg `status`, `status.d/*`, opkg `*.control`): fields in order,
/// continuation lines joined with `\n`. Field names match case-insensitively, as dpkg and syft read them.
struct DebianStanza: Sendable, Hashable {
    var fields: [(name: String, value: String)]
    /// The 1-based line the paragraph starts on.
    var line: Int

    static func == (lhs: DebianStanza, rhs: DebianStanza) -> Bool {
        lhs.line == rhs.line && lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(line)
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }

    subscript(_ name: String) -> String? {
        let key = name.lowercased()
        return fields.first { $0.name.lowercased() == key }?.value
    }

    /// The fields by lower-cased name, for several look-ups.
    var byName: [String: String] {
        var values: [String: String] = [:]
        for field in fields { values[field.name.lowercased()] = field.value }
        return values
    }

    /// Splits a file into paragraphs at empty lines. A paragraph with a duplicate field or a continuation line
    /// before any field is dropped and reported; a line that is neither a field nor a continuation is skipped and
    /// reported (syft skips it silently). Works on the UTF-8 bytes: status files run to megabytes.
    static func parse(_ bytes: [UInt8]) -> (stanzas: [DebianStanza], problems: [String]) {
        var stanzas: [DebianStanza] = []
        var problems: [String] = []
        var current = DebianStanza(fields: [], line: 0)
        var names: Set<String> = []
        var corrupt: String?
        var lineNumber = 0

        func finish() {
            if let corrupt {
                problems.append(corrupt)
            } else if !current.fields.isEmpty {
                stanzas.append(current)
            }
            current = DebianStanza(fields: [], line: 0)
            names.removeAll(keepingCapacity: true)
            corrupt = nil
        }

        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            let next = lineEnd + 1
            if lineEnd > lineStart, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { lineStart = next }
            lineNumber += 1
            if lineEnd == lineStart {
                finish()
                continue
            }
            let line = bytes[lineStart..<lineEnd]
            if current.line == 0 { current.line = lineNumber }
            guard corrupt == nil else { continue }
            let first = line[line.startIndex]
            if first == 0x20 || first == 0x09 {
                guard !current.fields.isEmpty else {
                    corrupt = "line \(lineNumber): a continuation line before any field; paragraph skipped"
                    continue
                }
                current.fields[current.fields.count - 1].value += "\n " + trim(line)
            } else if first == UInt8(ascii: "#") {
                continue
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")), colon != line.startIndex {
                let name = trim(line[..<colon])
                guard names.insert(name.lowercased()).inserted else {
                    corrupt = "line \(lineNumber): duplicate field \(name); paragraph skipped"
                    continue
                }
                current.fields.append((name, trim(line[(colon + 1)...])))
            } else {
                problems.append("line \(lineNumber): not a field: \(String(decoding: line.prefix(80), as: UTF8.self))")
            }
        }
        finish()
        return (stanzas, problems)
    }

    /// The text without surrounding spaces and tabs.
    private static func trim(_ bytes: ArraySlice<UInt8>) -> String {
        func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
