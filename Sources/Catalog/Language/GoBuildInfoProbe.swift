public import Layers

/// A streaming probe that finds the build information the Go toolchain embeds in executables.
///
/// Offered every executable regular file, it checks the ELF magic in the first bytes, then looks at each
/// 16-byte-aligned offset for the build-info header (`\xff Go buildinf:`, a pointer size of 4 or 8 and a flags
/// byte) and keeps the header plus, for Go ≥ 1.18's inline format, the two length-prefixed strings after it (the
/// Go version and the module information), at most ``maxExtract`` bytes. It stops reading as soon as it has
/// them. Older, pointer-based headers are kept alone (32 bytes) so the cataloger can say they are not supported.
public struct GoBuildInfoProbe: ContentProbe {
    /// The name extracts are stored under.
    public static let name = "go-buildinfo"
    /// The most bytes kept from one executable.
    public static let maxExtract = 1024 * 1024 + 32

    public var name: String { Self.name }

    public init() {}

    public func start(_ file: FileRecord) -> (any ProbeSession)? {
        guard file.kind == .regular, file.mode & 0o111 != 0, file.size >= 64 else { return nil }
        return GoBuildInfoSession()
    }
}

/// One pass of ``GoBuildInfoProbe`` over one file.
struct GoBuildInfoSession: ProbeSession {
    static let magic: [UInt8] = Array("\u{FF} Go buildinf:".unicodeScalars.map { UInt8($0.value) })
    static let headerSize = 32

    private var prefix: [UInt8] = []
    private var checkedELF = false
    /// Absolute offset of the next byte consumed.
    private var offset = 0
    /// The bytes from the last aligned offset of the previous chunk, when the chunk ended before 16 more bytes.
    private var tail: [UInt8] = []
    private var extract: [UInt8]?
    private var done = false

    mutating func consume(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard !done else { return false }
        if !checkedELF {
            prefix.append(contentsOf: chunk.prefix(4 - prefix.count))
            if prefix.count == 4 {
                checkedELF = true
                guard prefix == [0x7F, 0x45, 0x4C, 0x46] else {
                    done = true
                    return false
                }
            }
        }
        let base = offset
        offset += chunk.count
        if extract != nil { return collect(chunk) }
        var start = 0
        if !tail.isEmpty {
            let needed = 16 - tail.count
            let taken = min(needed, chunk.count)
            tail.append(contentsOf: chunk.prefix(taken))
            if tail.count < 16 { return true }
            let candidate = tail
            tail = []
            if Self.isHeader(candidate[...]) {
                extract = candidate
                return collect(UnsafeRawBufferPointer(rebasing: chunk[taken...]))
            }
            start = taken
        }
        // The first 16-aligned absolute offset at or after base + start.
        var position = ((base + start + 15) / 16) * 16 - base
        while position < chunk.count {
            if chunk[position] == 0xFF {
                let available = min(16, chunk.count - position)
                let bytes = UnsafeRawBufferPointer(rebasing: chunk[position..<(position + available)])
                if available < 16 {
                    if bytes.elementsEqual(Self.magic.prefix(available)) { tail = Array(bytes) }
                    return true
                }
                if Self.isHeader(bytes) {
                    extract = []
                    return collect(UnsafeRawBufferPointer(rebasing: chunk[position...]))
                }
            }
            position += 16
        }
        return true
    }

    mutating func finish() -> [UInt8]? {
        extract
    }

    /// The build-info magic, a pointer size of 4 or 8, and only the known flag bits (big-endian, inline strings).
    static func isHeader<C: Collection<UInt8>>(_ bytes: C) -> Bool where C.Index == Int {
        guard bytes.count >= 16, bytes.prefix(14).elementsEqual(magic) else { return false }
        let pointerSize = bytes[bytes.startIndex + 14]
        let flags = bytes[bytes.startIndex + 15]
        return (pointerSize == 4 || pointerSize == 8) && flags & ~0x3 == 0
    }

    /// Appends to the extract until it holds everything the header announces; false once complete.
    private mutating func collect(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard var kept = extract else { return true }
        extract = nil
        var remaining = bytes[...]
        while !remaining.isEmpty {
            let target = min(Self.requiredLength(kept) ?? (kept.count + remaining.count), GoBuildInfoProbe.maxExtract)
            if kept.count >= target { break }
            let take = min(target - kept.count, remaining.count)
            kept.append(contentsOf: remaining.prefix(take))
            remaining = remaining.dropFirst(take)
        }
        let target = min(Self.requiredLength(kept) ?? Int.max, GoBuildInfoProbe.maxExtract)
        extract = kept
        if kept.count >= target {
            done = true
            return false
        }
        return true
    }

    /// How many bytes the extract needs: the 32-byte header, and for the inline format the two strings after it;
    /// nil while a length is not yet readable.
    static func requiredLength(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= headerSize else { return headerSize }
        guard bytes[15] & 0x2 != 0 else { return headerSize }
        var position = headerSize
        for index in 0..<2 {
            guard let (length, width) = GoBuildInfo.uvarint(bytes, at: position) else { return nil }
            guard length <= UInt64(GoBuildInfoProbe.maxExtract) else { return GoBuildInfoProbe.maxExtract }
            position += width + Int(length)
            if index == 0 && position > bytes.count { return nil }
        }
        return position
    }
}
