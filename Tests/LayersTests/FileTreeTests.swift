import Foundation
import Layers
import Testing

@Suite("FileTree")
struct FileTreeTests {
    static func link(_ path: String, _ target: String) -> FileRecord {
        FileRecord(path: path, kind: .symlink, mode: 0o777, linkTarget: target)
    }

    @Test("a symlink loop resolves to nil instead of spinning")
    func loops() {
        let tree = FileTree(files: [
            Self.link("/a", "/b"), Self.link("/b", "a"), Self.link("/self", "self"),
            Self.link("/d1", "/d2"), Self.link("/d2", "/d1"), Self.link("/hl", "/hl2"),
            FileRecord(path: "/hl2", kind: .hardlink, linkTarget: "/hl"),
        ])
        #expect(tree.resolve("/a") == nil)
        #expect(tree.resolve("/self") == nil)
        #expect(tree.resolve("/d1/file") == nil, "a loop among parent directories")
        #expect(tree.resolve("/hl") == nil, "a loop through a hardlink")
        #expect(tree.contents(at: "/a") == nil)
    }

    @Test("a chain of links resolves up to the kernel's 40 hops")
    func chains() {
        func chain(_ length: Int) -> FileTree {
            var files = (0..<length).map { Self.link("/l\($0)", "l\($0 + 1)") }
            files.append(FileRecord(path: "/l\(length)", kind: .regular, size: 3))
            return FileTree(files: files, contents: ["/l\(length)": [1, 2, 3]])
        }
        #expect(chain(10).resolve("/l0")?.path == "/l10")
        #expect(chain(10).contents(at: "/l0") == [1, 2, 3])
        #expect(chain(40).resolve("/l0")?.path == "/l40")
        #expect(chain(41).resolve("/l0") == nil)
    }

    @Test("links resolve relative to their directory, through symlinked parents, clamped at the root")
    func relativeLinks() {
        let tree = FileTree(files: [
            FileRecord(path: "/usr/lib/libc.so.6", kind: .regular), Self.link("/lib", "usr/lib"),
            Self.link("/usr/lib/libc.so", "libc.so.6"), Self.link("/usr/bin/up", "../../../../usr/lib/libc.so"),
            Self.link("/dangling", "/nowhere"),
        ])
        #expect(tree.resolve("/lib/libc.so")?.path == "/usr/lib/libc.so.6")
        #expect(tree.resolve("/usr/bin/up")?.path == "/usr/lib/libc.so.6")
        #expect(tree.resolve("/dangling") == nil)
        #expect(tree.file(at: "/lib/libc.so") == nil, "file(at:) does not follow links")
    }

    @Test("reads the Debian bookworm rootfs fixture")
    func debianFixture() throws {
        let root = URL(fileURLWithPath: "/work/shared/vulndata/debian-bookworm-minbase-debootstrap")
        try #require(FileManager.default.fileExists(atPath: root.path))
        let (tree, issues) = FileTree.directory(root, captures: [CaptureRule("/var/lib/dpkg/status"), CaptureRule("/etc/os-release")])
        #expect(issues.isEmpty)
        #expect(tree.file(at: "/etc")?.kind == .directory)
        let status = try #require(tree.contents(at: "/var/lib/dpkg/status"))
        #expect(String(decoding: status, as: UTF8.self).components(separatedBy: "\nPackage: ").count == 88)
        #expect(tree.file(at: "/var/lib/dpkg/status")?.size == Int64(status.count))
        #expect(String(decoding: try #require(tree.contents(at: "/etc/os-release")), as: UTF8.self).contains("bookworm"))
        #expect(tree.contents(at: "/etc/debian_version") == nil, "not captured")
        #expect(tree.files(matching: Glob("/etc/*")).map(\.path) == ["/etc/debian_version", "/etc/os-release"])
    }
}

@Suite("PathCleaner and Glob")
struct PathTests {
    @Test(
        "clean",
        arguments: [
            ("usr/bin/env", "/usr/bin/env"), ("./usr/bin/env", "/usr/bin/env"), ("/usr/bin/env", "/usr/bin/env"),
            ("etc/", "/etc"), ("./", "/"), ("", "/"), ("/", "/"), (".", "/"), ("a//b", "/a/b"), ("a/./b", "/a/b"),
            ("a/b/..", "/a"), ("a/../b", "/b"), ("./.wh..wh..opq", "/.wh..wh..opq"), ("..a/b..", "/..a/b.."),
            (".hidden/.x", "/.hidden/.x"), ("../etc/passwd", nil), ("/../x", nil), ("a/../../x", nil), ("..", nil),
            (".//a", "/a"), ("a/.", "/a"),
        ] as [(String, String?)])
    func clean(raw: String, expected: String?) {
        #expect(PathCleaner.clean(raw) == expected)
    }

    @Test(
        "glob",
        arguments: [
            ("/var/lib/dpkg/status", "/var/lib/dpkg/status", true), ("/var/lib/dpkg/status", "/var/lib/dpkg/status.d", false),
            ("/var/lib/dpkg/status.d/*", "/var/lib/dpkg/status.d/libc6", true), ("**/*.dist-info/METADATA", "/usr/lib/a-1.dist-info/METADATA", true),
            ("**/*.dist-info/METADATA", "/a-1.dist-info/METADATA", true), ("**/*.dist-info/METADATA", "/a-1.dist-info/x/METADATA", false),
            ("**/node_modules/**/package.json", "/app/node_modules/a/b/package.json", true), ("/etc/{os,lsb}-release", "/etc/lsb-release", true),
            ("/etc/?s-release", "/etc/os-release", true), ("/etc/*", "/etc/a/b", false), ("**", "/anything/at/all", true),
        ] as [(String, String, Bool)])
    func glob(pattern: String, path: String, expected: Bool) {
        #expect(Glob(pattern).matches(path) == expected)
    }
}
