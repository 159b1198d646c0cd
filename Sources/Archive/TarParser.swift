/// A push (sans-IO) tar parser: feed bytes as they arrive, get ``TarEvent``s back.
///
/// Reads ustar, pax (`x` per-member and `g` global extended headers: `path`, `linkpath`, `size`,
/// `uid`, `gid`, `uname`, `gname`, `mtime`, other records kept in ``TarEntry/paxRecords``), GNU
/// (`L`/`K` long names and links, base-256 numbers, old sparse headers surfaced as `.other("S")`),
/// star and old v7 archives. Header checksums are verified (signed and unsigned sums accepted).
///
/// Member contents are never buffered: `.data` events point straight into the fed bytes. Only
/// headers and extended headers are buffered, bounded by ``TarLimits``. The end of the archive is
/// two zero blocks; anything after them is ignored. An archive without them is fine too.
///
/// After an error (its own or the handler's) the parser must not be fed again.
public struct TarParser: Sendable {
    private enum State: Sendable {
        /// Collecting the next header block.
        case header
        /// Streaming a member's contents, followed by `padding` bytes up to the block boundary.
        case data(remaining: Int64, padding: Int)
        /// Skipping padding up to the next block boundary.
        case padding(remaining: Int)
        /// Collecting the contents of an extended header (pax or GNU long name).
        case extended(ExtendedKind, remaining: Int, padding: Int)
        /// Skipping the extension blocks of an old GNU sparse header.
        case sparseExtension
        /// After one zero block: the next must be zero too.
        case afterZeroBlock
        /// After the end-of-archive marker: the rest is ignored.
        case end
        /// A previous call threw.
        case failed
    }

    enum ExtendedKind: Sendable {
        case paxLocal, paxGlobal, longName, longLink
    }

    let limits: TarLimits
    private var state = State.header
    /// Bytes consumed so far: the offset in the archive of the next byte to be fed.
    public private(set) var offset: Int64 = 0
    private var block = [UInt8](repeating: 0, count: TarHeader.blockSize)
    private var blockFill = 0
    var extendedBuffer: [UInt8] = []
    /// Extensions read for the next member.
    var pending = PendingExtensions()
    /// Global pax records in effect, and their size for the limit.
    var globalRecords: [String: String] = [:]
    /// The member being read (for old GNU sparse extension blocks and error messages).
    var current: TarEntry?

    /// Creates a parser.
    /// - Parameter limits: Bounds on the extended headers it buffers.
    public init(limits: TarLimits = .default) {
        self.limits = limits
    }

