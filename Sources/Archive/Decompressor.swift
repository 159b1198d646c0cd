import CCompression

/// A push-based (sans-IO) decompressor for gzip, zstd, xz or uncompressed streams.
///
/// Feed compressed bytes in whatever chunks they arrive with ``decompress(_:_:)``; decompressed
/// bytes are handed to a closure in chunks of at most ``chunkSize`` bytes, all from one reused
/// internal buffer, so memory stays constant whatever the stream size. Call ``finish()`` once the
/// input has ended to learn whether the stream was complete.
///
/// Concatenated gzip members, concatenated zstd frames (including skippable frames) and concatenated xz streams
/// are read as one stream; zero bytes padding the end of a gzip stream are ignored. `.none` passes the input
/// through, still counting and limiting it.
///
/// After an error the decompressor is in an unspecified state: discard it.
public final class Decompressor {
    /// The largest chunk handed to the output closure.
    public static let chunkSize = 128 * 1024
    /// The most memory an xz stream may make liblzma use (`xz -9` needs 65 MiB); more is refused as `.tooLarge`.
    public static let xzMemoryLimit: UInt64 = 256 << 20

    private enum GzipState {
        /// No byte of a member read yet.
        case start
        /// Inside a member.
        case member
        /// After the end of a member: another member or zero padding may follow.
        case betweenMembers(sawPadding: Bool)
    }

    /// The compression being decoded.
    public let compression: Compression
    /// The most decompressed bytes allowed, or `nil` for no limit.
    public let outputLimit: Int64?
    /// Decompressed bytes produced so far.
    public private(set) var totalOut: Int64 = 0
    /// Compressed bytes consumed so far.
    public private(set) var totalIn: Int64 = 0

    private let buffer: UnsafeMutableRawBufferPointer
    private var gzipStream: OpaquePointer?
    private var gzipState = GzipState.start
    private var zstdStream: OpaquePointer?
    /// The last result of ZSTD_decompressStream: 0 at a frame boundary.
    private var zstdLastResult = 0
    private var zstdSawInput = false
    private var xzStream: OpaquePointer?
    private var xzSawInput = false

    /// Creates a decompressor.
    /// - Parameters:
    ///   - compression: The format of the input.
    ///   - outputLimit: The most decompressed bytes to accept (a guard against decompression bombs),
    ///     or `nil` for no limit.
    /// - Throws: `ArchiveError` `.libraryUnavailable` when zlib, zstd or liblzma cannot be loaded,
    ///   `.corrupt` when the library cannot create a stream.
    public init(_ compression: Compression, outputLimit: Int64? = nil) throws {
        self.compression = compression
        self.outputLimit = outputLimit
        try CompressionLibrary.require(compression)
        switch compression {
        case .none:
            buffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        case .gzip:
            var status: Int32 = 0
            guard let stream = cc_gzip_inflate_create(&status) else {
                throw ArchiveError(.corrupt, "cannot create a gzip decoder: zlib returned \(status)")
            }
            gzipStream = stream
            buffer = .allocate(byteCount: Self.chunkSize, alignment: 16)
        case .zstd:
            guard let stream = cc_zstd_dstream_create() else {
                throw ArchiveError(.corrupt, "cannot create a zstd decoder: out of memory")
            }
            zstdStream = stream
            buffer = .allocate(byteCount: Self.chunkSize, alignment: 16)
        case .xz:
            var status: Int32 = 0
            guard let stream = cc_xz_dstream_create(Self.xzMemoryLimit, &status) else {
                throw ArchiveError(.corrupt, "cannot create an xz decoder: \(CompressionLibrary.xzMessage(status))")
            }
            xzStream = stream
            buffer = .allocate(byteCount: Self.chunkSize, alignment: 16)
        }
    }

    deinit {
        cc_gzip_destroy(gzipStream)
        cc_zstd_dstream_destroy(zstdStream)
        cc_xz_dstream_destroy(xzStream)
        buffer.deallocate()
    }

