import Archive
import Layers
import OCI
import TestSupport
import Testing

@Suite("LayerReader safety")
struct LayerSafetyTests {
    @Test("names climbing out of the root are refused as issues; the rest of the layer is read")
    func traversal() throws {
        let blob = try rawLayer([
            (TarEntry(path: "etc/", kind: .directory), []),
            (TarEntry(path: "../../etc/passwd", kind: .regular), bytes("root::0:0\n")),
            (TarEntry(path: "/../x", kind: .regular), bytes("x")),
            (TarEntry(path: "a/../../b", kind: .directory), []),
            (TarEntry(path: "etc/hosts", kind: .regular), bytes("127.0.0.1 localhost\n")),
            (TarEntry(path: "bin/evil", kind: .hardLink, linkName: "../../etc/shadow"), []),
            (TarEntry(path: "bin/good", kind: .hardLink, linkName: "./etc/hosts"), []),
            (TarEntry(path: "bin/up", kind: .symbolicLink, linkName: "../../../etc/shadow"), []),
            (TarEntry(path: "bin/abs", kind: .symbolicLink, linkName: "/etc/hosts"), []),
            (TarEntry(path: "bin/rel", kind: .symbolicLink, linkName: "../etc/hosts"), []),
        ])
        let record = try LayerReader().read(blob, compression: .gzip, name: "evil")
        #expect(record.entries.map(\.path) == ["/etc", "/etc/hosts", "/bin/good", "/bin/up", "/bin/abs", "/bin/rel"])
        #expect(record.entry("/etc/hosts")?.sha256 == digest(bytes("127.0.0.1 localhost\n")))
        #expect(record.entry("/bin/good")?.linkTarget == "/etc/hosts")
        #expect(record.entry("/bin/up")?.linkTarget == "../../../etc/shadow", "symlink targets are kept as stored")
        let refused = record.issues.map { $0.path ?? "" }
        #expect(refused == ["../../etc/passwd", "/../x", "a/../../b", "/bin/evil", "/bin/up"])
        #expect(record.issues.allSatisfy { $0.source == "layer" })
        #expect(record.issues[0].message.contains("refused"))
        #expect(record.issues[4].message.contains("climbs above the root"))
        // A chroot clamps `..` at the root: the escaping link resolves inside the image.
        let tree = FileTree.squash([record]).tree
        #expect(tree.resolve("/bin/up") == nil, "/etc/shadow is not in the image")
        #expect(tree.resolve("/bin/rel")?.path == "/etc/hosts")
    }

    @Test("a tar bomb past the uncompressed bound fails, naming the bound and the layer")
    func tarBomb() async throws {
        let zeros = [UInt8](repeating: 0, count: 50 << 20)
        let layer = try ImageBuilder.layer([.file("zeros", zeros)], compression: .gzip)
        #expect(layer.blob.count < 1 << 20)
        let reader = LayerReader(limits: LayerLimits(maxUncompressedBytes: 10 << 20))
        let error = try await #require(throws: LayerError.self) {
            try await read(layer, with: reader, chunkSize: 64 << 10, name: "layer 3 (bomb)")
        }
        #expect(error.code == .tooLarge)
        #expect(error.message.contains("layer 3 (bomb)"))
        #expect(error.message.contains("10485760 bytes (10 MiB)"))
    }

    @Test("too many entries fail the layer with a clear reason")
    func entryBound() throws {
        let layer = try ImageBuilder.layer((0..<20).map { .text("f\($0)", "x") })
        let reader = LayerReader(limits: LayerLimits(maxEntries: 10))
        let error = try #require(throws: LayerError.self) {
            try reader.read(layer.blob, compression: .gzip, name: "many")
        }
        #expect(error.code == .tooLarge)
        #expect(error.message.contains("more than 10 entries"))
    }

    @Test("a truncated gzip layer fails with a clear message")
    func truncatedGzip() async throws {
        let layer = try ImageBuilder.layer([.file("data", noise(200_000)), .text("b", "b")])
        var cut = layer
        cut.blob = Array(layer.blob.prefix(layer.blob.count / 2))
        let error = try await #require(throws: LayerError.self) { try await read(cut, name: "layer 7 (cut)") }
        #expect(error.code == .truncated)
        #expect(error.message.contains("layer 7 (cut)"))
        #expect(error.message.contains("gzip stream is truncated"))
    }

    @Test("a corrupt tar header mid-layer fails the layer, naming it")
    func corruptTar() throws {
        var writer = TarWriter()
        writer.append(TarEntry(path: "a"), contents: bytes("aaaa"))
        writer.append(TarEntry(path: "b"), contents: bytes("bbbb"))
        var tar = writer.finish()
        tar[1024 + 10] ^= 0x55  // the second header
        let error = try #require(throws: LayerError.self) {
            try LayerReader().read(tar, compression: Compression.none, name: "layer 2 (sha256:abc)")
        }
        #expect(error.code == .corrupt)
        #expect(error.message.contains("layer 2 (sha256:abc)"))
        #expect(error.message.contains("checksum"))
    }

    @Test("corrupt gzip data fails as corrupt")
    func corruptGzip() throws {
        var blob = try ImageBuilder.layer([.file("data", noise(100_000))]).blob
        for index in stride(from: 100, to: 400, by: 3) { blob[index] ^= 0xA5 }
        let error = try #require(throws: LayerError.self) { try LayerReader().read(blob, compression: nil, name: "layer x") }
        #expect(error.code == .corrupt || error.code == .truncated)
        #expect(error.message.contains("layer x"))
    }

    @Test("a diffID other than the declared one fails the layer")
    func diffIDMismatch() async throws {
        let layer = try ImageBuilder.layer([.text("a", "a")])
        let other = try ImageBuilder.layer([.text("a", "b")])
        let error = try #require(throws: LayerError.self) {
            try LayerReader().read(layer.blob, compression: nil, name: "m", expectedDiffID: other.diffID)
        }
        #expect(error.code == .diffIDMismatch)
        #expect(error.message.contains(other.diffID.description) && error.message.contains(layer.diffID.description))
    }

    @Test("issues are bounded per layer")
    func issueBound() throws {
        let blob = try rawLayer((0..<30).map { (TarEntry(path: "../x\($0)"), []) })
        let record = try LayerReader(limits: LayerLimits(maxIssues: 5)).read(blob, compression: nil, name: "i")
        #expect(record.issues.count == 6)
        #expect(record.issues.last?.message == "25 more issues in this layer were not recorded")
    }

    @Test("an empty blob is an empty uncompressed layer; an empty gzip blob is truncated")
    func empty() throws {
        let record = try LayerReader().read([], compression: nil, name: "e")
        #expect(record.entries.isEmpty && record.uncompressedSize == 0)
        #expect(throws: LayerError.self) { try LayerReader().read([], compression: .gzip, name: "e") }
    }
}
