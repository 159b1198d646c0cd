import CCompression

/// Loading of the system compression libraries through the CCompression dlopen shim.
enum CompressionLibrary {
    /// Throws `.libraryUnavailable` unless the library behind `compression` can be loaded.
    static func require(_ compression: Compression) throws(ArchiveError) {
        let library: Int32
        let name: String
        switch compression {
        case .none: return
        case .gzip: (library, name) = (CC_LIBRARY_ZLIB, "zlib (libz.so.1)")
        case .zstd: (library, name) = (CC_LIBRARY_ZSTD, "zstd (libzstd.so.1)")
        case .xz: (library, name) = (CC_LIBRARY_LZMA, "liblzma (liblzma.so.5)")
        }
        var message: UnsafePointer<CChar>?
        if cc_library_load(library, &message) == 0 {
            let why = message.map { String(cString: $0) } ?? "unknown reason"
            throw ArchiveError(
                .libraryUnavailable,
                "cannot use \(compression.rawValue): the system library \(name) could not be loaded: \(why)"
            )
        }
    }

    /// The text of a zstd error code.
    static func zstdErrorName(_ code: Int) -> String {
        String(cString: cc_zstd_error_name(code))
    }

    /// What an xz result code means.
    static func xzMessage(_ result: Int32) -> String {
        switch result {
        case CC_LZMA_MEM_ERROR: "out of memory"
        case CC_LZMA_MEMLIMIT_ERROR: "the stream needs more memory than allowed"
        case CC_LZMA_FORMAT_ERROR: "not an xz stream"
        case CC_LZMA_OPTIONS_ERROR: "unsupported compression options"
        case CC_LZMA_DATA_ERROR: "invalid compressed data"
        case CC_LZMA_BUF_ERROR: "the stream ended early"
        default: "liblzma error \(result)"
        }
    }

    /// zlib's message for the stream, or a fallback from the result code.
    static func zlibMessage(_ stream: OpaquePointer, result: Int32) -> String {
        if let message = cc_gzip_message(stream) { return String(cString: message) }
        switch result {
        case CC_Z_DATA_ERROR: return "invalid deflate data"
        case CC_Z_MEM_ERROR: return "out of memory"
        case CC_Z_NEED_DICT: return "a preset dictionary is required"
        case CC_Z_STREAM_ERROR: return "inconsistent stream state"
        case CC_Z_VERSION_ERROR: return "incompatible zlib version"
        default: return "zlib error \(result)"
        }
    }
}
