import Archive
import Crypto
import Foundation
import Layers
import OCI
import TestSupport
import Testing

/// Bytes delivered as an async sequence of fixed-size chunks, like a registry blob stream.
struct Chunked: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let bytes: [UInt8]
    let size: Int

    init(_ bytes: [UInt8], size: Int = 7919) {
        self.bytes = bytes
        self.size = size
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let bytes: [UInt8]
        let size: Int
        var offset = 0

        mutating func next() async -> [UInt8]? {
            guard offset < bytes.count else { return nil }
            let end = Swift.min(offset + size, bytes.count)
            defer { offset = end }
            return Array(bytes[offset..<end])
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bytes: bytes, size: size) }
}

/// Reads a built layer through the async reader in chunks.
func read(
    _ layer: BuiltLayer, with reader: LayerReader = LayerReader(), compression: Compression? = nil,
    chunkSize: Int = 7919, name: String = "test"
) async throws -> LayerRecord {
    try await reader.read(
        Chunked(layer.blob, size: chunkSize), compression: compression, name: name, expectedDiffID: layer.diffID)
}

/// Builds a layer and reads it.
func read(_ nodes: [TreeNode], with reader: LayerReader = LayerReader(), compression: Compression = .gzip)
    async throws -> LayerRecord
{
    try await read(try ImageBuilder.layer(nodes, compression: compression), with: reader)
}

/// A raw tar made of entries as given (names not sanitized), compressed.
func rawLayer(_ members: [(TarEntry, [UInt8])], compression: Compression = .gzip) throws -> [UInt8] {
    var writer = TarWriter()
    for (entry, contents) in members { writer.append(entry, contents: contents) }
    return try Compressor.compress(writer.finish(), as: compression)
}

func digest(_ bytes: [UInt8]) -> OCI.Digest {
    OCI.Digest(algorithm: .sha256, bytes: SHA256.hash(data: bytes))
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Deterministic pseudo-random bytes (xorshift), incompressible enough to exercise real inflate work.
func noise(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
    var state = seed
    var out = [UInt8](repeating: 0, count: count)
    for index in 0..<count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        out[index] = UInt8(truncatingIfNeeded: state)
    }
    return out
}

extension LayerRecord {
    /// The last entry at a path.
    func entry(_ path: String) -> FileRecord? { entries.last { $0.path == path } }
}
