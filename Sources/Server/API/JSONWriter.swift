import Foundation

/// A small append-only JSON writer for the hot listing paths (`GET /images` over thousands of records), where
/// `JSONEncoder` would dominate the response time. Output is compact and in the order values are written.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma.removeLast() }
    mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma.removeLast() }

    /// Writes `"name":` inside an object; the value written next needs no comma.
    mutating func key(_ name: String) {
        separator()
        appendString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    mutating func string(_ value: String?) {
        separator()
        if let value { appendString(value) } else { bytes.append(contentsOf: Array("null".utf8)) }
    }

    mutating func integer(_ value: Int64?) {
        separator()
        bytes.append(contentsOf: Array((value.map { String($0) } ?? "null").utf8))
    }

    mutating func bool(_ value: Bool) {
        separator()
        bytes.append(contentsOf: Array((value ? "true" : "false").utf8))
    }

    mutating func null() { separator(); bytes.append(contentsOf: Array("null".utf8)) }

    mutating func field(_ name: String, _ value: String?) { key(name); string(value) }
    mutating func field(_ name: String, _ value: Int64?) { key(name); integer(value) }
    mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }

    /// Anchore's image timestamp: `2021-09-30T12:34:56Z`, or null.
    mutating func field(_ name: String, timestamp: Date?) { key(name); string(timestamp.map(anchoreTimestamp)) }

    private mutating func appendString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
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

/// `datetime.utcfromtimestamp(int).isoformat() + "Z"`: whole seconds, UTC.
func anchoreTimestamp(_ date: Date) -> String {
    var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    gmtime_r(&seconds, &parts)
    func pad(_ value: Int32, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))Z"
}

/// RFC 3339 with microseconds, for events and accounts.
func rfc3339(_ date: Date) -> String {
    let whole = date.timeIntervalSince1970.rounded(.down)
    let micros = Int(((date.timeIntervalSince1970 - whole) * 1_000_000).rounded())
    var text = String(anchoreTimestamp(date).dropLast())
    text += "." + String(repeating: "0", count: 6 - String(min(micros, 999_999)).count) + String(min(micros, 999_999)) + "Z"
    return text
}
