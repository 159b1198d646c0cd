import Foundation
import Layers
import OCI
import TestSupport
import Testing

@Suite("LayerCache")
struct LayerCacheTests {
    /// A record with every field in use.
    static func fullRecord() async throws -> LayerRecord {
        let reader = LayerReader(captures: [CaptureRule("/etc/*")], probes: [CountingProbe()])
        var record = try await read(
            [
                .directory("etc", mode: 0o750), .text("etc/os-release", "ID=x\n"), .file("bin/tool", noise(5000), mode: 0o4755, uid: 7, gid: 70_000),
                .symlink("bin/sh", target: "busybox"), .hardlink("bin/t2", target: "bin/tool"), .whiteout("old"), .opaque("var"),
                .file("etc/binary", [0, 255, 1, 254]),
            ], with: reader)
        record.issues.append(AnalysisIssue(source: "layer", path: "../x", message: "refused ✓ ünïcode"))
        record.issues.append(AnalysisIssue(source: "layer", layer: 3, message: "no path"))
        record.entries.append(FileRecord(path: "/dev/null", kind: .characterDevice, mode: 0o666, uid: -2, gid: 0))
        return record
    }

    @Test("the binary encoding round-trips every field")
    func encoding() async throws {
        let record = try await Self.fullRecord()
        let encoded = record.encoded()
        #expect(try LayerRecord(encoded: encoded) == record)
        #expect(record.extracts["counter"]?["/bin/tool"] != nil)
        #expect(record.contents["/etc/binary"] == [0, 255, 1, 254])
    }

    @Test("any corruption of an encoded record is detected")
    func corruption() async throws {
        let encoded = try await Self.fullRecord().encoded()
        for index in [0, 5, encoded.count / 2, encoded.count - 1] {
            var broken = encoded
            broken[index] ^= 0x01
            #expect(throws: LayerError.self) { try LayerRecord(encoded: broken) }
        }
        #expect(throws: LayerError.self) { try LayerRecord(encoded: Array(encoded.prefix(40))) }
        #expect(throws: LayerError.self) { try LayerRecord(encoded: []) }
    }

    @Test("memory cache round trip, keyed by diffID and analyzer version")
    func memory() async throws {
        let cache = MemoryLayerCache()
        let record = try await Self.fullRecord()
        #expect(await cache.record(for: record.diffID, analyzer: "v1") == nil)
        try await cache.store(record, analyzer: "v1")
        #expect(await cache.record(for: record.diffID, analyzer: "v1") == record)
        #expect(await cache.record(for: record.diffID, analyzer: "v2") == nil)
        #expect(await cache.count == 1)
    }

    @Test("directory cache round trip; a corrupt file is a miss and is removed")
    func directory() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("layers-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = try DirectoryLayerCache(directory: root.appendingPathComponent("nested"))
        let record = try await Self.fullRecord()
        let analyzer = "drydock 0.1 / \(LayerReader().fingerprint)"
        #expect(await cache.record(for: record.diffID, analyzer: analyzer) == nil)
        try await cache.store(record, analyzer: analyzer)
        try await cache.store(record, analyzer: analyzer)  // replacing is fine
        #expect(await cache.record(for: record.diffID, analyzer: analyzer) == record)
        #expect(await cache.record(for: record.diffID, analyzer: "other") == nil)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.directory.path)
        #expect(files.count == 1, "no temporary files are left: \(files)")

        let url = cache.fileURL(for: record.diffID, analyzer: analyzer)
        var data = try Data(contentsOf: url)
        data[data.count / 2] ^= 0xFF
        try data.write(to: url)
        #expect(await cache.record(for: record.diffID, analyzer: analyzer) == nil)
        #expect(!FileManager.default.fileExists(atPath: url.path), "the corrupt file was removed")

        try Data("garbage".utf8).write(to: url)
        #expect(await cache.record(for: record.diffID, analyzer: analyzer) == nil)
        try await cache.store(record, analyzer: analyzer)
        #expect(await cache.record(for: record.diffID, analyzer: analyzer) == record)
    }

    @Test("directory cache keeps stack records beside layer records, each under its own key")
    func directoryStacks() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("stack-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = try DirectoryLayerCache(directory: root)
        let record = try await Self.fullRecord()
        let chainID = sha256(Array("chain".utf8))
        let bytes: [UInt8] = Array("stack contents".utf8) + [0, 255]
        #expect(await cache.stack(for: chainID, analyzer: "v1") == nil)
        try await cache.store(record, analyzer: "v1")
        try await cache.storeStack(bytes, for: chainID, analyzer: "v1")
        #expect(await cache.stack(for: chainID, analyzer: "v1") == bytes)
        #expect(await cache.stack(for: chainID, analyzer: "v2") == nil)
        #expect(await cache.stack(for: record.diffID, analyzer: "v1") == nil, "a layer record is not a stack")
        #expect(await cache.record(for: record.diffID, analyzer: "v1") == record)

        // A file moved under another key is refused and removed.
        let other = sha256(Array("other".utf8))
        try FileManager.default.copyItem(
            at: cache.stackFileURL(for: chainID, analyzer: "v1"), to: cache.stackFileURL(for: other, analyzer: "v1"))
        #expect(await cache.stack(for: other, analyzer: "v1") == nil)
        #expect(!FileManager.default.fileExists(atPath: cache.stackFileURL(for: other, analyzer: "v1").path))
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        #expect(files.count == 2 && files.contains { $0.hasSuffix(".stack") } && files.contains { $0.hasSuffix(".layer") })

        // The stack a source last resolved to, per source and analyzer key; replaced when it changes.
        #expect(await cache.lastStack(for: "registry.example/app:1", analyzer: "v1") == nil)
        await cache.rememberStack(chainID, for: "registry.example/app:1", analyzer: "v1")
        #expect(await cache.lastStack(for: "registry.example/app:1", analyzer: "v1") == chainID)
        #expect(await cache.lastStack(for: "registry.example/app:2", analyzer: "v1") == nil)
        #expect(await cache.lastStack(for: "registry.example/app:1", analyzer: "v2") == nil)
        await cache.rememberStack(other, for: "registry.example/app:1", analyzer: "v1")
        #expect(await cache.lastStack(for: "registry.example/app:1", analyzer: "v1") == other)
    }

    @Test("a record cached from one image is reused at another layer index")
    func reuseAtOtherIndex() async throws {
        let shared = try await read([.text("etc/os-release", "ID=debian\n")])
        let top = try await read([.text("app", "a")])
        let cache = MemoryLayerCache()
        try await cache.store(shared, analyzer: "v")
        let cached = try #require(await cache.record(for: shared.diffID, analyzer: "v"))
        let first = FileTree.squash([cached, top]).tree
        let second = FileTree.squash([top, top, cached]).tree
        #expect(first.file(at: "/etc/os-release")?.layer == 0)
        #expect(second.file(at: "/etc/os-release")?.layer == 2)
    }

    @Test("the fingerprint changes with capture rules and probes")
    func fingerprint() {
        let plain = LayerReader().fingerprint
        #expect(plain.count == 16)
        #expect(plain == LayerReader().fingerprint)
        #expect(plain != LayerReader(captures: [CaptureRule("/etc/passwd")]).fingerprint)
        #expect(LayerReader(captures: [CaptureRule("/a", maxSize: 1)]).fingerprint != LayerReader(captures: [CaptureRule("/a", maxSize: 2)]).fingerprint)
        #expect(plain != LayerReader(probes: [CountingProbe()]).fingerprint)
    }
}