    /// Decompresses the next chunk of input.
    /// - Parameters:
    ///   - input: The next compressed bytes; only read during the call.
    ///   - output: Called with each chunk of decompressed bytes, valid only during that call.
    /// - Throws: `ArchiveError` `.corrupt` for invalid data, `.tooLarge` when the output would exceed
    ///   ``outputLimit``, or whatever `output` throws.
    public func decompress(_ input: UnsafeRawBufferPointer, _ output: (UnsafeRawBufferPointer) throws -> Void) throws {
        switch compression {
        case .none:
            guard !input.isEmpty else { return }
            try checkLimit(adding: input.count)
            totalIn += Int64(input.count)
            totalOut += Int64(input.count)
            try output(input)
        case .gzip:
            try inflate(input, output)
        case .zstd:
            try decompressZstd(input, output)
        case .xz:
            try decompressXZ(input, output)
        }
    }

    /// Declares the end of the input.
    /// - Throws: `ArchiveError` `.truncated` when the compressed stream is incomplete (it ended
    ///   inside a gzip member or zstd frame, or there was no input at all).
    public func finish() throws {
        switch compression {
        case .none:
            return
        case .gzip:
            switch gzipState {
            case .betweenMembers:
                return
            case .start:
                throw ArchiveError(.truncated, "the gzip stream is empty: no gzip member was found")
            case .member:
                throw ArchiveError(
                    .truncated,
                    "the gzip stream is truncated: it ended after \(totalIn) compressed bytes "
                        + "(\(totalOut) decompressed) in the middle of a member"
                )
            }
        case .zstd:
            if !zstdSawInput {
                throw ArchiveError(.truncated, "the zstd stream is empty: no zstd frame was found")
            }
            if zstdLastResult != 0 {
                throw ArchiveError(
                    .truncated,
                    "the zstd stream is truncated: it ended after \(totalIn) compressed bytes "
                        + "(\(totalOut) decompressed) in the middle of a frame"
                )
            }
        case .xz:
            guard xzSawInput, let stream = xzStream, let out = buffer.baseAddress else {
                throw ArchiveError(.truncated, "the xz stream is empty: no xz stream was found")
            }
            // Every byte the input allowed was decoded already; declaring the end only checks that the last stream
            // (its index and footer) is complete.
            var consumed = 0
            var produced = 0
            let result = cc_xz_dstream_step(stream, nil, 0, &consumed, out, buffer.count, &produced, 1)
            guard result == CC_LZMA_STREAM_END, produced == 0 else {
                throw ArchiveError(
                    .truncated,
                    "the xz stream is truncated: it ended after \(totalIn) compressed bytes (\(totalOut) decompressed) "
                        + "before its end (\(CompressionLibrary.xzMessage(result)))"
                )
            }
        }
    }

    /// Decompresses a whole in-memory buffer.
    /// - Parameters:
    ///   - data: The complete compressed stream.
    ///   - compression: Its format.
    ///   - outputLimit: The most decompressed bytes to accept, or `nil` for no limit.
    /// - Returns: The decompressed bytes.
    /// - Throws: `ArchiveError` as ``decompress(_:_:)`` and ``finish()`` do.
    public static func decompress(_ data: [UInt8], as compression: Compression, outputLimit: Int64? = nil) throws
        -> [UInt8]
    {
        let decompressor = try Decompressor(compression, outputLimit: outputLimit)
        var result: [UInt8] = []
        try data.withUnsafeBytes { input in
            try decompressor.decompress(input) { result.append(contentsOf: $0) }
        }
        try decompressor.finish()
        return result
    }

    // MARK: - Internals

    private func checkLimit(adding count: Int) throws(ArchiveError) {
        guard let outputLimit, totalOut + Int64(count) > outputLimit else { return }
        throw ArchiveError(
            .tooLarge,
            "the decompressed \(compression.rawValue) stream exceeds the limit of \(ByteCount(outputLimit)) "
                + "after \(totalIn) compressed bytes; refusing to decompress further (possible decompression bomb)"
        )
    }

    private func emit(_ count: Int, _ output: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard count > 0 else { return }
        try checkLimit(adding: count)
        totalOut += Int64(count)
        try output(UnsafeRawBufferPointer(start: buffer.baseAddress, count: count))
    }

