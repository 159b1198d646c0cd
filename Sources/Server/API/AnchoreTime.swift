import Catalog
import Foundation

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
