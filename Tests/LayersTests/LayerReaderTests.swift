import Archive
import Foundation
import Layers
import OCI
import TestSupport
import Testing

@Suite("LayerReader")
struct LayerReaderTests {
    static let nodes: [TreeNode] = [
        .directory("etc"),
        .text("etc/os-release", "ID=debian\n"),
        .file("usr/bin/su", bytes("ELF su"), mode: 0o4755, uid: 0, gid: 0),
        .file("usr/bin/wall", bytes("ELF wall"), mode: 0o2755, uid: 0, gid: 5),
        .file("home/user/.profile", bytes("export A=1\n"), mode: 0o600, uid: 1000, gid: 1000),
        .file("empty", []),
        .symlink("usr/bin/sh", target: "dash"),
        .symlink("etc/localtime", target: "/usr/share/zoneinfo/UTC"),
        .hardlink("usr/bin/su2", target: "usr/bin/su"),
    ]

    /// The compressions a layer is written with (xz is read only: see `xzLayers`).
    static let written: [Compression] = [.none, .gzip, .zstd]

    @Test("records every entry with metadata, link targets and content digests", arguments: written)
    func records(compression: Compression) async throws {
        let layer = try ImageBuilder.layer(Self.nodes, compression: compression)
        let record = try await read(layer)
        #expect(record.diffID == layer.diffID)
        #expect(record.uncompressedSize > 0)
        #expect(record.entries.map(\.path) == [
            "/etc", "/etc/os-release", "/usr/bin/su", "/usr/bin/wall", "/home/user/.profile", "/empty", "/usr/bin/sh",
            "/etc/localtime", "/usr/bin/su2",
        ])
        #expect(record.entry("/etc")?.kind == .directory)
        let osRelease = try #require(record.entry("/etc/os-release"))
        #expect(osRelease.kind == .regular && osRelease.size == 10 && osRelease.mode == 0o644)
        #expect(osRelease.sha256 == digest(bytes("ID=debian\n")))
        let su = try #require(record.entry("/usr/bin/su"))
        #expect(su.isSetUID && !su.isSetGID && su.isExecutable && su.sha256 == digest(bytes("ELF su")))
        let wall = try #require(record.entry("/usr/bin/wall"))
        #expect(wall.isSetGID && !wall.isSetUID && wall.gid == 5)
        let profile = try #require(record.entry("/home/user/.profile"))
        #expect(profile.uid == 1000 && profile.gid == 1000 && profile.mode == 0o600)
        #expect(record.entry("/empty")?.sha256 == digest([]))
        #expect(record.entry("/usr/bin/sh") == FileRecord(path: "/usr/bin/sh", kind: .symlink, mode: 0o777, linkTarget: "dash"))
        #expect(record.entry("/etc/localtime")?.linkTarget == "/usr/share/zoneinfo/UTC")
        let hardlink = try #require(record.entry("/usr/bin/su2"))
        #expect(hardlink.kind == .hardlink && hardlink.linkTarget == "/usr/bin/su" && hardlink.sha256 == nil)
        #expect(record.issues.isEmpty)
        #expect(record.whiteouts.isEmpty && record.opaqueDirectories.isEmpty)
    }

    @Test("given, sniffed and byte-by-byte reads agree", arguments: written)
    func sniffing(compression: Compression) async throws {
        let layer = try ImageBuilder.layer(Self.nodes, compression: compression)
        let given = try await read(layer, compression: compression)
        let sniffed = try await read(layer, compression: nil)
        let tiny = try await read(layer, chunkSize: 1)
        let inMemory = try LayerReader().read(layer.blob, compression: nil, name: "mem")
        #expect(given == sniffed)
        #expect(given == tiny)
        #expect(given == inMemory)
    }

    @Test("an xz-compressed layer (the xz command's output) reads as its tar does, given or sniffed")
    func xzLayers() async throws {
        let plain = try ImageBuilder.layer(Self.nodes, compression: .none)
        let directory = FileManager.default.temporaryDirectory.appending(path: "drydock-xz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(plain.blob).write(to: directory.appending(path: "layer.tar"))
        try await runShellOffPool("xz -6 '\(directory.appending(path: "layer.tar").path)'")
        let blob = [UInt8](try Data(contentsOf: directory.appending(path: "layer.tar.xz")))
        let expected = try LayerReader().read(plain.blob, compression: .none, name: "tar", expectedDiffID: plain.diffID)
        #expect(try LayerReader().read(blob, compression: .xz, name: "xz", expectedDiffID: plain.diffID) == expected)
        #expect(try LayerReader().read(blob, compression: nil, name: "xz", expectedDiffID: plain.diffID) == expected)
    }

    @Test("the SHA-256 of large files equals the digest of their contents")
    func largeFileDigest() async throws {
        let big = noise(3 << 20)
        let record = try await read([.file("data/blob.bin", big), .text("after", "x")])
        #expect(record.entry("/data/blob.bin")?.sha256 == digest(big))
        #expect(record.entry("/data/blob.bin")?.size == Int64(big.count))
        #expect(record.entry("/after")?.sha256 == digest(bytes("x")))
    }

    @Test("whiteouts and opaque markers are recorded, not listed as files")
    func markers() async throws {
        let record = try await read([
            .whiteout("etc/old.conf"), .whiteout("topfile"), .opaque("var/cache"), .opaque("/"),
            .file("etc/.wh..wh.plnk", []), .text("var/cache/new", "n"),
        ])
        #expect(record.whiteouts == ["/etc/old.conf", "/topfile"])
        #expect(record.opaqueDirectories == ["/var/cache", "/"])
        #expect(record.entries.map(\.path) == ["/var/cache/new"])
    }

    @Test("contents are captured only for matching rules within their size bound")
    func captures() async throws {
        let status = Array(repeating: bytes("Package: x\n"), count: 100).flatMap { $0 }
        let reader = LayerReader(captures: [
            CaptureRule("/var/lib/dpkg/status"), CaptureRule("**/*.dist-info/METADATA", maxSize: 10),
            CaptureRule("/etc/*-release"),
        ])
        let record = try await read(
            [
                .file("var/lib/dpkg/status", status), .text("var/lib/dpkg/status-old", "old"),
                .text("usr/lib/python3/a-1.0.dist-info/METADATA", "Name: a\n"),
                .text("usr/lib/python3/b-1.0.dist-info/METADATA", "Name: b, far too long\n"),
                .text("etc/os-release", "ID=debian\n"), .text("etc/passwd", "root:x:0:0\n"),
            ], with: reader)
        #expect(record.contents["/var/lib/dpkg/status"] == status)
        #expect(record.contents["/usr/lib/python3/a-1.0.dist-info/METADATA"] == bytes("Name: a\n"))
        #expect(record.contents["/etc/os-release"] == bytes("ID=debian\n"))
        #expect(Set(record.contents.keys) == ["/var/lib/dpkg/status", "/usr/lib/python3/a-1.0.dist-info/METADATA", "/etc/os-release"])
        #expect(record.entry("/usr/lib/python3/b-1.0.dist-info/METADATA")?.size == 22)
        #expect(record.issues.isEmpty)
    }

    @Test("past the per-layer capture bound files are recorded but not captured, with an issue")
    func captureBound() async throws {
        let reader = LayerReader(captures: [CaptureRule("/data/*")], limits: LayerLimits(maxCapturedBytes: 25))
        let record = try await read(
            [.file("data/a", Array(repeating: 1, count: 10)), .file("data/b", Array(repeating: 2, count: 10)),
             .file("data/c", Array(repeating: 3, count: 10))], with: reader)
        #expect(record.contents.keys.sorted() == ["/data/a", "/data/b"])
        #expect(record.entries.count == 3)
        #expect(record.issues.count == 1)
        #expect(record.issues.first?.path == "/data/c")
        #expect(record.issues.first?.message.contains("bound of 25 bytes") == true)
    }

    @Test("a later entry at the same path wins, captured contents included")
    func duplicates() async throws {
        let reader = LayerReader(captures: [CaptureRule("/etc/motd", maxSize: 4)])
        let record = try await read([.text("etc/motd", "one"), .text("etc/motd", "longer")], with: reader)
        #expect(record.entries.filter { $0.path == "/etc/motd" }.count == 2)
        #expect(record.contents["/etc/motd"] == nil)
        let tree = FileTree.squash([record]).tree
        #expect(tree.file(at: "/etc/motd")?.size == 6)
        #expect(tree.contents(at: "/etc/motd") == nil)
    }

    @Test("a probe sees each regular file whole, in chunks, and keeps its extract")
    func probes() async throws {
        let big = noise(1 << 20, seed: 7)
        let reader = LayerReader(probes: [CountingProbe()])
        let record = try await read(
            [.file("usr/bin/app", big, mode: 0o755), .text("etc/conf", "abc"), .directory("opt"),
             .file("usr/bin/stop", noise(300_000, seed: 3), mode: 0o755)], with: reader, compression: .zstd)
        let extracts = try #require(record.extracts["counter"])
        let app = try #require(extracts["/usr/bin/app"]).split(separator: UInt8(ascii: " "))
        #expect(String(decoding: app[0], as: UTF8.self) == String(big.count))
        #expect(Int(String(decoding: app[1], as: UTF8.self))! > 1, "the file came in several chunks")
        #expect(String(decoding: app[2], as: UTF8.self) == digest(big).encoded)
        #expect(extracts["/etc/conf"] == nil, "the probe skips non-executables")
        #expect(extracts["/usr/bin/stop"] == bytes("stopped"))
    }

    @Test("the root directory entry is not listed; relative and absolute names agree")
    func rootAndNames() async throws {
        let blob = try rawLayer([
            (TarEntry(path: "./", kind: .directory), []), (TarEntry(path: "./etc/", kind: .directory), []),
            (TarEntry(path: "/abs//file", kind: .regular), bytes("a")), (TarEntry(path: "x/./y/../z", kind: .regular), []),
        ])
        let record = try LayerReader().read(blob, compression: nil, name: "names")
        #expect(record.entries.map(\.path) == ["/etc", "/abs/file", "/x/z"])
        #expect(record.issues.isEmpty)
    }
}

/// Counts bytes and chunks and hashes executables; stops early on files named `stop`.
struct CountingProbe: ContentProbe {
    var name: String { "counter" }

    func start(_ file: FileRecord) -> (any ProbeSession)? {
        file.isExecutable ? Session(stop: file.path.hasSuffix("/stop")) : nil
    }

    struct Session: ProbeSession {
        let stop: Bool
        var count = 0
        var chunks = 0
        var bytes: [UInt8] = []

        mutating func consume(_ chunk: UnsafeRawBufferPointer) -> Bool {
            count += chunk.count
            chunks += 1
            bytes.append(contentsOf: chunk)
            return !stop
        }

        mutating func finish() -> [UInt8]? {
            if stop { return chunks == 1 ? Array("stopped".utf8) : Array("kept going".utf8) }
            return Array("\(count) \(chunks) \(digest(bytes).encoded)".utf8)
        }
    }
}
