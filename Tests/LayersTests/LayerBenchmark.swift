import Archive
import Crypto
import Foundation
import Layers
import OCI
import TestSupport
import Testing

/// Throughput measurements, run only on request: `DRYDOCK_BENCH=1 swift test -c release --filter LayerBenchmark`.
/// They print numbers and assert nothing about time.
@Suite("LayerBenchmark", .enabled(if: ProcessInfo.processInfo.environment["DRYDOCK_BENCH"] != nil))
struct LayerBenchmark {
    /// A synthetic layer of `total` uncompressed bytes: a Debian-like spread of many small text files and some
    /// large binaries, compressible about as much as real layers.
    static func syntheticLayer(total: Int) throws -> BuiltLayer {
        let words = ["usr", "lib", "share", "package", "version", "the", "of", "copyright", "license", "x86_64",
                     "linux", "gnu", "debian", "function", "return", "static", "const", "char", "int", "void"]
        var text: [UInt8] = []
        var state: UInt64 = 88_172_645_463_325_252
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        while text.count < 4 << 20 {
            text.append(contentsOf: words[Int(next() % UInt64(words.count))].utf8)
            text.append(next() % 11 == 0 ? 10 : 32)
        }
        // Binaries: text with every fourth byte random, compressing about as well as real executables.
        var binary = text
        let random = noise(binary.count / 4)
        for index in random.indices { binary[index * 4] = random[index] }
        var nodes: [TreeNode] = [.directory("usr/share/doc")]
        var size = 0
        var index = 0
        while size < total {
            index += 1
            let big = index % 200 == 0
            let length = big ? 3 << 20 : Int(next() % 24_000) + 100
            let start = Int(next() % UInt64((big ? binary.count : text.count) - length))
            let source = big ? binary : text
            let bytes = Array(source[start..<(start + length)])
            nodes.append(.file("usr/share/doc/pkg\(index / 50)/file\(index)", bytes, mode: big ? 0o755 : 0o644))
            size += length
        }
        return try ImageBuilder.layer(nodes, compression: .gzip)
    }

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func peakRSS() -> String {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix("VmHWM") }.map(String.init) ?? "?"
    }

    @Test("LayerReader versus the floor (gunzip + sha256)")
    func throughput() throws {
        let layer = try Self.syntheticLayer(total: 200 << 20)
        let blob = layer.blob
        let chunk = 64 << 10
        print("synthetic layer: \(blob.count) compressed bytes; \(Self.peakRSS())")
        func chunks(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
            try blob.withUnsafeBytes { all in
                var offset = 0
                while offset < all.count {
                    let end = min(offset + chunk, all.count)
                    try body(UnsafeRawBufferPointer(rebasing: all[offset..<end]))
                    offset = end
                }
            }
        }
        for round in 0..<3 {
            let blobHash = try Self.time {
                var hasher = SHA256()
                chunks { hasher.update(bufferPointer: $0) }
                _ = hasher.finalize()
            }
            var tarBytes: Int64 = 0
            let inflate = try Self.time {
                let decompressor = try Decompressor(.gzip)
                try chunks { try decompressor.decompress($0) { _ in } }
                try decompressor.finish()
                tarBytes = decompressor.totalOut
            }
            let inflateHash = try Self.time {
                let decompressor = try Decompressor(.gzip)
                var hasher = SHA256()
                try chunks { try decompressor.decompress($0) { hasher.update(bufferPointer: $0) } }
                try decompressor.finish()
                _ = hasher.finalize()
            }
            var record: LayerRecord?
            let reader = LayerReader(captures: [CaptureRule("/var/lib/dpkg/status"), CaptureRule("**/*.dist-info/METADATA")])
            let full = try Self.time {
                let scanner = try reader.scanner(name: "bench", compression: .gzip)
                var hasher = SHA256()
                try chunks {
                    hasher.update(bufferPointer: $0)
                    try scanner.feed($0)
                }
                _ = hasher.finalize()
                record = try scanner.finish()
            }
            let floor = blobHash + inflate
            let mb = Double(tarBytes) / 1e6
            print(
                "round \(round): \(record!.entries.count) files, \(Int(mb)) MB tar | blob sha256 \(ms(blobHash)) | "
                    + "gunzip \(ms(inflate)) (\(Int(mb / inflate)) MB/s) | gunzip+sha256(tar) \(ms(inflateHash)) | "
                    + "floor (blob sha256 + gunzip) \(ms(floor)) | reader incl. blob sha256 \(ms(full)) "
                    + "= \(String(format: "%.2f", full / floor))× floor, \(String(format: "%.2f", full / (blobHash + inflateHash)))× "
                    + "(blob sha256 + gunzip + sha256 of the tar)")
        }
        print("after: \(Self.peakRSS())")
    }

    @Test("cached record load and squash versus a first scan")
    func cacheCost() async throws {
        // ~10k files and a 2 MB captured status file, like a Debian base layer.
        var status: [UInt8] = []
        while status.count < 2 << 20 { status += Array("Package: libfoo\nVersion: 1.2.3-4\nDescription: something\n\n".utf8) }
        var nodes: [TreeNode] = [.file("var/lib/dpkg/status", status)]
        for index in 0..<10_000 {
            nodes.append(.file("usr/share/doc/package-\(index / 20)/copyright-\(index)", noise(Int(index % 97) * 50, seed: UInt64(index + 1))))
        }
        let layer = try ImageBuilder.layer(nodes)
        let reader = LayerReader(captures: [CaptureRule("/var/lib/dpkg/status")])
        var record: LayerRecord?
        let scan = try Self.time { record = try reader.read(layer.blob, compression: .gzip, name: "bench") }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bench-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = try DirectoryLayerCache(directory: root)
        try await cache.store(record!, analyzer: "bench")
        var encoded: [UInt8] = []
        let encode = Self.time { encoded = record!.encoded() }
        let decode = try Self.time { _ = try LayerRecord(encoded: encoded) }
        let start = ContinuousClock.now
        let loaded = await cache.record(for: record!.diffID, analyzer: "bench")
        let load = ContinuousClock.now - start
        let json = try Self.time { _ = try JSONDecoder().decode(LayerRecord.self, from: JSONEncoder().encode(record!)) }
        let squash = Self.time { _ = FileTree.squash([loaded!, loaded!, loaded!]) }
        print(
            "10k-file layer: first scan \(ms(scan)) | encode \(ms(encode)) (\(encoded.count) bytes) | decode \(ms(decode)) | "
                + "directory cache load \(load) | JSON encode+decode \(ms(json)) | squash of 3 such layers \(ms(squash))")
    }
}

private func ms(_ seconds: Double) -> String { String(format: "%.0f ms", seconds * 1000) }
