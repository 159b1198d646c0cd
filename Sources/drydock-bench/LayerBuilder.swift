import Archive
import Crypto
import Foundation
import OCI

/// A layer blob on disk: gzip of a tar of one root filesystem dir, with its descriptor and diff ID.
struct LayerFile: Codable, Sendable {
    /// The rootfs dir's name (`minbase`, `dev`, `wheels`).
    var name: String
    /// The rootfs marker's content when the blob was made; a different marker means a rebuilt rootfs.
    var marker: String
    var digest: OCI.Digest
    var size: Int64
    var diffID: OCI.Digest
    var uncompressedSize: Int64
    /// Where the blob is.
    var path: String

    var descriptor: Descriptor { Descriptor(mediaType: .ociLayerGzip, digest: digest, size: size) }
}

/// Makes layer blobs from the rootfs dirs that scripts/bench/rootfs.sh builds, and caches them: a blob is
/// made again only when its rootfs marker (`NAME.done`) changed.
struct LayerBuilder {
    let rootfs: URL
    let cache: URL
    let tar: String

    func layer(_ name: String) async throws -> LayerFile {
        let dir = rootfs.appendingPathComponent(name)
        let markerFile = rootfs.appendingPathComponent("\(name).done")
        guard let marker = try? String(contentsOf: markerFile, encoding: .utf8) else {
            throw BenchError("rootfs \(name) is not built (no \(markerFile.path)); scripts/bench/rootfs.sh builds it")
        }
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let metadata = cache.appendingPathComponent("\(name).json")
        let blob = cache.appendingPathComponent("\(name).tar.gz")
        if let data = try? Data(contentsOf: metadata), let cached = try? JSONDecoder().decode(LayerFile.self, from: data),
            cached.marker == marker, cached.path == blob.path,
            let attributes = try? FileManager.default.attributesOfItem(atPath: blob.path),
            (attributes[.size] as? NSNumber)?.int64Value == cached.size
        {
            return cached
        }
        print("  building layer \(name) from \(dir.path) …")
        let started = ContinuousClock.now
        let tarFile = cache.appendingPathComponent("\(name).tar.tmp")
        defer { try? FileManager.default.removeItem(at: tarFile) }
        // Top-level entries without a `./` prefix, as `docker build` writes them; --sort=name orders the rest.
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        guard !entries.isEmpty else { throw BenchError("rootfs \(dir.path) is empty") }
        let log = cache.appendingPathComponent("\(name).tar.log").path
        let outcome = try await Subprocess.run(
            tar, ["--create", "--file", tarFile.path, "--numeric-owner", "--sort=name", "--format=gnu", "-C", dir.path, "--"] + entries,
            stderr: log)
        guard outcome.succeeded else {
            throw BenchError("tar of \(dir.path) failed (status \(outcome.status)): \(Subprocess.tail(of: log))")
        }
        var layer = try compress(tarFile, into: blob, name: name, marker: marker)
        layer.path = blob.path
        try JSONEncoder().encode(layer).write(to: metadata)
        let seconds = (ContinuousClock.now - started).seconds
        print(String(format: "  layer %@: %.1f MB tar, %.1f MB gzip, %.1f s", name, Double(layer.uncompressedSize) / 1e6,
                     Double(layer.size) / 1e6, seconds))
        return layer
    }

    /// gzip -6 of the tar file into the blob file, hashing both streams on the way.
    private func compress(_ tarFile: URL, into blob: URL, name: String, marker: String) throws -> LayerFile {
        guard let input = FileHandle(forReadingAtPath: tarFile.path) else { throw BenchError("cannot read \(tarFile.path)") }
        defer { try? input.close() }
        let partial = blob.appendingPathExtension("partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil),
            let output = FileHandle(forWritingAtPath: partial.path)
        else { throw BenchError("cannot write \(partial.path)") }
        let compressor = try Compressor(.gzip, level: 6)
        var diffHash = SHA256()
        var blobHash = SHA256()
        var pending = Data()
        func emit(_ bytes: UnsafeRawBufferPointer) {
            blobHash.update(bufferPointer: bytes)
            pending.append(contentsOf: bytes)
        }
        func flush(force: Bool) throws {
            if force || pending.count >= 8 << 20 {
                try output.write(contentsOf: pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        while let chunk = try input.read(upToCount: 4 << 20), !chunk.isEmpty {
            try chunk.withUnsafeBytes { bytes in
                diffHash.update(bufferPointer: bytes)
                try compressor.compress(bytes) { emit($0) }
            }
            try flush(force: false)
        }
        try compressor.finish { emit($0) }
        try flush(force: true)
        try output.close()
        try? FileManager.default.removeItem(at: blob)
        try FileManager.default.moveItem(at: partial, to: blob)
        return LayerFile(
            name: name, marker: marker, digest: OCI.Digest(algorithm: .sha256, bytes: blobHash.finalize()),
            size: compressor.totalOut, diffID: OCI.Digest(algorithm: .sha256, bytes: diffHash.finalize()),
            uncompressedSize: compressor.totalIn, path: blob.path)
    }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
