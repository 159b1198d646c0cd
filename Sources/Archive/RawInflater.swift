import CCompression

/// Inflates raw deflate data (no gzip or zlib wrapper), as zip archives store their entries.
public enum RawInflater {
    /// Inflates a whole deflate stream held in memory.
    /// - Parameters:
    ///   - data: the compressed bytes of one entry.
    ///   - limit: the most bytes to produce; more is refused (a guard against zip bombs).
    /// - Throws: ``ArchiveError`` `.corrupt` for invalid data, `.truncated` when the stream ends early,
    ///   `.tooLarge` past `limit`, `.libraryUnavailable` without zlib.
    public static func inflate(_ data: some Collection<UInt8>, limit: Int) throws -> [UInt8] {
        try CompressionLibrary.require(.gzip)
        var status: Int32 = 0
        guard let stream = cc_raw_inflate_create(&status) else {
            throw ArchiveError(.corrupt, "cannot create a deflate decoder: zlib returned \(status)")
        }
        defer { cc_gzip_destroy(stream) }
        let input = Array(data)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var offset = 0
        while true {
            var consumed = 0
            var produced = 0
            let result = input.withUnsafeBytes { inputBytes in
                chunk.withUnsafeMutableBytes { chunkBytes in
                    cc_gzip_step(
                        stream, inputBytes.baseAddress.map { $0 + offset }, input.count - offset, &consumed,
                        chunkBytes.baseAddress!, chunkBytes.count, &produced, 0)
                }
            }
            offset += consumed
            guard output.count + produced <= limit else {
                throw ArchiveError(.tooLarge, "a deflate entry inflates past the limit of \(ByteCount(Int64(limit)))")
            }
            output.append(contentsOf: chunk[..<produced])
            switch result {
            case CC_Z_STREAM_END:
                return output
            case CC_Z_OK:
                continue
            case CC_Z_BUF_ERROR where offset >= input.count && produced == 0:
                throw ArchiveError(.truncated, "the deflate data ended after \(input.count) bytes before its end marker")
            case CC_Z_BUF_ERROR:
                continue
            default:
                let message = cc_gzip_message(stream).map { String(cString: $0) } ?? "error \(result)"
                throw ArchiveError(.corrupt, "invalid deflate data: \(message)")
            }
        }
    }
}