    /// Parses the next bytes of the archive.
    /// - Parameters:
    ///   - bytes: The next bytes, in any chunk size; only read during the call.
    ///   - handler: Called with each event, in order. `.data` buffers are valid only during the call.
    /// - Throws: `ArchiveError` `.corrupt` (bad checksum, bad field, malformed pax record),
    ///   `.tooLarge` (an extended header over ``TarLimits``), or whatever `handler` throws.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ handler: (TarEvent) throws -> Void) throws {
        if case .failed = state {
            throw ArchiveError(.unsupported, "the tar parser was fed again after an error")
        }
        do {
            try run(bytes, handler)
        } catch {
            state = .failed
            throw error
        }
    }

    /// Declares the end of the input.
    /// - Throws: `ArchiveError` `.truncated` when the input ended inside a header, an extended
    ///   header or a member's contents (or its padding). A missing end-of-archive marker is fine.
    public mutating func finish() throws {
        let location = "at offset \(offset)"
        switch state {
        case .header:
            if blockFill > 0 {
                throw ArchiveError(.truncated, "the tar archive is truncated: it ends inside a header \(location)")
            }
            if !pending.isEmpty {
                throw ArchiveError(
                    .truncated, "the tar archive is truncated: it ends after an extended header \(location)")
            }
        case .afterZeroBlock, .end:
            return
        case .data(let remaining, _):
            let path = current?.path ?? "?"
            throw ArchiveError(
                .truncated,
                "the tar archive is truncated: it ends inside the contents of \(path) \(location), "
                    + "\(remaining) bytes short"
            )
        case .padding:
            throw ArchiveError(.truncated, "the tar archive is truncated: it ends inside block padding \(location)")
        case .extended:
            throw ArchiveError(
                .truncated, "the tar archive is truncated: it ends inside an extended header \(location)")
        case .sparseExtension:
            throw ArchiveError(
                .truncated, "the tar archive is truncated: it ends inside a GNU sparse header \(location)")
        case .failed:
            throw ArchiveError(.unsupported, "the tar parser was finished after an error")
        }
    }

    // MARK: - State machine

    private mutating func run(_ bytes: UnsafeRawBufferPointer, _ handler: (TarEvent) throws -> Void) throws {
        var input = bytes
        while !input.isEmpty {
            switch state {
            case .header, .afterZeroBlock, .sparseExtension:
                if blockFill == 0 && input.count >= TarHeader.blockSize {
                    // Fast path: the whole block is in the input.
                    let header = UnsafeRawBufferPointer(rebasing: input[..<TarHeader.blockSize])
                    input = UnsafeRawBufferPointer(rebasing: input[TarHeader.blockSize...])
                    offset += Int64(TarHeader.blockSize)
                    try process(header, at: offset - Int64(TarHeader.blockSize), handler)
                } else {
                    let count = min(TarHeader.blockSize - blockFill, input.count)
                    let fill = blockFill
                    block.withUnsafeMutableBytes { destination in
                        destination.baseAddress!.advanced(by: fill).copyMemory(from: input.baseAddress!, byteCount: count)
                    }
                    blockFill += count
                    offset += Int64(count)
                    input = UnsafeRawBufferPointer(rebasing: input[count...])
                    if blockFill == TarHeader.blockSize {
                        blockFill = 0
                        let complete = block
                        try complete.withUnsafeBytes { header in
                            try process(header, at: offset - Int64(TarHeader.blockSize), handler)
                        }
                    }
                }
            case .data(let remaining, let padding):
                let count = Int(min(Int64(input.count), remaining))
                let left = remaining - Int64(count)
                let chunk = UnsafeRawBufferPointer(rebasing: input[..<count])
                input = UnsafeRawBufferPointer(rebasing: input[count...])
                offset += Int64(count)
                if left > 0 {
                    state = .data(remaining: left, padding: padding)
                    try handler(.data(chunk))
                } else {
                    state = padding > 0 ? .padding(remaining: padding) : .header
                    try handler(.data(chunk))
                    try handler(.entryEnd)
                }
            case .padding(let remaining):
                let count = min(input.count, remaining)
                input = UnsafeRawBufferPointer(rebasing: input[count...])
                offset += Int64(count)
                state = remaining > count ? .padding(remaining: remaining - count) : .header
            case .extended(let kind, let remaining, let padding):
                let count = min(input.count, remaining)
                extendedBuffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[..<count]))
                input = UnsafeRawBufferPointer(rebasing: input[count...])
                offset += Int64(count)
                if remaining > count {
                    state = .extended(kind, remaining: remaining - count, padding: padding)
                } else {
                    state = padding > 0 ? .padding(remaining: padding) : .header
                    try finishExtended(kind)
                }
            case .end:
                offset += Int64(input.count)
                return
            case .failed:
                return
            }
        }
    }

    /// Handles one complete 512-byte block in the header-reading states.
    private mutating func process(
        _ header: UnsafeRawBufferPointer, at blockOffset: Int64, _ handler: (TarEvent) throws -> Void
    ) throws {
        switch state {
        case .sparseExtension:
            if header[TarHeader.gnuExtensionIsExtended] == 0, let entry = current {
                try begin(entry, handler)
            }
            return
        case .afterZeroBlock:
            if TarHeader.sums(of: header).raw != 0 {
                throw ArchiveError(
                    .corrupt,
                    "the tar archive has a lone zero block at offset \(blockOffset - 512) followed by a non-zero block"
                )
            }
            state = .end
            return
        default:
            break
        }

        let sums = TarHeader.sums(of: header)
        if sums.raw == 0 {
            if !pending.isEmpty {
                throw ArchiveError(
                    .corrupt, "the tar archive ends at offset \(blockOffset) right after an extended header")
            }
            state = .afterZeroBlock
            return
        }
        guard let stored = TarHeader.number(header, TarHeader.checksum),
            stored == Int64(sums.unsigned) || stored == Int64(sums.signed)
        else {
            let storedText = TarHeader.string(header, TarHeader.checksum)
            throw ArchiveError(
                .corrupt,
                "the tar header at offset \(blockOffset) has a bad checksum (stored \"\(storedText)\", "
                    + "computed \(String(sums.unsigned, radix: 8))): the archive is corrupt or not a tar"
            )
        }

        let typeflag = header[TarHeader.typeflag]
        let extendedKind: ExtendedKind? =
            switch typeflag {
            case UInt8(ascii: "x"), UInt8(ascii: "X"): .paxLocal
            case UInt8(ascii: "g"): .paxGlobal
            case UInt8(ascii: "L"): .longName
            case UInt8(ascii: "K"): .longLink
            default: nil
            }
        if let kind = extendedKind {
            try beginExtended(kind, header, at: blockOffset)
            return
        }

        let entry = try makeEntry(header, at: blockOffset)
        current = entry
        if typeflag == UInt8(ascii: "S") && header[TarHeader.gnuIsExtended] != 0 {
            state = .sparseExtension
            return
        }
        try begin(entry, handler)
    }

    /// Reports a member and moves to its contents.
    private mutating func begin(_ entry: TarEntry, _ handler: (TarEvent) throws -> Void) throws {
        let size = entry.size
        if size > 0 {
            state = .data(remaining: size, padding: Self.padding(size))
            try handler(.entry(entry))
        } else {
            state = .header
            try handler(.entry(entry))
            try handler(.entryEnd)
        }
    }

    /// The bytes after `size` bytes of contents up to the next block boundary.
    static func padding(_ size: Int64) -> Int {
        Int((Int64(TarHeader.blockSize) - size % Int64(TarHeader.blockSize)) % Int64(TarHeader.blockSize))
    }

    private mutating func beginExtended(_ kind: ExtendedKind, _ header: UnsafeRawBufferPointer, at blockOffset: Int64)
        throws
    {
        guard let size = TarHeader.number(header, TarHeader.size), size >= 0 else {
            throw ArchiveError(.corrupt, "the extended tar header at offset \(blockOffset) has an invalid size field")
        }
        let isPax = kind == .paxLocal || kind == .paxGlobal
        let limit = isPax ? limits.maxPaxHeaderSize : limits.maxLongNameSize
        guard size <= Int64(limit) else {
            let what = isPax ? "pax extended header" : "GNU long name"
            throw ArchiveError(
                .tooLarge,
                "the \(what) at offset \(blockOffset) is \(ByteCount(size)), over the limit of \(ByteCount(limit))"
            )
        }
        extendedBuffer.removeAll(keepingCapacity: true)
        let count = Int(size)
        if count == 0 {
            state = .header
            try finishExtended(kind)
        } else {
            state = .extended(kind, remaining: count, padding: Self.padding(size))
        }
    }
}
