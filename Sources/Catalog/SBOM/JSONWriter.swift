package import Foundation
package import OCI

/// A small append-only JSON writer for the hot paths: the API's listings (`GET /images` over thousands of
/// records) and the native document's files and packages, where `JSONEncoder` would dominate. Output is in the
/// order values are written: compact, or indented like `JSONEncoder`'s pretty printing (two spaces,
/// `"key" : value`), with objects begun by ``beginInlineObject()`` kept on one line.
///
/// The output lives in one `malloc`ed buffer written through a pointer (an array's per-byte `append` checks
/// uniqueness and capacity on every byte: most of the time of a cached `drydock scan -o json`), and ``takeData()``
/// hands that buffer to a `Data` without copying it. Noncopyable, so the buffer has exactly one owner.
package struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
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
        self.capacity = max(capacity, 64)
        guard let base = malloc(self.capacity)?.assumingMemoryBound(to: UInt8.self) else {
            fatalError("JSONWriter: cannot allocate \(self.capacity) bytes")
        }
        self.base = base
        self.pretty = pretty
    }

    /// A writer for a later part of `other`'s current container, written elsewhere (another thread) and then
    /// added with ``append(_:)``: same layout and depth; `afterElements` when values precede the part (so its first
    /// value gets a comma).
    package init(continuing other: borrowing JSONWriter, afterElements: Bool, capacity: Int = 4096) {
        self.init(capacity: capacity, pretty: other.pretty)
        outer = other.outer
        inline = other.inline
        comma = afterElements || other.comma
    }

    deinit { free(base) }

    /// Adds the output of a writer made with ``init(continuing:afterElements:capacity:)``, which continues from
    /// here. With `descriptor`, this writer's output so far and then the part's go straight to it (see
    /// ``flush(to:)``) instead of being copied together.
    package mutating func append(_ part: consuming JSONWriter, streamingTo descriptor: Int32? = nil) throws(POSIXError) {
        guard part.count > 0 else { return }
        if let descriptor {
            try flush(to: descriptor)
            try Self.write(UnsafeRawBufferPointer(start: part.base, count: part.count), to: descriptor)
        } else {
            put(UnsafeBufferPointer(start: part.base, count: part.count))
        }
        comma = part.comma
    }

    /// Writes the output so far to a file descriptor and empties the buffer, keeping the layout state: a large
    /// document then streams out instead of being held whole.
    package mutating func flush(to descriptor: Int32) throws(POSIXError) {
        try Self.write(UnsafeRawBufferPointer(start: base, count: count), to: descriptor)
        count = 0
    }


    /// Records that values of the current container went out around this writer (straight to the descriptor it
    /// flushes to), so the next value or the container's end is laid out after them.
    package mutating func continueAfter(elements: Bool) {
        if elements { comma = true }
    }

    /// How many bytes are in the buffer.
    package var byteCount: Int { count }

    /// The output so far (a copy).
    package var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The output, moved into a `Data` without copying; the writer is left empty.
    package mutating func takeData() -> Data {
        guard count > 0, let fresh = malloc(64)?.assumingMemoryBound(to: UInt8.self) else { return Data(bytes) }
        let data = Data(bytesNoCopy: base, count: count, deallocator: .free)
        base = fresh
        count = 0
        capacity = 64
        return data
    }

    // MARK: Output

    /// Makes room for `extra` more bytes.
    @inline(__always) private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(extra) }
    }

    private mutating func grow(_ extra: Int) {
        let wanted = max(capacity * 2, count + extra)
        guard let grown = realloc(base, wanted)?.assumingMemoryBound(to: UInt8.self) else {
            fatalError("JSONWriter: cannot grow to \(wanted) bytes")
        }
        base = grown
        capacity = wanted
    }

    @inline(__always) private mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always) private mutating func put(_ first: UInt8, _ second: UInt8) {
        reserve(2)
        base[count] = first
        base[count + 1] = second
        count += 2
    }

    private mutating func put(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let source = buffer.baseAddress, !buffer.isEmpty else { return }
        reserve(buffer.count)
        (base + count).update(from: source, count: buffer.count)
        count += buffer.count
    }

    @inline(__always) private mutating func put(_ literal: StaticString) {
        put(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private mutating func put(_ string: String) {
        var string = string
        string.withUTF8 { put($0) }
    }

    // MARK: Structure

    @inline(__always) private mutating func separator() {
        if afterKey {
            afterKey = false
            comma = true
            return
        }
        if comma { put(UInt8(ascii: ",")) }
        comma = true
        if pretty, inline == 0, !outer.isEmpty { newline(depth: outer.count) }
    }

    private mutating func newline(depth: Int) {
        reserve(1 + 2 * depth)
        base[count] = 0x0A
        (base + count + 1).initialize(repeating: 0x20, count: 2 * depth)
        count += 1 + 2 * depth
    }

    package mutating func beginObject() { separator(); put(UInt8(ascii: "{")); outer.append(comma); comma = false }
    package mutating func endObject() { end(UInt8(ascii: "}")) }
    package mutating func beginArray() { separator(); put(UInt8(ascii: "[")); outer.append(comma); comma = false }
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
        put(bracket)
        comma = outer.removeLast()
    }

    private mutating func keySeparator() {
        if pretty, inline == 0 {
            put(" : ")
        } else {
            put(UInt8(ascii: ":"))
        }
        afterKey = true
    }

    // MARK: Values

    /// Starts one value the caller writes itself with the `raw` writers: for hot loops over records of known
    /// shape (the native document's files), which write `{"key":value,…}` with literal keys and no per-field
    /// bookkeeping. The caller must write exactly one complete JSON value.
    package mutating func beginValue() { separator() }

    /// Literal JSON text, copied as is.
    package mutating func raw(_ literal: StaticString) { put(literal) }

    /// One complete JSON value already encoded (a stored document embedded in another), copied as is.
    package mutating func encodedValue(_ json: Data) { separator(); json.withUnsafeBytes { put($0.bindMemory(to: UInt8.self)) } }

    /// Writes `"name":` inside an object; the value written next needs no comma.
    package mutating func key(_ name: String) {
        separator()
        appendString(name)
        keySeparator()
    }

    /// A literal key, copied without escaping (keys in code never need it).
    package mutating func key(_ name: StaticString) {
        separator()
        put(UInt8(ascii: "\""))
        put(name)
        put(UInt8(ascii: "\""))
        keySeparator()
    }

    package mutating func string(_ value: String?) {
        separator()
        if let value { appendString(value) } else { put("null") }
    }

    package mutating func strings(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    package mutating func integer(_ value: Int64?) {
        separator()
        guard let value else { return put("null") }
        rawInteger(value)
    }

    /// An integer with no separator before it (see ``beginValue()``).
    package mutating func rawInteger(_ value: Int64) {
        reserve(21)
        if value < 0 { put(UInt8(ascii: "-")) }
        var rest = value.magnitude
        var digits = 1
        var scale: UInt64 = 10
        while digits < 20, rest >= scale {
            digits += 1
            if scale > UInt64.max / 10 { break }
            scale *= 10
        }
        var index = count + digits
        repeat {
            index -= 1
            base[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        } while rest > 0
        count += digits
    }

    package mutating func bool(_ value: Bool) {
        separator()
        put(value ? "true" : "false")
    }

    package mutating func null() { separator(); put("null") }

    /// A field whose name is data (labels, annotations), escaped as any string.
    package mutating func field(named name: String, _ value: String?) { key(name); string(value) }
    package mutating func field(_ name: StaticString, _ value: String?) { key(name); string(value) }
    package mutating func field(_ name: StaticString, _ value: Int64?) { key(name); integer(value) }
    package mutating func field(_ name: StaticString, _ value: Bool) { key(name); bool(value) }

    /// A digest as its string form (`sha256:…`), written without building the string.
    package mutating func field(_ name: StaticString, digest: OCI.Digest) {
        key(name)
        separator()
        rawDigest(digest)
    }

    /// A digest's string form with no separator before it (see ``beginValue()``).
    package mutating func rawDigest(_ digest: OCI.Digest) {
        put(UInt8(ascii: "\""))
        put(digest.algorithm == .sha256 ? "sha256:" : "sha512:")
        put(digest.encoded)
        put(UInt8(ascii: "\""))
    }

    /// Anchore's image timestamp: `2021-09-30T12:34:56Z`, or null. Written digit by digit: listings write
    /// five of these per image.
    package mutating func field(_ name: StaticString, timestamp: Date?) {
        key(name)
        guard let timestamp else { return null() }
        separator()
        let parts = CivilTime(timestamp)
        put(UInt8(ascii: "\""))
        digits(parts.year, 4)
        put(UInt8(ascii: "-"))
        digits(parts.month, 2)
        put(UInt8(ascii: "-"))
        digits(parts.day, 2)
        put(UInt8(ascii: "T"))
        digits(parts.hour, 2)
        put(UInt8(ascii: ":"))
        digits(parts.minute, 2)
        put(UInt8(ascii: ":"))
        digits(parts.second, 2)
        put(UInt8(ascii: "Z"))
        put(UInt8(ascii: "\""))
    }

    private mutating func digits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            put(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// A string with no separator before it (see ``beginValue()``).
    package mutating func rawString(_ value: String) { appendString(value) }

    private mutating func appendString(_ value: String) {
        var value = value
        value.withUTF8 { appendString(utf8: $0) }
    }

    private mutating func appendString(utf8 buffer: UnsafeBufferPointer<UInt8>) {
        // Most strings need no escaping: copy them whole.
        if !Self.needsEscaping(buffer) {
            reserve(buffer.count + 2)
            base[count] = UInt8(ascii: "\"")
            if let source = buffer.baseAddress { (base + count + 1).update(from: source, count: buffer.count) }
            base[count + 1 + buffer.count] = UInt8(ascii: "\"")
            count += buffer.count + 2
            return
        }
        put(UInt8(ascii: "\""))
        for byte in buffer {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): put(UInt8(ascii: "\\"), byte)
            case 0x0A: put(UInt8(ascii: "\\"), UInt8(ascii: "n"))
            case 0x0D: put(UInt8(ascii: "\\"), UInt8(ascii: "r"))
            case 0x09: put(UInt8(ascii: "\\"), UInt8(ascii: "t"))
            case 0..<0x20:
                put("\\u00")
                put(Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0xF)])
            default: put(byte)
            }
        }
        put(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether any byte is a control character, `"` or `\\`: eight bytes at a time (the classic SWAR zero-byte and
    /// less-than tests, exact as a yes/no answer), since every path and name of a document passes through here.
    static func needsEscaping(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = buffer.baseAddress else { return false }
        let raw = UnsafeRawPointer(start)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while offset + 8 <= buffer.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let control = (word &- ones &* 0x20) & ~word & highs
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let found = control | ((quote &- ones) & ~quote & highs) | ((backslash &- ones) & ~backslash & highs)
            if found != 0 { return true }
            offset += 8
        }
        while offset < buffer.count {
            let byte = buffer[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            offset += 1
        }
        return false
    }

    /// A number in octal, zero-padded to at least `minimumDigits`, as a JSON string (`"0644"`).
    package mutating func octalString(_ value: UInt32, minimumDigits: Int) {
        separator()
        rawOctalString(value, minimumDigits: minimumDigits)
    }

    /// ``octalString(_:minimumDigits:)`` with no separator before it (see ``beginValue()``).
    package mutating func rawOctalString(_ value: UInt32, minimumDigits: Int) {
        var digits = 1
        while digits < 11, value >> (3 * UInt32(digits)) != 0 { digits += 1 }
        let width = max(digits, minimumDigits)
        reserve(width + 2)
        base[count] = UInt8(ascii: "\"")
        var index = count + 1 + width
        var rest = value
        for _ in 0..<width {
            index -= 1
            base[index] = UInt8(ascii: "0") + UInt8(rest & 7)
            rest >>= 3
        }
        base[count + 1 + width] = UInt8(ascii: "\"")
        count += width + 2
    }
}
