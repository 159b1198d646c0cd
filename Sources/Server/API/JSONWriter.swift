import Foundation

/// A small append-only JSON writer for the hot listing paths (`GET /images` over thousands of records), where
/// `JSONEncoder` would dominate the response time. Output is compact and in the order values are written.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next value in the current container needs a comma before it.
    private var comma = false
    /// The `comma` state of the enclosing containers.
    private var outer: [Bool] = []

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    @inline(__always) private mutating func separator() {
        if comma { bytes.append(UInt8(ascii: ",")) }
        comma = true
    }

    mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); outer.append(comma); comma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); comma = outer.removeLast() }
    mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); outer.append(comma); comma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); comma = outer.removeLast() }

    /// Writes `"name":` inside an object; the value written next needs no comma.
    mutating func key(_ name: String) {
        separator()
        appendString(name)
        bytes.append(UInt8(ascii: ":"))
        comma = false
    }

    /// A literal key, copied without escaping (keys in code never need it).
    mutating func key(_ name: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        comma = false
    }

    mutating func string(_ value: String?) {
        separator()
        if let value { appendString(value) } else { appendLiteral("null") }
    }

    mutating func integer(_ value: Int64?) {
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

    mutating func bool(_ value: Bool) {
        separator()
        appendLiteral(value ? "true" : "false")
    }

    private mutating func appendLiteral(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    mutating func null() { separator(); appendLiteral("null") }

    mutating func field(_ name: String, _ value: String?) { key(name); string(value) }
    mutating func field(_ name: StaticString, _ value: String?) { key(name); string(value) }
    mutating func field(_ name: StaticString, _ value: Int64?) { key(name); integer(value) }
    mutating func field(_ name: StaticString, _ value: Bool) { key(name); bool(value) }

    /// Anchore's image timestamp: `2021-09-30T12:34:56Z`, or null. Written digit by digit: listings write
    /// five of these per image.
    mutating func field(_ name: StaticString, timestamp: Date?) {
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
}

/// A UTC calendar time from whole seconds (Howard Hinnant's days-to-civil algorithm).
struct CivilTime {
    var year, month, day, hour, minute, second: Int

    init(_ date: Date) {
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

/// `datetime.utcfromtimestamp(int).isoformat() + "Z"`: whole seconds, UTC.
func anchoreTimestamp(_ date: Date) -> String {
    var writer = JSONWriter(capacity: 24)
    writer.beginObject()
    writer.field("t", timestamp: date)
    writer.endObject()
    // {"t":"…"} → …
    return String(decoding: writer.bytes.dropFirst(6).dropLast(2), as: UTF8.self)
}

/// RFC 3339 with microseconds, for events and accounts.
func rfc3339(_ date: Date) -> String {
    let whole = date.timeIntervalSince1970.rounded(.down)
    let micros = Int(((date.timeIntervalSince1970 - whole) * 1_000_000).rounded())
    var text = String(anchoreTimestamp(date).dropLast())
    text += "." + String(repeating: "0", count: 6 - String(min(micros, 999_999)).count) + String(min(micros, 999_999)) + "Z"
    return text
}
