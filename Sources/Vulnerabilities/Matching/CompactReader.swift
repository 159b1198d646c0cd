import Foundation

/// Reads the compact line format by byte offsets: one line at a time, its fields as ranges of the buffer.
struct CompactReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    /// The current line's fields (tab-separated), as byte ranges.
    var fields: [Range<Int>] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        fields.reserveCapacity(16)
    }

    /// Moves to the next non-empty line; false at the end.
    mutating func nextLine() -> Bool {
        fields.removeAll(keepingCapacity: true)
        while position < bytes.count, bytes[position] == 0x0A { position += 1 }
        guard position < bytes.count else { return false }
        var start = position
        while position < bytes.count, bytes[position] != 0x0A {
            if bytes[position] == 0x09 {
                fields.append(start..<position)
                start = position + 1
            }
            position += 1
        }
        fields.append(start..<position)
        return true
    }

    /// A range's bytes as text, escapes left as they are.
    func raw(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }

    func text(_ field: Int) -> String { raw(fields[field]) }

    func hasEscape(_ range: Range<Int>) -> Bool { bytes[range].contains(0x5C) }

    /// A field's text, unescaped.
    func string(_ field: Int) -> String {
        let range = fields[field]
        return hasEscape(range) ? CompactCodec.unescape(raw(range)[...]) : raw(range)
    }

    /// An optional field: empty is nil, otherwise the text after its `=`.
    func optional(_ field: Int) -> String? {
        let range = fields[field]
        guard !range.isEmpty else { return nil }
        let rest = (range.lowerBound + 1)..<range.upperBound
        return hasEscape(rest) ? CompactCodec.unescape(raw(rest)[...]) : raw(rest)
    }

    /// A comma-separated list field.
    func list(_ field: Int) -> [String] {
        let range = fields[field]
        guard !range.isEmpty else { return [] }
        if hasEscape(range) { return CompactCodec.list(raw(range)[...]) }
        var items: [String] = []
        var start = range.lowerBound
        for i in range where bytes[i] == 0x2C {
            items.append(raw(start..<i))
            start = i + 1
        }
        items.append(raw(start..<range.upperBound))
        return items
    }

    /// `id|v2base,v2expl,v2impact|v3base,v3expl,v3impact` entries separated by `;`.
    func scores(_ field: Int) throws -> [ScoreSummary] {
        let range = fields[field]
        guard !range.isEmpty else { return [] }
        var summaries: [ScoreSummary] = []
        var start = range.lowerBound
        for i in range.lowerBound...range.upperBound where i == range.upperBound || bytes[i] == 0x3B {
            if i > start { summaries.append(try summary(start..<i)) }
            start = i + 1
        }
        return summaries
    }

    private func summary(_ range: Range<Int>) throws -> ScoreSummary {
        var first = -1, second = -1
        for i in range where bytes[i] == 0x7C {
            if first < 0 { first = i } else if second < 0 { second = i } else { second = -1; break }
        }
        guard first >= 0, second > first else { throw CompactCodec.DecodingError(description: "malformed scores in a compact report") }
        let idRange = range.lowerBound..<first
        let id = hasEscape(idRange) ? CompactCodec.unescape(raw(idRange)[...]) : raw(idRange)
        return ScoreSummary(id: id, cvssV2: try triple((first + 1)..<second), cvssV3: try triple((second + 1)..<range.upperBound))
    }

    private func triple(_ range: Range<Int>) throws -> ScoreSummary.Scores {
        var numbers = (0.0, 0.0, 0.0)
        var found = 0
        var start = range.lowerBound
        for i in range.lowerBound...range.upperBound where i == range.upperBound || bytes[i] == 0x2C {
            guard found < 3, let value = number(start..<i) else { throw CompactCodec.DecodingError(description: "malformed scores in a compact report") }
            switch found {
            case 0: numbers.0 = value
            case 1: numbers.1 = value
            default: numbers.2 = value
            }
            found += 1
            start = i + 1
        }
        guard found == 3 else { throw CompactCodec.DecodingError(description: "malformed scores in a compact report") }
        return .init(baseScore: numbers.0, exploitabilityScore: numbers.1, impactScore: numbers.2)
    }

    /// A number as Swift prints a `Double`. Scores are short decimals (`7.5`, `-1.0`), read straight from the bytes:
    /// an integer of at most 15 digits divided by a power of ten of at most 15 is exact in both operands, so the one
    /// division rounds correctly. Anything else (exponents, `nan`) goes to the full parser.
    func number(_ range: Range<Int>) -> Double? {
        var i = range.lowerBound
        let negative = i < range.upperBound && bytes[i] == 0x2D
        if negative { i += 1 }
        var mantissa: Int64 = 0
        var digits = 0, fraction = -1
        while i < range.upperBound {
            let byte = bytes[i]
            if byte >= 0x30, byte <= 0x39 {
                mantissa = mantissa * 10 + Int64(byte - 0x30)
                digits += 1
                if fraction >= 0 { fraction += 1 }
            } else if byte == 0x2E, fraction < 0 {
                fraction = 0
            } else {
                return Double(raw(range))
            }
            i += 1
        }
        guard digits > 0, digits <= 15 else { return Double(raw(range)) }
        let value = Double(mantissa) / Self.powersOfTen[max(fraction, 0)]
        return negative ? -value : value
    }

    static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]
}
