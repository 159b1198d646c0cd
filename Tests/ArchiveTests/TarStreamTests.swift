import Archive
import Testing

@Suite("forEachTarEvent")
struct TarStreamTests {
    static func layer() -> (tar: [UInt8], members: [ParsedMember]) {
        var writer = TarWriter()
        writer.append(TarEntry(path: "bin/", kind: .directory))
        writer.append(TarEntry(path: "bin/sh", mode: 0o755), contents: pseudoRandomBytes(300_000))
        writer.append(TarEntry(path: "etc/passwd"), contents: Array("root:x:0:0::/root:/bin/sh\n".utf8))
        let tar = writer.finish()
        return (tar, try! parseTar(tar))
    }

    static func chunks(_ bytes: [UInt8], size: Int) -> AsyncStream<ArraySlice<UInt8>> {
        AsyncStream { continuation in
            var start = 0
            while start < bytes.count {
                let end = min(start + size, bytes.count)
                continuation.yield(bytes[start..<end])
                start = end
            }
            continuation.finish()
        }
    }

    @Test("streams compressed layers in chunks", arguments: [Compression.none, .gzip, .zstd])
    func stream(compression: Compression) async throws {
        let (tar, expected) = Self.layer()
        let blob = try Compressor.compress(tar, as: compression)
        for declared in [compression, nil] as [Compression?] {
            var collector = EventCollector()
            try await forEachTarEvent(in: Self.chunks(blob, size: 4099), compression: declared) {
                collector.handle($0)
            }
            collector.finish()
            #expect(collector.members == expected)
        }
    }

    @Test("the output limit applies to the decompressed tar")
    func outputLimit() async throws {
        let (tar, _) = Self.layer()
        let blob = try Compressor.compress(tar, as: .gzip)
        await #expect(throws: ArchiveError.self) {
            try await forEachTarEvent(in: Self.chunks(blob, size: 1 << 16), compression: .gzip, outputLimit: 100_000) {
                _ in
            }
        }
    }

    @Test("a truncated compressed layer reports .truncated", arguments: [Compression.gzip, .zstd, .none])
    func truncatedLayer(compression: Compression) async throws {
        let (tar, _) = Self.layer()
        let blob = try Compressor.compress(Array(tar.prefix(200_000)), as: compression)
        let cut = Array(blob.prefix(blob.count - (compression == .none ? 0 : 10)))
        do {
            try await forEachTarEvent(in: Self.chunks(cut, size: 8192), compression: compression) { _ in }
            Issue.record("expected an error")
        } catch let error as ArchiveError {
            #expect(error.code == .truncated)
        }
    }

    @Test("tiny first chunks still detect the compression")
    func tinyChunks() async throws {
        let (tar, expected) = Self.layer()
        let blob = try Compressor.compress(tar, as: .zstd)
        var collector = EventCollector()
        try await forEachTarEvent(in: Self.chunks(blob, size: 1), compression: nil) { collector.handle($0) }
        #expect(collector.members == expected)
    }

    @Test("an actor can stream into its own state")
    func actorIsolation() async throws {
        actor Counter {
            var files = 0
            func run(_ blob: [UInt8]) async throws -> Int {
                try await forEachTarEvent(in: TarStreamTests.chunks(blob, size: 1000), compression: nil) { event in
                    if case .entry(let entry) = event, entry.kind == .regular { files += 1 }
                }
                return files
            }
        }
        let blob = try Compressor.compress(Self.layer().tar, as: .gzip)
        #expect(try await Counter().run(blob) == 2)
    }
}
