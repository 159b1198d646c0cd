/// A push (sans-IO) reader for a possibly compressed tar stream, such as an image layer blob:
/// a ``Decompressor`` piped into a ``TarParser``.
///
/// Feed the blob's bytes as they arrive; events come out as the parser produces them. With
/// `compression: nil` the format is detected from the first bytes (``Compression/sniff(_:)``), which
/// protects against registries and manifests that mislabel layers.
///
/// After an error the reader must not be fed again.
public final class TarStreamReader {
    /// The compression in use: the one given, or the one detected once 4 bytes have been seen.
    public private(set) var compression: Compression?
    /// The most decompressed bytes accepted, or `nil` for no limit.
    public let outputLimit: Int64?
    /// Compressed bytes fed so far.
    public private(set) var compressedBytes: Int64 = 0

    private var decompressor: Decompressor?
    private var parser: TarParser
    /// Bytes held back until the compression can be detected.
    private var prefix: [UInt8] = []

    /// Creates a reader.
    /// - Parameters:
    ///   - compression: The blob's compression, or `nil` to detect it from its first bytes.
    ///   - outputLimit: The most decompressed (tar) bytes to accept, or `nil` for no limit.
    ///   - limits: Bounds on the tar extended headers buffered.
    /// - Throws: `ArchiveError` `.libraryUnavailable` when the compression library cannot be loaded.
    public init(compression: Compression?, outputLimit: Int64? = nil, limits: TarLimits = .default) throws {
        self.compression = compression
        self.outputLimit = outputLimit
        self.parser = TarParser(limits: limits)
        if let compression {
            decompressor = try Decompressor(compression, outputLimit: outputLimit)
        }
    }

    /// Decompressed (tar) bytes produced so far.
    public var tarBytes: Int64 { decompressor?.totalOut ?? 0 }

    /// Reads the next bytes of the blob.
    /// - Parameters:
    ///   - bytes: The next compressed bytes; only read during the call.
    ///   - handler: Called with each tar event; `.data` buffers are valid only during the call.
    /// - Throws: `ArchiveError` from decompression or parsing, or whatever `handler` throws.
    public func feed(_ bytes: UnsafeRawBufferPointer, _ handler: (TarEvent) throws -> Void) throws {
        compressedBytes += Int64(bytes.count)
        if let decompressor {
            try decompressor.decompress(bytes) { try parser.feed($0, handler) }
            return
        }
        prefix.append(contentsOf: bytes)
        if prefix.count >= 4 { try startDetected(handler) }
    }

    /// Declares the end of the blob.
    /// - Parameter handler: Called with any last events.
    /// - Throws: `ArchiveError` `.truncated` when the compressed stream or the tar archive is
    ///   incomplete, or whatever `handler` throws.
    public func finish(_ handler: (TarEvent) throws -> Void) throws {
        if decompressor == nil { try startDetected(handler) }
        try decompressor?.finish()
        try parser.finish()
    }

    private func startDetected(_ handler: (TarEvent) throws -> Void) throws {
        let detected = Compression.sniff(prefix)
        let decompressor = try Decompressor(detected, outputLimit: outputLimit)
        self.compression = detected
        self.decompressor = decompressor
        let held = prefix
        prefix = []
        try held.withUnsafeBytes { bytes in
            try decompressor.decompress(bytes) { try parser.feed($0, handler) }
        }
    }
}

/// Reads a possibly compressed tar stream delivered as an async sequence of byte chunks (for
/// example a blob streamed from a registry), calling `handler` with each tar event.
///
/// Nothing is buffered beyond one chunk of decompressed output and the tar headers, so layers
/// of any size stream through in constant memory.
/// - Parameters:
///   - chunks: The blob's bytes, in chunks of any size (`[UInt8]`, `ArraySlice<UInt8>`, NIO's
///     `ByteBufferView`, …).
///   - compression: The blob's compression, or `nil` to detect it from its first bytes.
///   - outputLimit: The most decompressed (tar) bytes to accept, or `nil` for no limit.
///   - limits: Bounds on the tar extended headers buffered.
///   - isolation: The caller's actor, inherited so that `handler` need not be `Sendable`.
///   - handler: Called with each event; `.data` buffers are valid only during the call.
/// - Throws: `ArchiveError` (`.truncated`, `.corrupt`, `.tooLarge`, `.libraryUnavailable`), the
///   sequence's errors, `CancellationError`, or whatever `handler` throws.
public func forEachTarEvent<Chunks: AsyncSequence>(
    in chunks: Chunks,
    compression: Compression?,
    outputLimit: Int64? = nil,
    limits: TarLimits = .default,
    isolation: isolated (any Actor)? = #isolation,
    _ handler: (TarEvent) throws -> Void
) async throws where Chunks.Element: Collection, Chunks.Element.Element == UInt8 {
    let reader = try TarStreamReader(compression: compression, outputLimit: outputLimit, limits: limits)
    for try await chunk in chunks {
        try Task.checkCancellation()
        let handled: Void? = try chunk.withContiguousStorageIfAvailable { buffer in
            try reader.feed(UnsafeRawBufferPointer(buffer), handler)
        }
        if handled == nil {
            try Array(chunk).withUnsafeBytes { try reader.feed($0, handler) }
        }
    }
    try reader.finish(handler)
}
