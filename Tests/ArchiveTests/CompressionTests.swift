import Archive
import Foundation
import Testing

@Suite("Compression")
struct CompressionTests {
    @Test(
        "sniff recognizes gzip, zstd and anything else",
        arguments: [
            ([0x1f, 0x8b, 0x08, 0x00], Compression.gzip),
            ([0x1f, 0x8b], .gzip),
            ([0x28, 0xb5, 0x2f, 0xfd, 0x04], .zstd),
            ([0x28, 0xb5, 0x2f], .none),
            ([0x75, 0x73, 0x74, 0x61, 0x72], .none),
            ([], .none),
            ([0x1f], .none),
        ] as [([UInt8], Compression)]
    )
    func sniff(prefix: [UInt8], expected: Compression) {
        #expect(Compression.sniff(prefix) == expected)
        #expect(Compression.sniff(prefix[...]) == expected)
    }

    @Test("round trip", arguments: [Compression.none, .gzip, .zstd])
    func roundTrip(compression: Compression) throws {
        for data in [[], textBytes(1), textBytes(300_000), pseudoRandomBytes(700_000)] {
            let compressed = try Compressor.compress(data, as: compression)
            if compression != .none { #expect(Compression.sniff(compressed) == compression) }
            let restored = try Decompressor.decompress(compressed, as: compression)
            #expect(restored == data)
        }
    }

    @Test("streaming decompression in odd chunks gives the same bytes", arguments: [Compression.gzip, .zstd])
    func oddChunks(compression: Compression) throws {
        let data = textBytes(1_000_000) + pseudoRandomBytes(200_000)
        let compressed = try Compressor.compress(data, as: compression, level: 1)
        for chunkSize in [1, 7, 4093, 65_536] {
            let (output, largest, decompressor) = try decompressInChunks(compressed, as: compression, chunk: chunkSize)
            #expect(output == data, "chunk size \(chunkSize)")
            #expect(decompressor.totalOut == Int64(data.count))
            #expect(decompressor.totalIn == Int64(compressed.count))
            #expect(largest <= Decompressor.chunkSize)
        }
    }

    @Test("decompresses the output of the gzip and zstd command-line tools")
    func commandLineTools() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let data = textBytes(500_000) + pseudoRandomBytes(100_000)
        try Data(data).write(to: URL(fileURLWithPath: directory.path("plain")))
        try shell("gzip -9 -c '\(directory.path("plain"))' > '\(directory.path("plain.gz"))'")
        try shell("zstd -q -19 -c '\(directory.path("plain"))' > '\(directory.path("plain.zst"))'")

        let gzipped = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory.path("plain.gz"))))
        let zstded = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory.path("plain.zst"))))
        #expect(Compression.sniff(gzipped) == .gzip)
        #expect(Compression.sniff(zstded) == .zstd)
        #expect(try Decompressor.decompress(gzipped, as: .gzip) == data)
        #expect(try Decompressor.decompress(zstded, as: .zstd) == data)
    }

    @Test("the command-line tools decompress what Compressor writes")
    func compressorOutputIsStandard() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let data = textBytes(200_000)
        try Data(try Compressor.compress(data, as: .gzip)).write(to: URL(fileURLWithPath: directory.path("a.gz")))
        try Data(try Compressor.compress(data, as: .zstd)).write(to: URL(fileURLWithPath: directory.path("a.zst")))
        try shell("gzip -t '\(directory.path("a.gz"))' && zstd -q -t '\(directory.path("a.zst"))'")
        try shell("gzip -dc '\(directory.path("a.gz"))' > '\(directory.path("a1"))'")
        try shell("zstd -q -dc '\(directory.path("a.zst"))' > '\(directory.path("a2"))'")
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory.path("a1")))) == data)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory.path("a2")))) == data)
    }

    @Test("output that is an exact multiple of the chunk size", arguments: [Compression.gzip, .zstd])
    func exactChunkMultiple(compression: Compression) throws {
        for count in [Decompressor.chunkSize, 3 * Decompressor.chunkSize, 1 << 24] {
            let data = [UInt8](repeating: 0x61, count: count)
            let compressed = try Compressor.compress(data, as: compression)
            #expect(try Decompressor.decompress(compressed, as: compression) == data, "\(count) bytes")
            let twice = compressed + compressed
            #expect(try Decompressor.decompress(twice, as: compression).count == 2 * count)
        }
    }

    @Test("a truncated stream throws .truncated", arguments: [Compression.gzip, .zstd])
    func truncated(compression: Compression) throws {
        let data = textBytes(100_000)
        let compressed = try Compressor.compress(data, as: compression)
        for cut in [1, 10, compressed.count / 2, compressed.count - 1] {
            let error = archiveError {
                _ = try Decompressor.decompress(Array(compressed.prefix(cut)), as: compression)
            }
            #expect(error?.code == .truncated, "cut at \(cut): \(String(describing: error))")
        }
        let empty = archiveError { _ = try Decompressor.decompress([], as: compression) }
        #expect(empty?.code == .truncated)
    }

    @Test("corrupt data throws .corrupt", arguments: [Compression.gzip, .zstd])
    func corrupt(compression: Compression) throws {
        var compressed = try Compressor.compress(pseudoRandomBytes(50_000), as: compression)
        for index in stride(from: 20, to: compressed.count - 20, by: 97) { compressed[index] ^= 0x5a }
        let error = archiveError { _ = try Decompressor.decompress(compressed, as: compression) }
        #expect(error?.code == .corrupt, "\(String(describing: error))")
    }

    @Test("a decompression bomb stops at the output limit", arguments: [Compression.gzip, .zstd, .none])
    func bomb(compression: Compression) throws {
        // 64 MiB of zeros, compressed in a streaming way from one reused 1 MiB buffer.
        let compressor = try Compressor(compression, level: 1)
        var bomb: [UInt8] = []
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        try zeros.withUnsafeBytes { input in
            for _ in 0..<64 { try compressor.compress(input) { bomb.append(contentsOf: $0) } }
        }
        try compressor.finish { bomb.append(contentsOf: $0) }
        if compression != .none { #expect(bomb.count < 1 << 20) }

        let limit: Int64 = 1 << 20
        let decompressor = try Decompressor(compression, outputLimit: limit)
        var seen: Int64 = 0
        let error = archiveError {
            try bomb.withUnsafeBytes { input in
                var start = 0
                while start < input.count {
                    let end = min(start + 16_384, input.count)
                    try decompressor.decompress(UnsafeRawBufferPointer(rebasing: input[start..<end])) {
                        seen += Int64($0.count)
                    }
                    start = end
                }
            }
        }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("1048576") == true, "\(String(describing: error))")
        #expect(seen <= limit)
        #expect(decompressor.totalOut <= limit)
    }

    @Test("output exactly at the limit is accepted", arguments: [Compression.gzip, .zstd, .none])
    func exactLimit(compression: Compression) throws {
        let data = textBytes(300_000)
        let compressed = try Compressor.compress(data, as: compression)
        #expect(try Decompressor.decompress(compressed, as: compression, outputLimit: 300_000) == data)
        let error = archiveError {
            _ = try Decompressor.decompress(compressed, as: compression, outputLimit: 299_999)
        }
        #expect(error?.code == .tooLarge)
    }

    @Test("concatenated gzip members and zstd frames read as one stream", arguments: [Compression.gzip, .zstd])
    func concatenated(compression: Compression) throws {
        let parts = [textBytes(1000), [], pseudoRandomBytes(300_000), textBytes(5)]
        var joined: [UInt8] = []
        for part in parts { joined += try Compressor.compress(part, as: compression) }
        #expect(try Decompressor.decompress(joined, as: compression) == parts.flatMap { $0 })
        // Byte by byte too.
        let decompressor = try Decompressor(compression)
        var output: [UInt8] = []
        for byte in joined {
            try [byte].withUnsafeBytes { try decompressor.decompress($0) { output.append(contentsOf: $0) } }
        }
        try decompressor.finish()
        #expect(output == parts.flatMap { $0 })
    }

    @Test("concatenated members from the gzip tool")
    func gzipToolMembers() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        try Data("first\n".utf8).write(to: URL(fileURLWithPath: directory.path("a")))
        try Data("second\n".utf8).write(to: URL(fileURLWithPath: directory.path("b")))
        try shell(
            "cd '\(directory.url.path)' && gzip -c a > ab.gz && gzip -c b >> ab.gz && zstd -q -c a > ab.zst && zstd -q -c b >> ab.zst"
        )
        let gz = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory.path("ab.gz"))))
        let zst = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory.path("ab.zst"))))
        #expect(try Decompressor.decompress(gz, as: .gzip) == Array("first\nsecond\n".utf8))
        #expect(try Decompressor.decompress(zst, as: .zstd) == Array("first\nsecond\n".utf8))
    }

    @Test("zero padding after a gzip stream is ignored; other trailing data is not")
    func gzipTrailingData() throws {
        let data = textBytes(10_000)
        let compressed = try Compressor.compress(data, as: .gzip)
        #expect(try Decompressor.decompress(compressed + [UInt8](repeating: 0, count: 600), as: .gzip) == data)
        let garbage = archiveError { _ = try Decompressor.decompress(compressed + [0x41, 0x42, 0x43], as: .gzip) }
        #expect(garbage?.code == .corrupt)
        let afterPadding = archiveError { _ = try Decompressor.decompress(compressed + [0, 0, 0x1f, 0x8b], as: .gzip) }
        #expect(afterPadding?.code == .corrupt)
    }

    @Test("zlib-wrapped deflate is accepted by the gzip decoder")
    func zlibStream() throws {
        // "hello" compressed with zlib.compress (python), level 6.
        let zlib: [UInt8] = [0x78, 0x9c, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x06, 0x2c, 0x02, 0x15]
        #expect(try Decompressor.decompress(zlib, as: .gzip) == Array("hello".utf8))
    }

    @Test("invalid compression levels are refused")
    func invalidLevel() {
        #expect(archiveError { _ = try Compressor(.gzip, level: 10) }?.code == .unsupported)
        #expect(archiveError { _ = try Compressor(.zstd, level: 1000) }?.code == .unsupported)
    }

    @Test("errors describe themselves with their cause")
    func errorDescription() {
        struct Underlying: Error, CustomStringConvertible { var description: String { "disk on fire" } }
        let error = ArchiveError(.corrupt, "bad thing at offset 3", cause: Underlying())
        #expect(error.description == "bad thing at offset 3 (caused by: disk on fire)")
        #expect(error.code == .corrupt && error.code != .truncated)
        #expect(ArchiveError.Code.tooLarge.description == "tooLarge")
    }
}

