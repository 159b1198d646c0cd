import Archive
import Layers
import OCI
import TestSupport
import Testing

@Suite("FileTree.squash")
struct SquashTests {
    static let captures = LayerReader(captures: [
        CaptureRule("/etc/os-release"), CaptureRule("/var/lib/dpkg/status", maxSize: 64),
    ])

    func squash(_ layers: [[TreeNode]], reader: LayerReader = captures) async throws -> (FileTree, [AnalysisIssue]) {
        var records: [LayerRecord] = []
        for nodes in layers { records.append(try await read(nodes, with: reader)) }
        let result = FileTree.squash(records)
        return (result.tree, result.issues)
    }

    func summary(_ tree: FileTree) -> [String] {
        tree.files.map { "\($0.path)@\($0.layer)" }
    }

    @Test("whiteouts and opaque directories across three layers")
    func whiteoutsAndOpaque() async throws {
        let (tree, issues) = try await squash([
            [
                .directory("etc"), .text("etc/a", "a0"), .text("etc/b", "b0"), .directory("var/cache"),
                .text("var/cache/x", "x"), .directory("var/cache/sub"), .text("var/cache/sub/y", "y"),
                .text("opt/keep", "k"), .directory("usr/lib"), .text("usr/lib/libfoo.so", "foo"),
            ],
            [
                .whiteout("etc/a"), .opaque("var/cache"), .text("var/cache/z", "z"), .text("opt/new", "n"),
                .whiteout("usr/lib"),
            ],
            [.text("etc/a", "a2"), .whiteout("opt/new"), .opaque("var/cache"), .text("var/cache/w", "w")],
        ])
        #expect(summary(tree) == [
            "/etc@0", "/etc/a@2", "/etc/b@0", "/opt/keep@0", "/var/cache@0", "/var/cache/w@2",
        ])
        #expect(tree.file(at: "/etc/a")?.sha256 == digest(bytes("a2")))
        #expect(issues.isEmpty)
    }

    @Test("a file replacing a directory removes its subtree, and vice versa")
    func kindChanges() async throws {
        let (tree, _) = try await squash([
            [.directory("a"), .text("a/x", "x"), .directory("a/d"), .text("a/d/deep", "d"), .text("b", "file b")],
            [.text("a", "now a file"), .directory("b"), .text("b/y", "y")],
            [.directory("a"), .text("a/z", "z")],
        ])
        #expect(summary(tree) == ["/a@2", "/a/z@2", "/b@1", "/b/y@1"])
        #expect(tree.file(at: "/a")?.kind == .directory)
        #expect(tree.file(at: "/b")?.kind == .directory)
    }

    @Test("within one layer, a later non-directory removes what came before below it, as extraction does")
    func kindChangesInOneLayer() async throws {
        let (tree, _) = try await squash([
            [.directory("a"), .text("a/x", "x"), .text("a", "file"), .text("b", "file"), .directory("b"), .text("b/y", "y")],
        ])
        #expect(summary(tree) == ["/a@0", "/b@0", "/b/y@0"])
        #expect(tree.file(at: "/a")?.kind == .regular)
        #expect(tree.file(at: "/b")?.kind == .directory)
    }

    @Test("a symlink replacing a directory hides the lower subtree")
    func symlinkOverDirectory() async throws {
        let (tree, _) = try await squash([
            [.directory("lib"), .text("lib/libc.so", "c"), .directory("usr/lib"), .text("usr/lib/libc.so", "u")],
            [.symlink("lib", target: "usr/lib")],
        ])
        #expect(summary(tree) == ["/lib@1", "/usr/lib@0", "/usr/lib/libc.so@0"])
        #expect(tree.resolve("/lib/libc.so")?.path == "/usr/lib/libc.so")
    }

    @Test("directories keep the latest metadata, files the latest version")
    func latestWins() async throws {
        let (tree, _) = try await squash([
            [.directory("srv", mode: 0o755), .text("srv/index.html", "v1")],
            [.directory("srv", mode: 0o700)],
            [.text("srv/index.html", "v3")],
        ])
        #expect(tree.file(at: "/srv")?.mode == 0o700)
        #expect(tree.file(at: "/srv")?.layer == 1)
        #expect(tree.file(at: "/srv/index.html")?.layer == 2)
    }

    @Test("captured contents follow their file: replaced, deleted, or no longer captured")
    func contentsFollowFiles() async throws {
        let big = String(repeating: "Package: big\n", count: 10)
        let (tree, _) = try await squash([
            [.text("etc/os-release", "VERSION=1"), .text("var/lib/dpkg/status", "Package: a\n")],
            [.text("etc/os-release", "VERSION=2")],
            [.text("var/lib/dpkg/status", big)],
        ])
        #expect(tree.contents(at: "/etc/os-release") == bytes("VERSION=2"))
        #expect(tree.file(at: "/var/lib/dpkg/status")?.layer == 2)
        #expect(tree.contents(at: "/var/lib/dpkg/status") == nil, "the newest version was too large to capture")

        let (deleted, _) = try await squash([
            [.text("etc/os-release", "VERSION=1")], [.whiteout("etc/os-release")],
        ])
        #expect(deleted.file(at: "/etc/os-release") == nil && deleted.contents(at: "/etc/os-release") == nil)
    }

    @Test("an opaque root hides every lower file")
    func opaqueRoot() async throws {
        let (tree, _) = try await squash([[.text("a", "a"), .text("b/c", "c")], [.opaque("/"), .text("d", "d")]])
        #expect(summary(tree) == ["/d@1"])
    }

    @Test("a realistic three-layer image squashes to the expected tree")
    func realisticImage() async throws {
        let statusV1 = "Package: base-files\nVersion: 12.4\n\n"
        let statusV2 = statusV1 + "Package: curl\nVersion: 7.88\n\n"
        let base = try ImageBuilder.layer([
            .directory("etc"), .text("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"), .directory("usr/bin"),
            .file("usr/bin/bash", bytes("ELF bash"), mode: 0o755), .symlink("bin", target: "usr/bin"),
            .file("usr/bin/passwd", bytes("ELF passwd"), mode: 0o4755), .hardlink("usr/bin/rbash", target: "usr/bin/bash"),
            .directory("var/lib/apt/lists"), .text("var/lib/apt/lists/deb.debian.org_Packages", "lots"),
            .text("var/lib/dpkg/status", statusV1),
        ])
        let apt = try ImageBuilder.layer(
            [
                .text("var/lib/dpkg/status", statusV2), .file("usr/bin/curl", bytes("ELF curl"), mode: 0o755),
                .opaque("var/lib/apt/lists"), .whiteout("usr/bin/passwd"),
            ], compression: .zstd)
        let app = try ImageBuilder.layer([.directory("app"), .text("app/main.py", "print('hi')\n"), .symlink("app/sh", target: "/bin/bash")])
        let image = try ImageBuilder.image([base, apt, app])
        let reader = LayerReader(captures: [CaptureRule("/etc/os-release"), CaptureRule("/var/lib/dpkg/status")])
        var records: [LayerRecord] = []
        for (index, layer) in image.layers.enumerated() {
            records.append(try await read(layer, with: reader, name: "\(index)"))
        }
        #expect(records.map(\.diffID) == image.config.rootfs.diffIDs)
        let (tree, issues) = FileTree.squash(records)
        #expect(summary(tree) == [
            "/app@2", "/app/main.py@2", "/app/sh@2", "/bin@0", "/etc@0", "/etc/os-release@0", "/usr/bin@0",
            "/usr/bin/bash@0", "/usr/bin/curl@1", "/usr/bin/rbash@0", "/var/lib/apt/lists@0", "/var/lib/dpkg/status@1",
        ])
        #expect(issues.isEmpty)
        #expect(tree.contents(at: "/var/lib/dpkg/status") == bytes(statusV2))
        #expect(tree.contents(at: "/etc/os-release") == bytes("ID=debian\nVERSION_ID=\"12\"\n"))
        #expect(tree.resolve("/app/sh")?.path == "/usr/bin/bash")
        #expect(tree.resolve("/bin/rbash")?.sha256 == digest(bytes("ELF bash")))
        #expect(tree.files(matching: Glob("/usr/bin/*")).map(\.path) == ["/usr/bin/bash", "/usr/bin/curl", "/usr/bin/rbash"])
        #expect(tree.files.filter(\.isSetUID).isEmpty, "the setuid passwd was deleted")
    }

    @Test("issues carry the index of their layer")
    func issueLayers() throws {
        let clean = try LayerReader().read(try rawLayer([(TarEntry(path: "a"), [])]), compression: nil, name: "0")
        let evil = try LayerReader().read(try rawLayer([(TarEntry(path: "../a"), [])]), compression: nil, name: "1")
        let (_, issues) = FileTree.squash([clean, evil, evil])
        #expect(issues.map(\.layer) == [1, 2])
        #expect(issues[0].description == "layer ../a layer 1: the entry's name climbs out of the root with `..`; the entry is refused")
    }
}
