/// A compression format used for image layers and blobs.
public enum Compression: String, Sendable, Hashable, CaseIterable {
    /// Not compressed.
    case none
    /// gzip (RFC 1952); zlib-wrapped deflate is accepted when reading too.
    case gzip
    /// Zstandard (RFC 8878).
    case zstd
    /// xz (LZMA2 in the .xz container), read only: vendors publish feeds as `.tar.xz` (Canonical's VEX and OSV data).
    case xz

    /// Guesses the compression of a stream from its first bytes.
    ///
    /// gzip starts with `1f 8b`, zstd frames with `28 b5 2f fd`, xz streams with `fd 37 7a 58` (`\xFD7zX`, the start
    /// of the six-byte `\xFD7zXZ\0`); anything else (including a prefix too short to tell) is `.none`. Four bytes are
    /// enough to decide.
    /// - Parameter prefix: The first bytes of the stream (at least 4 for zstd to be recognized).
    /// - Returns: The detected compression.
    public static func sniff(_ prefix: some Collection<UInt8>) -> Compression {
        var iterator = prefix.makeIterator()
        let b0 = iterator.next()
        let b1 = iterator.next()
        if b0 == 0x1f && b1 == 0x8b { return .gzip }
        let b2 = iterator.next()
        let b3 = iterator.next()
        if b0 == 0x28 && b1 == 0xb5 && b2 == 0x2f && b3 == 0xfd { return .zstd }
        if b0 == 0xfd && b1 == 0x37 && b2 == 0x7a && b3 == 0x58 { return .xz }
        return .none
    }
}
