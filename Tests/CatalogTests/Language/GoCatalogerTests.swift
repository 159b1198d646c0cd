import Foundation
import Layers
import Testing

@testable import Catalog

@Suite("Go cataloger")
struct GoCatalogerTests {
    static let sentinelStart: [UInt8] = [
        0x30, 0x77, 0xAF, 0x0C, 0x92, 0x74, 0x08, 0x02, 0x41, 0xE1, 0xC1, 0x07, 0xE6, 0xD6, 0x18, 0xE6,
    ]
    static let sentinelEnd: [UInt8] = [
        0xF9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72, 0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xD8, 0xF2,
    ]
    static let magic = Array("\u{FF} Go buildinf:".unicodeScalars.map { UInt8($0.value) })

    static let moduleInfo = """
        path\texample.com/hello/cmd/hello
        mod\texample.com/hello\t(devel)\t
        dep\tgolang.org/x/text\tv0.14.0\th1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=
        dep\tgithub.com/old/thing\tv1.0.0\th1:def=
        =>\tgithub.com/new/thing\tv1.2.0+incompatible\th1:ghi=
        build\t-compiler=gc
        build\t-ldflags="-s -w"
        build\tGOARCH=arm64
        build\tGOOS=linux
        build\tvcs.revision=0123abcd

        """

    static func uvarint(_ value: Int) -> [UInt8] {
        var value = UInt64(value)
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        return out + [UInt8(value)]
    }

    /// An ELF-looking blob with decoys (an unaligned magic, an aligned one with a bad header) before the real
    /// Go ≥ 1.18 build-info header at `offset`.
    static func binary(offset: Int = 8192, flags: UInt8 = 2, info: String = moduleInfo, version: String = "go1.22.1")
        -> [UInt8]
    {
        var bytes = [0x7F, 0x45, 0x4C, 0x46] + [UInt8](repeating: 0x11, count: offset - 4)
        bytes.replaceSubrange(1003..<1017, with: magic)  // unaligned: ignored
        bytes.replaceSubrange(4096..<4112, with: magic + [0x41, 0x42])  // aligned, but no valid pointer size
        let modinfo = sentinelStart + Array(info.utf8) + sentinelEnd
        var header = magic + [8, flags] + [UInt8](repeating: 0, count: 16)
        if flags & 2 != 0 {
            header += uvarint(version.utf8.count) + Array(version.utf8) + uvarint(modinfo.count) + modinfo
        }
        return bytes + header + [UInt8](repeating: 0x22, count: 5000)
    }

