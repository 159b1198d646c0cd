import Archive
import Foundation
import TestSupport
import Testing

/// xz, read through the system liblzma: streams written by the real `xz` (several presets, concatenated streams, odd
/// chunk sizes), and what a truncated, corrupt, empty or oversized one does.
@Suite("xz", .serialized)
struct XZTests {
    /// `data` compressed by the `xz` command with `options`.
    /// The command runs off the concurrency pool (``runShellOffPool(_:)``): `xz -9e` takes seconds.
    static func xz(_ data: [UInt8], options: String = "-6") async throws -> [UInt8] {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        try Data(data).write(to: URL(fileURLWithPath: directory.path("data")))
        try await runShellOffPool("xz \(options) --keep '\(directory.path("data"))'")
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory.path("data.xz"))))
    }

    @Test("sniff recognizes xz from its first four bytes", arguments: [
        ([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], Compression.xz), ([0xfd, 0x37, 0x7a, 0x58], .xz), ([0xfd, 0x37, 0x7a], .none),
    ] as [([UInt8], Compression)])
    func sniff(prefix: [UInt8], expected: Compression) {
        #expect(Compression.sniff(prefix) == expected)
    }

    @Test("the xz command's output decompresses to the same bytes, in any chunks", arguments: ["-0", "-6", "-9e", "--check=sha256 -3", "--check=none -1"])
    func realStreams(options: String) async throws {
        let data = textBytes(300_000) + pseudoRandomBytes(100_000)
        let compressed = try await Self.xz(data, options: options)
        #expect(Compression.sniff(compressed) == .xz)
        #expect(try Decompressor.decompress(compressed, as: .xz) == data)
        for chunk in [1, 7, 4093] where chunk > 1 || options == "-0" {
            let (output, largest, decompressor) = try decompressInChunks(compressed, as: .xz, chunk: chunk)
            #expect(output == data, "chunk \(chunk)")
            #expect(decompressor.totalIn == Int64(compressed.count) && decompressor.totalOut == Int64(data.count))
            #expect(largest <= Decompressor.chunkSize)
        }
    }

    @Test("concatenated streams (`cat a.xz b.xz`) are one stream; an empty one decodes to nothing")
    func concatenated() async throws {
        let a = textBytes(70_000)
        let b = pseudoRandomBytes(50_000)
        let both = try await Self.xz(a) + Self.xz(b)
        #expect(try Decompressor.decompress(both, as: .xz) == a + b)
        let empty = try await Self.xz([])
        #expect(try Decompressor.decompress(empty, as: .xz) == [])
    }

    @Test("a truncated stream is .truncated; a corrupt one .corrupt; no input at all .truncated")
    func badStreams() async throws {
        let data = textBytes(200_000)
        let compressed = try await Self.xz(data)
        for cut in [compressed.count - 1, compressed.count - 12, compressed.count / 2, 13] {
            let error = archiveError { _ = try Decompressor.decompress(Array(compressed.prefix(cut)), as: .xz) }
            #expect(error?.code == .truncated, "cut at \(cut): \(String(describing: error))")
        }
        var flipped = compressed
        flipped[compressed.count / 2] ^= 0x55
        #expect(archiveError { _ = try Decompressor.decompress(flipped, as: .xz) }?.code == .corrupt)
        var header = compressed
        header[5] = 0x7f  // the stream header's reserved byte
        #expect(archiveError { _ = try Decompressor.decompress(header, as: .xz) }?.code == .corrupt)
        #expect(archiveError { _ = try Decompressor.decompress([], as: .xz) }?.code == .truncated)
        // Trailing garbage after a complete stream is not another stream.
        #expect(archiveError { _ = try Decompressor.decompress(compressed + Array("garbage!".utf8), as: .xz) } != nil)
    }

    @Test("an xz bomb stops at the output limit")
    func bomb() async throws {
        let compressed = try await Self.xz([UInt8](repeating: 0, count: 64 << 20), options: "-1")
        #expect(compressed.count < 64 << 10)
        let error = archiveError { _ = try Decompressor.decompress(compressed, as: .xz, outputLimit: 1 << 20) }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("decompression bomb") == true)
    }

    @Test("xz is read only: a compressor refuses it")
    func notWritten() {
        #expect(archiveError { _ = try Compressor(.xz) }?.code == .unsupported)
    }
}