    private func inflate(_ input: UnsafeRawBufferPointer, _ output: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let stream = gzipStream, let out = buffer.baseAddress else { return }
        var input = input
        while true {
            if case .betweenMembers(let sawPadding) = gzipState {
                // Zero bytes after the last member are padding (some tools pad to a block size).
                var zeros = 0
                while zeros < input.count && input[zeros] == 0 { zeros += 1 }
                if zeros > 0 {
                    totalIn += Int64(zeros)
                    input = UnsafeRawBufferPointer(rebasing: input[zeros...])
                    gzipState = .betweenMembers(sawPadding: true)
                }
                if input.isEmpty { return }
                if sawPadding || zeros > 0 {
                    throw ArchiveError(
                        .corrupt,
                        "the gzip stream has non-zero data after its zero padding at compressed offset \(totalIn)"
                    )
                }
                let reset = cc_gzip_reset(stream)
                guard reset == CC_Z_OK else {
                    throw ArchiveError(.corrupt, "cannot reset the gzip decoder: zlib returned \(reset)")
                }
                gzipState = .start
            }
            if input.isEmpty, case .start = gzipState { return }
            if !input.isEmpty { gzipState = .member }

            var consumed = 0
            var produced = 0
            let result = cc_gzip_step(stream, input.baseAddress, input.count, &consumed, out, buffer.count, &produced, 0)
            totalIn += Int64(consumed)
            input = UnsafeRawBufferPointer(rebasing: input[consumed...])
            try emit(produced, output)
            switch result {
            case CC_Z_OK:
                break
            case CC_Z_STREAM_END:
                gzipState = .betweenMembers(sawPadding: false)
                continue
            case CC_Z_BUF_ERROR:
                // No progress was possible: all input is used and all output flushed.
                return
            default:
                let why = CompressionLibrary.zlibMessage(stream, result: result)
                throw ArchiveError(.corrupt, "the gzip stream is corrupt near compressed offset \(totalIn): \(why)")
            }
            if input.isEmpty && produced < buffer.count { return }
            if consumed == 0 && produced == 0 { return }
        }
    }

    private func decompressZstd(_ input: UnsafeRawBufferPointer, _ output: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        guard let stream = zstdStream, let out = buffer.baseAddress else { return }
        var input = input
        if !input.isEmpty { zstdSawInput = true }
        while true {
            var consumed = 0
            var produced = 0
            let result = cc_zstd_dstream_step(stream, input.baseAddress, input.count, &consumed, out, buffer.count, &produced)
            if cc_zstd_is_error(result) != 0 {
                if cc_zstd_error_code(result) == CC_ZSTD_ERROR_WINDOW_TOO_LARGE {
                    throw ArchiveError(
                        .tooLarge,
                        "the zstd frame near compressed offset \(totalIn) needs a window larger than 128 MiB "
                            + "to decode; refusing (\(CompressionLibrary.zstdErrorName(result)))"
                    )
                }
                throw ArchiveError(
                    .corrupt,
                    "the zstd stream is corrupt near compressed offset \(totalIn): "
                        + CompressionLibrary.zstdErrorName(result)
                )
            }
            // A call without progress says nothing about the frame (after a frame's end, zstd
            // answers an empty call with the header size of a next frame).
            if consumed == 0 && produced == 0 { return }
            zstdLastResult = result
            totalIn += Int64(consumed)
            input = UnsafeRawBufferPointer(rebasing: input[consumed...])
            try emit(produced, output)
            if input.isEmpty && (produced < buffer.count || result == 0) { return }
        }
    }

    private func decompressXZ(_ input: UnsafeRawBufferPointer, _ output: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let stream = xzStream, let out = buffer.baseAddress else { return }
        var input = input
        if !input.isEmpty { xzSawInput = true }
        while true {
            var consumed = 0
            var produced = 0
            let result = cc_xz_dstream_step(stream, input.baseAddress, input.count, &consumed, out, buffer.count, &produced, 0)
            totalIn += Int64(consumed)
            input = UnsafeRawBufferPointer(rebasing: input[consumed...])
            try emit(produced, output)
            switch result {
            case CC_LZMA_OK:
                break
            case CC_LZMA_BUF_ERROR:
                // No progress was possible: all input is used and all output flushed.
                return
            case CC_LZMA_MEMLIMIT_ERROR:
                throw ArchiveError(
                    .tooLarge,
                    "the xz stream near compressed offset \(totalIn) needs more than \(ByteCount(Int64(Self.xzMemoryLimit))) "
                        + "of memory to decode; refusing"
                )
            default:
                throw ArchiveError(
                    .corrupt, "the xz stream is corrupt near compressed offset \(totalIn): \(CompressionLibrary.xzMessage(result))")
            }
            if input.isEmpty && produced < buffer.count { return }
            if consumed == 0 && produced == 0 { return }
        }
    }
}
