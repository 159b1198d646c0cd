import Archive
import Layers
import OCI
import TestSupport
import Testing

/// Layers past 8 MiB are hashed and parsed on a second thread; these check that it changes nothing.
@Suite("LayerReader pipeline")
struct LayerPipelineTests {
    static let block = noise(64 << 10, seed: 11)
    static let big = Array((0..<160).map { _ in block }.joined())  // 10 MiB

    static func nodes() -> [TreeNode] {
        [
            .file("opt/big1.bin", big, mode: 0o755), .text("etc/os-release", "ID=alpine\n"),
            .file("opt/big2.bin", Array(big.prefix(3 << 20)), mode: 0o755), .whiteout("etc/old"),
            .text("etc/after", "after the pipeline started"), .file("usr/bin/tool", Array(block.prefix(1000)), mode: 0o755),
        ]
    }

    @Test("pipelined and single-threaded reads agree", arguments: [Compression.gzip, .zstd, .none])
    func agree(compression: Compression) async throws {
        let layer = try ImageBuilder.layer(Self.nodes(), compression: compression)
        let captures = [CaptureRule("/etc/*"), CaptureRule("/opt/big1.bin", maxSize: 20 << 20)]
        let pipelined = try await read(layer, with: LayerReader(captures: captures, probes: [CountingProbe()]), chunkSize: 100_000)
        let single = try await read(
            layer, with: LayerReader(captures: captures, probes: [CountingProbe()], pipelined: false), chunkSize: 100_000)
        // Probes see different chunk boundaries (the CountingProbe extract counts them); everything else is equal.
        var withoutExtracts = (pipelined, single)
        withoutExtracts.0.extracts = [:]
        withoutExtracts.1.extracts = [:]
        let same = withoutExtracts.0 == withoutExtracts.1
        #expect(same)
        let extracts = pipelined.extracts["counter"]?.mapValues { $0.split(separator: 32).dropFirst(2).first.map(Array.init) }
        let expected = single.extracts["counter"]?.mapValues { $0.split(separator: 32).dropFirst(2).first.map(Array.init) }
        #expect(extracts == expected)
        #expect(pipelined.diffID == layer.diffID)
        #expect(pipelined.entry("/opt/big1.bin")?.sha256 == digest(Self.big))
        let captured = pipelined.contents["/opt/big1.bin"] == Self.big
        #expect(captured)
        #expect(pipelined.contents["/etc/after"] == bytes("after the pipeline started"))
        #expect(pipelined.whiteouts == ["/etc/old"])
        #expect(pipelined.extracts["counter"]?["/usr/bin/tool"] != nil)
    }

    @Test("an error found on the worker thread fails the layer, naming it")
    func workerError() throws {
        var writer = TarWriter()
        writer.append(TarEntry(path: "big"), contents: Self.big)
        writer.append(TarEntry(path: "next"), contents: bytes("n"))
        writer.append(TarEntry(path: "last"), contents: bytes("l"))
        var tar = writer.finish()
        let second = 512 + Self.big.count
        tar[second + 20] ^= 0x40
        for pipelined in [true, false] {
            let error = try #require(throws: LayerError.self) {
                try LayerReader(pipelined: pipelined).read(tar, compression: Compression.none, name: "layer 4 (late)")
            }
            #expect(error.code == .corrupt)
            #expect(error.message.contains("layer 4 (late)") && error.message.contains("checksum"))
        }
    }

    @Test("a scanner abandoned mid-layer stops its worker")
    func abandoned() throws {
        let layer = try ImageBuilder.layer(Self.nodes(), compression: .gzip)
        for _ in 0..<3 {
            let scanner = try LayerReader().scanner(name: "abandoned", compression: nil)
            try layer.blob.withUnsafeBytes { try scanner.feed(UnsafeRawBufferPointer(rebasing: $0[..<($0.count * 3 / 4)])) }
        }
        // Nothing to assert but that this returns and later reads work.
        let record = try LayerReader().read(layer.blob, compression: nil, name: "after")
        #expect(record.diffID == layer.diffID)
    }
}
