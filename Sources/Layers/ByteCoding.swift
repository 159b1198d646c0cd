/// Appends a compact binary encoding: LEB128 varints, zigzag for signed numbers, length-prefixed strings and bytes.
package struct ByteWriter {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    package mutating func byte(_ value: UInt8) { bytes.append(value) }

    package mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    package mutating func count(_ value: Int) { varint(UInt64(value)) }

    package mutating func signed(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    package mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            count(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    package mutating func data(_ value: [UInt8]) {
        count(value.count)
        bytes.append(contentsOf: value)
    }

    package mutating func raw(_ value: some Sequence<UInt8>) { bytes.append(contentsOf: value) }
}

/// Reads what ``ByteWriter`` wrote, bounds-checked: malformed input throws ``ByteReader/Malformed``, never traps.
package struct ByteReader {
    package struct Malformed: Error, CustomStringConvertible {
        package let offset: Int
        package let what: String
        package init(offset: Int, what: String) {
            self.offset = offset
            self.what = what
        }
        package var description: String { "malformed data at offset \(offset): \(what)" }
    }

    private let buffer: UnsafeRawBufferPointer
    package private(set) var offset = 0

    package init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

    package var remaining: Int { buffer.count - offset }

    package mutating func byte() throws(Malformed) -> UInt8 {
        guard offset < buffer.count else { throw Malformed(offset: offset, what: "unexpected end") }
        defer { offset += 1 }
        return buffer[offset]
    }

    package mutating func varint() throws(Malformed) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw Malformed(offset: offset, what: "varint too long") }
            result |= UInt64(next & 0x7f) << shift
            if next & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A count of elements or bytes; never more than the bytes left, so a corrupt count cannot make a caller
    /// reserve without bound.
    package mutating func count() throws(Malformed) -> Int {
        let value = try varint()
        guard value <= UInt64(remaining) else { throw Malformed(offset: offset, what: "count \(value) past the end") }
        return Int(value)
    }

    package mutating func signed() throws(Malformed) -> Int64 {
        let value = try varint()
        return Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    package mutating func raw(_ count: Int) throws(Malformed) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else { throw Malformed(offset: offset, what: "\(count) bytes past the end") }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)])
    }

    package mutating func string() throws(Malformed) -> String {
        let bytes = try raw(try count())
        return String(decoding: bytes, as: UTF8.self)
    }

    package mutating func data() throws(Malformed) -> [UInt8] {
        Array(try raw(try count()))
    }
}
