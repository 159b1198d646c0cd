import CCompression

/// A push-based compressor producing gzip, zstd or uncompressed output.
///
/// Feed bytes with ``compress(_:_:)`` and end the stream with ``finish(_:)``; compressed bytes are
/// handed to a closure in chunks from one reused internal buffer. For small in-memory data, use
/// ``compress(_:as:level:)``. zstd output carries content checksums, as the `zstd` tool writes.
///
/// After an error or ``finish(_:)`` the compressor must not be used again.
public final class Compressor {
    private static let chunkSize = 128 * 1024

    /// The output format.
    public let compression: Compression
    /// Uncompressed bytes consumed so far.
    public private(set) var totalIn: Int64 = 0
    /// Compressed bytes produced so far.
    public private(set) var totalOut: Int64 = 0

    private let buffer: UnsafeMutableRawBufferPointer
    private var gzipStream: OpaquePointer?
    private var zstdStream: OpaquePointer?
    private var finished = false

    /// Creates a compressor.
    /// - Parameters:
    ///   - compression: The output format.
    ///   - level: The compression level: 0…9 for gzip (default 6), the zstd range (default 3)
    ///     for zstd; ignored for `.none`.
    /// - Throws: `ArchiveError` `.libraryUnavailable` when zlib or zstd cannot be loaded,
    ///   `.unsupported` for a level out of range.
    public init(_ compression: Compression, level: Int? = nil) throws {
        self.compression = compression
        try CompressionLibrary.require(compression)
        switch compression {
        case .none:
            buffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        case .gzip:
            let level = level ?? 6
            guard (0...9).contains(level) else {
                throw ArchiveError(.unsupported, "gzip compression level \(level) is not in 0…9")
            }
            var status: Int32 = 0
            guard let stream = cc_gzip_deflate_create(Int32(level), &status) else {
                throw ArchiveError(.unsupported, "cannot create a gzip encoder: zlib returned \(status)")
            }
            gzipStream = stream
            buffer = .allocate(byteCount: Self.chunkSize, alignment: 16)
        case .xz:
            throw ArchiveError(.unsupported, "writing xz is not supported (xz is read only; write gzip or zstd)")
        case .zstd:
            let level = level ?? 3
            let range = Int(cc_zstd_min_level())...Int(cc_zstd_max_level())
            guard range.contains(level) else {
                throw ArchiveError(.unsupported, "zstd compression level \(level) is not in \(range)")
            }
            var error = 0
            guard let stream = cc_zstd_cstream_create(Int32(level), &error) else {
                let why = error == 0 ? "out of memory" : CompressionLibrary.zstdErrorName(error)
                throw ArchiveError(.unsupported, "cannot create a zstd encoder: \(why)")
            }
            zstdStream = stream
            buffer = .allocate(byteCount: Self.chunkSize, alignment: 16)
        }
    }

    deinit {
        cc_gzip_destroy(gzipStream)
        cc_zstd_cstream_destroy(zstdStream)
        buffer.deallocate()
    }

    /// Compresses the next bytes of input.
    /// - Parameters:
    ///   - input: Bytes to compress; only read during the call.
    ///   - output: Called with each chunk of compressed bytes, valid only during that call.
    /// - Throws: `ArchiveError` when the library fails, or whatever `output` throws.
    public func compress(_ input: UnsafeRawBufferPointer, _ output: (UnsafeRawBufferPointer) throws -> Void) throws {
        precondition(!finished, "Compressor used after finish()")
        try run(input, end: false, output)
    }

    /// Ends the stream, flushing the remaining compressed bytes and the trailer.
    /// - Parameter output: Called with each remaining chunk of compressed bytes.
    /// - Throws: `ArchiveError` when the library fails, or whatever `output` throws.
    public func finish(_ output: (UnsafeRawBufferPointer) throws -> Void) throws {
        precondition(!finished, "Compressor.finish() called twice")
        finished = true
        try run(UnsafeRawBufferPointer(start: nil, count: 0), end: true, output)
    }

    /// Compresses a whole in-memory buffer.
    /// - Parameters:
    ///   - data: The bytes to compress.
    ///   - compression: The output format.
    ///   - level: The compression level, or `nil` for the format's default.
    /// - Returns: The complete compressed stream (`data` itself for `.none`).
    /// - Throws: `ArchiveError` as ``init(_:level:)`` does.
    public static func compress(_ data: [UInt8], as compression: Compression, level: Int? = nil) throws -> [UInt8] {
        let compressor = try Compressor(compression, level: level)
        var result: [UInt8] = []
        result.reserveCapacity(compression == .none ? data.count : data.count / 4 + 64)
        try data.withUnsafeBytes { input in
            try compressor.compress(input) { result.append(contentsOf: $0) }
        }
        try compressor.finish { result.append(contentsOf: $0) }
        return result
    }

    // MARK: - Internals

    private func run(_ input: UnsafeRawBufferPointer, end: Bool, _ output: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        switch compression {
        case .none:
            guard !input.isEmpty else { return }
            totalIn += Int64(input.count)
            totalOut += Int64(input.count)
            try output(input)
        case .gzip:
            guard let stream = gzipStream, let out = buffer.baseAddress else { return }
            var input = input
            while true {
                var consumed = 0
                var produced = 0
                let result = cc_gzip_step(
                    stream, input.baseAddress, input.count, &consumed, out, buffer.count, &produced, end ? 1 : 0)
                try advance(&input, consumed: consumed, produced: produced, output)
                switch result {
                case CC_Z_STREAM_END:
                    return
                case CC_Z_OK, CC_Z_BUF_ERROR:
                    if !end && input.isEmpty && produced < buffer.count { return }
                    if result == CC_Z_BUF_ERROR && consumed == 0 && produced == 0 { return }
                default:
                    let why = CompressionLibrary.zlibMessage(stream, result: result)
                    throw ArchiveError(.corrupt, "gzip compression failed: \(why)")
                }
            }
        case .xz:
            return  // never created: init refuses xz
        case .zstd:
            guard let stream = zstdStream, let out = buffer.baseAddress else { return }
            var input = input
            while true {
                var consumed = 0
                var produced = 0
                let result = cc_zstd_cstream_step(
                    stream, input.baseAddress, input.count, &consumed, out, buffer.count, &produced, end ? 1 : 0)
                if cc_zstd_is_error(result) != 0 {
                    throw ArchiveError(.corrupt, "zstd compression failed: \(CompressionLibrary.zstdErrorName(result))")
                }
                try advance(&input, consumed: consumed, produced: produced, output)
                if end {
                    if result == 0 { return }
                } else if input.isEmpty {
                    return
                }
            }
        }
    }

    private func advance(
        _ input: inout UnsafeRawBufferPointer, consumed: Int, produced: Int,
        _ output: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        totalIn += Int64(consumed)
        if consumed > 0 { input = UnsafeRawBufferPointer(rebasing: input[consumed...]) }
        guard produced > 0 else { return }
        totalOut += Int64(produced)
        try output(UnsafeRawBufferPointer(start: buffer.baseAddress, count: produced))
    }
}