    static func probe(_ bytes: [UInt8], chunk: Int, mode: UInt32 = 0o755) -> [UInt8]? {
        let file = FileRecord(path: "/usr/bin/hello", kind: .regular, size: Int64(bytes.count), mode: mode)
        guard var session = GoBuildInfoProbe().start(file) else { return nil }
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            let more = bytes[offset..<end].withUnsafeBytes { session.consume($0) }
            offset = end
            if !more { break }
        }
        return session.finish()
    }

    static func catalog(_ extracts: [String: [UInt8]]) -> CatalogResult {
        let files = extracts.keys.map { FileRecord(path: $0, kind: .regular, size: 1, mode: 0o755, layer: 2) }
        let tree = FileTree(files: files, extracts: [GoBuildInfoProbe.name: extracts])
        return Cataloger.go.catalog(tree, CatalogContext())
    }

    @Test("the probe finds the same extract whatever the chunk sizes", arguments: [1, 7, 16, 100, 4096, 1 << 20])
    func chunking(_ chunk: Int) throws {
        let blob = Self.binary()
        let extract = try #require(Self.probe(blob, chunk: chunk))
        #expect(Array(extract.prefix(14)) == Self.magic)
        let info = try GoBuildInfo(extract: extract)
        #expect(info.goVersion == "go1.22.1")
        #expect(info.path == "example.com/hello/cmd/hello")
        #expect(info.deps.count == 2)
        #expect(info.setting("-ldflags") == "-s -w")
    }

    @Test("main module, dependencies (replacements applied), stdlib, PURLs, metadata, layer")
    func packages() throws {
        let extract = try #require(Self.probe(Self.binary(), chunk: 65536))
        let result = Self.catalog(["/usr/bin/hello": extract])
        #expect(result.issues.isEmpty)
        let found = result.packages.map { "\($0.name)@\($0.version)" }
        #expect(
            found == [
                "example.com/hello@(devel)", "golang.org/x/text@v0.14.0", "github.com/new/thing@v1.2.0+incompatible",
                "stdlib@go1.22.1",
            ])
        #expect(
            result.packages.map(\.purl) == [
                "pkg:golang/example.com/hello@%28devel%29", "pkg:golang/golang.org/x/text@v0.14.0",
                "pkg:golang/github.com/new/thing@v1.2.0%2Bincompatible", "pkg:golang/stdlib@1.22.1",
            ])
        let main = try #require(result.packages.first)
        #expect(main.type == .go)
        #expect(main.layer == 2)
        #expect(main.locations == ["/usr/bin/hello"])
        #expect(main.metadata["goVersion"] == "go1.22.1")
        #expect(main.metadata["mainModule"] == "example.com/hello")
        #expect(main.metadata["goArch"] == "arm64")
        #expect(main.metadata["vcs.revision"] == "0123abcd")
    }

    @Test("the go command of a Go distribution is the toolchain too: stdlib and toolchain at its Go version")
    func goCommand() throws {
        // What `go version -m /usr/local/go/bin/go` shows for a release: the command's path, build settings, no module.
        let info = "path\tcmd/go\nbuild\t-buildmode=exe\nbuild\t-compiler=gc\nbuild\tCGO_ENABLED=1\nbuild\tGOARCH=amd64\nbuild\tGOOS=linux\n"
        let extract = try #require(Self.probe(Self.binary(info: info, version: "go1.20.4"), chunk: 65536))
        let result = Self.catalog(["/usr/local/go/bin/go": extract])
        #expect(result.issues.isEmpty)
        #expect(result.packages.map { "\($0.name)@\($0.version)" } == ["stdlib@go1.20.4", "toolchain@go1.20.4"])
        #expect(result.packages.map(\.purl) == ["pkg:golang/stdlib@1.20.4", "pkg:golang/toolchain@1.20.4"])
        // Any other program built by that toolchain carries its standard library, not the toolchain.
        let gofmt = try #require(Self.probe(Self.binary(info: "path\tcmd/gofmt\n", version: "go1.20.4"), chunk: 65536))
        #expect(Self.catalog(["/usr/local/go/bin/gofmt": gofmt]).packages.map(\.name) == ["stdlib"])
    }

    @Test("old pointer-based build info is an issue; non-ELF and non-executable files are not probed")
    func unsupported() throws {
        let old = try #require(Self.probe(Self.binary(flags: 0), chunk: 4096))
        #expect(old.count == 32)
        let result = Self.catalog([
            "/bin/old": old, "/bin/garbage": Self.magic + [8, 2] + [UInt8](repeating: 0, count: 16) + [0xFF, 0xFF],
        ])
        #expect(result.packages.isEmpty)
        #expect(result.issues.first { $0.path == "/bin/old" }?.message.contains("before 1.18") == true)
        #expect(result.issues.first { $0.path == "/bin/garbage" }?.message.contains("truncated") == true)

        var script = Self.binary()
        script.replaceSubrange(0..<4, with: Array("#!/b".utf8))
        #expect(Self.probe(script, chunk: 4096) == nil)
        #expect(Self.probe(Self.binary(), chunk: 4096, mode: 0o644) == nil)
        #expect(Self.probe([0x7F, 0x45, 0x4C, 0x46] + [UInt8](repeating: 0, count: 100_000), chunk: 4096) == nil)
    }

    /// Go executables installed on this machine, against a small Python reading of the same bytes.
    @Test(
        "real Go executables",
        arguments: ["/usr/bin/docker-registry"])  // installed by make test
    func realBinary(_ path: String) throws {
        try #require(LanguageFixtures.exists(path), "needed by this test and not found on this machine")
        try #require(LanguageFixtures.exists("/usr/bin/python3"), "needed by this test and not found on this machine")
        let oracleScript = """
            import json, re, sys
            b = open(sys.argv[1], 'rb').read()
            for m in re.finditer(rb'\\xff Go buildinf:', b):
                i = m.start()
                if i % 16 or b[i + 14] not in (4, 8) or not b[i + 15] & 2: continue
                def uv(p):
                    v = s = 0
                    while True:
                        c = b[p]; p += 1; v |= (c & 0x7f) << s; s += 7
                        if c < 0x80: return v, p
                n, p = uv(i + 32); version = b[p:p + n].decode(); p += n
                n, p = uv(p); info = b[p + 16:p + n - 16].decode()
                main, deps = None, []
                for line in info.split('\\n'):
                    f = line.split('\\t')
                    if f[0] == 'mod': main = f[1] + '@' + f[2]
                    if f[0] == 'dep': deps.append(f[1] + '@' + f[2])
                    if f[0] == '=>': deps[-1] = f[1] + '@' + f[2]
                print(json.dumps({'version': version, 'main': main, 'deps': deps})); break
            """
        let json = try #require(LanguageFixtures.run("/usr/bin/python3", ["-c", oracleScript, path]))
        let oracle = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        var session = try #require(
            GoBuildInfoProbe().start(FileRecord(path: path, kind: .regular, size: Int64(size), mode: 0o755)))
        while let data = try handle.read(upToCount: 128 * 1024), !data.isEmpty {
            if !data.withUnsafeBytes({ session.consume($0) }) { break }
        }
        let finished = session.finish()
        let extract = try #require(finished)
        let result = Self.catalog([path: extract])
        #expect(result.issues.isEmpty)
        let version = try #require(oracle["version"] as? String)
        var expected = (oracle["deps"] as? [String] ?? []) + ["stdlib@" + version]
        if let main = oracle["main"] as? String { expected.insert(main, at: 0) }
        #expect(result.packages.map { "\($0.name)@\($0.version)" } == expected)
    }
}