@Test func inflatesRawDeflateFromARealZip() throws {
    // A real zip made by Python's zipfile (deflate), read back through the local header.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-zip-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let zip = directory.appendingPathComponent("a.zip")
    let text = String(repeating: "groupId=org.example\nartifactId=demo\nversion=1.2.3\n", count: 50)
    let script = "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED); z.writestr('pom.properties', sys.argv[2]); z.close()"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, zip.path, text]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let bytes = [UInt8](try Data(contentsOf: zip))
    // Local file header: 30 bytes + name + extra; compressed size at offset 18.
    let nameLength = Int(bytes[26]) | Int(bytes[27]) << 8
    let extraLength = Int(bytes[28]) | Int(bytes[29]) << 8
    let compressedSize = Int(bytes[18]) | Int(bytes[19]) << 8 | Int(bytes[20]) << 16 | Int(bytes[21]) << 24
    let start = 30 + nameLength + extraLength
    let inflated = try RawInflater.inflate(bytes[start..<(start + compressedSize)], limit: 1 << 20)
    #expect(String(decoding: inflated, as: UTF8.self) == text)
    #expect(throws: ArchiveError.self) { try RawInflater.inflate(bytes[start..<(start + compressedSize)], limit: 100) }
    #expect(throws: ArchiveError.self) { try RawInflater.inflate(bytes[start..<(start + compressedSize / 2)], limit: 1 << 20) }
    #expect(throws: ArchiveError.self) { try RawInflater.inflate([0xff, 0xff, 0xff, 0xff], limit: 1 << 20) }
}
