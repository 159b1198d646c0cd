package import Foundation
package import OCI

/// A small append-only JSON writer for the hot paths: the API's listings (`GET /images` over thousands of
/// records) and the native document's files and packages, where `JSONEncoder` would dominate. Output is in the
/// order values are written: compact, or indented like `JSONEncoder`'s pretty printing (two spaces,
/// `"key" : value`), with objects begun by ``beginInlineObject()`` kept on one line.
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []
    package let pretty: Bool
    /// Whether the next value in the current container needs a comma before it.
    private var comma = false
    /// Whether a key was just written, so the next value follows it on the same line.
    private var afterKey = false
    /// The `comma` state of the enclosing containers.
    private var outer: [Bool] = []
    /// How many of the open containers are inline (written without line breaks).
    private var inline = 0

    package init(capacity: Int = 4096, pretty: Bool = false) {
        bytes.reserveCapacity(capacity)
        self.pretty = pretty
    }

    @inline(__always) private mutating func separator() {
        if afterKey {
            afterKey = false
            comma = true
            return
        }
        if comma { bytes.append(UInt8(ascii: ",")) }
        comma = true
        if pretty, inline == 0, !outer.isEmpty { newline(depth: outer.count) }
    }

    private mutating func newline(depth: Int) {
        bytes.append(0x0A)
        for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
    }

    package mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); outer.append(comma); comma = false }
    package mutating func endObject() { end(UInt8(ascii: "}")) }
    package mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); outer.append(comma); comma = false }
    package mutating func endArray() { end(UInt8(ascii: "]")) }

    /// An object written on one line even when pretty (the native document's files, one per line).
    package mutating func beginInlineObject() {
        beginObject()
        inline += 1
    }

    package mutating func endInlineObject() {
        endObject()
        inline -= 1
    }

    private mutating func end(_ bracket: UInt8) {
        if pretty, inline == 0, comma { newline(depth: outer.count - 1) }
        bytes.append(bracket)
        comma = outer.removeLast()
    }

    private mutating func keySeparator() {
        if pretty, inline == 0 {
            bytes += [0x20, UInt8(ascii: ":"), 0x20]
        } else {
            bytes.append(UInt8(ascii: ":"))
        }
        afterKey = true
    }

    /// Writes `"name":` inside an object; the value written next needs no comma.
    package mutating func key(_ name: String) {
        separator()
        appendString(name)
        keySeparator()
    }

    /// A literal key, copied without escaping (keys in code never need it).
    package mutating func key(_ name: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        keySeparator()
    }

    package mutating func string(_ value: String?) {
        separator()
        if let value { appendString(value) } else { appendLiteral("null") }
    }

    package mutating func strings(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    package mutating func integer(_ value: Int64?) {
        separator()
        guard var value else { return appendLiteral("null") }
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            value = -value
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
                count += 1
            } while value > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    package mutating func bool(_ value: Bool) {
        separator()
        appendLiteral(value ? "true" : "false")
    }

    private mutating func appendLiteral(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    package mutating func null() { separator(); appendLiteral("null") }

    /// A field whose name is data (labels, annotations), escaped as any string.
    package mutating func field(named name: String, _ value: String?) { key(name); string(value) }
    package mutating func field(_ name: StaticString, _ value: String?) { key(name); string(value) }
    package mutating func field(_ name: StaticString, _ value: Int64?) { key(name); integer(value) }
    package mutating func field(_ name: StaticString, _ value: Bool) { key(name); bool(value) }

    /// A digest as its string form (`sha256:…`), written without building the string.
    package mutating func field(_ name: StaticString, digest: OCI.Digest) {
        key(name)
        separator()
        bytes.append(UInt8(ascii: "\""))
        var algorithm = digest.algorithm.rawValue
        algorithm.withUTF8 { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: ":"))
        var encoded = digest.encoded
        encoded.withUTF8 { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Anchore's image timestamp: `2021-09-30T12:34:56Z`, or null. Written digit by digit: listings write
    /// five of these per image.
    package mutating func field(_ name: StaticString, timestamp: Date?) {
        key(name)
        guard let timestamp else { return null() }
        separator()
        let parts = CivilTime(timestamp)
        bytes.append(UInt8(ascii: "\""))
        digits(parts.year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(parts.month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(parts.day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(parts.hour, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(parts.minute, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(parts.second, 2)
        bytes.append(UInt8(ascii: "Z"))
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func digits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    private mutating func appendString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy them whole.
        var value = value
        let copied = value.withUTF8 { buffer -> Bool in
            for byte in buffer where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            bytes.append(contentsOf: buffer)
            return true
        }
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A number in octal, zero-padded to at least `minimumDigits`, as a JSON string (`"0644"`).
    package mutating func octalString(_ value: UInt32, minimumDigits: Int) {
        separator()
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        bytes.append(UInt8(ascii: "\""))
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[10 - count] = UInt8(ascii: "0") + UInt8(rest & 7)
                rest >>= 3
                count += 1
            } while rest > 0
            for _ in count..<max(count, minimumDigits) { bytes.append(UInt8(ascii: "0")) }
            bytes.append(contentsOf: buffer[(11 - count)...])
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// A UTC calendar time from whole seconds (Howard Hinnant's days-to-civil algorithm).
package struct CivilTime {
    package var year, month, day, hour, minute, second: Int

    package init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        hour = rest / 3600
        minute = rest % 3600 / 60
        second = rest % 60
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }
}
