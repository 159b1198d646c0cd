import Archive
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import OCI
import Registry

/// The floor: the least work any scanner of a registry image must do, measured in-process. Fetch the manifest
/// and config, then every layer blob (all layers at once), gunzip it, and SHA-256 both streams: the compressed
/// one (``BlobStream`` verifies it against the layer digest) and the uncompressed one (checked against the
/// config's diff ID). Nothing is parsed or stored.
enum Floor {
    struct Result: Sendable {
        var elapsed: Duration
        /// User plus system CPU seconds of this process during the run (the registry's are not counted).
        var cpuSeconds: Double
        var compressedBytes: Int64
        var uncompressedBytes: Int64
    }

    static func measure(_ reference: Reference) async throws -> Result {
        let client = RegistryClient()
        do {
            let started = ContinuousClock.now
            let cpuStarted = cpuTime()
            let fetched = try await client.fetchManifest(reference)
            guard case .image(let manifest) = fetched.document else {
                throw BenchError("\(reference) is an index; the bench pushes single-platform images")
            }
            let configData = try await client.blob(
                registry: reference.registry, repository: reference.repository, descriptor: manifest.config
            ).collect(limit: 8 << 20)
            let config = try JSONDecoder().decode(ImageConfig.self, from: configData)
            guard config.rootfs.diffIDs.count == manifest.layers.count else {
                throw BenchError("\(reference): \(manifest.layers.count) layers but \(config.rootfs.diffIDs.count) diff IDs")
            }
            let totals = try await withThrowingTaskGroup(of: (Int64, Int64).self) { group in
                for (layer, diffID) in zip(manifest.layers, config.rootfs.diffIDs) {
                    group.addTask { try await readLayer(layer, diffID: diffID, of: reference, client: client) }
                }
                var compressed: Int64 = 0
                var uncompressed: Int64 = 0
                for try await (c, u) in group {
                    compressed += c
                    uncompressed += u
                }
                return (compressed, uncompressed)
            }
            let elapsed = ContinuousClock.now - started
            let cpu = cpuTime() - cpuStarted
            try await client.shutdown()
            return Result(elapsed: elapsed, cpuSeconds: cpu, compressedBytes: totals.0, uncompressedBytes: totals.1)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// This process's user plus system CPU time so far, in seconds.
    static func cpuTime() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private static func readLayer(
        _ layer: Descriptor, diffID: OCI.Digest, of reference: Reference, client: RegistryClient
    ) async throws -> (Int64, Int64) {
        let stream = try await client.blob(registry: reference.registry, repository: reference.repository, descriptor: layer)
        let compression: Compression = layer.mediaType.rawValue.hasSuffix("zstd") ? .zstd : layer.mediaType.rawValue.hasSuffix("gzip") ? .gzip : .none
        let decompressor = try Decompressor(compression)
        var hash = SHA256()
        while let chunk = try await stream.nextChunk() {
            try chunk.withUnsafeBytes { bytes in
                try decompressor.decompress(bytes) { hash.update(bufferPointer: $0) }
            }
        }
        try decompressor.finish()
        let actual = OCI.Digest(algorithm: .sha256, bytes: hash.finalize())
        guard actual == diffID else {
            throw BenchError("layer \(layer.digest) of \(reference) decompresses to \(actual), not its diff ID \(diffID)")
        }
        return (stream.bytesRead, decompressor.totalOut)
    }
}
