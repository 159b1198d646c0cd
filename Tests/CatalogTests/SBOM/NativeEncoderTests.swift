@testable import Catalog
import Foundation
import Layers
import OCI
import Testing

@Suite("Native analysis document")
struct NativeEncoderTests {
    @Test("encode then decode gives the same analysis", arguments: SBOMFixtures.all.map(\.name))
    func roundTrip(name: String) throws {
        let analysis = try #require(SBOMFixtures.all.first { $0.name == name }?.analysis)
        let data = try NativeEncoder.encode(analysis)
        #expect(try NativeEncoder.decode(data) == analysis)
        #expect(try NativeEncoder.decode(NativeEncoder.encode(analysis, pretty: false)) == analysis)
    }

    @Test func outputIsDeterministicWithSortedKeysAndISODates() throws {
        let analysis = SBOMFixtures.debian
        let data = try NativeEncoder.encode(analysis)
        #expect(data == (try NativeEncoder.encode(analysis)))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""analyzedAt" : "2024-05-01T12:00:00Z""#))
        #expect(text.contains(#""schemaVersion" : "1.0.0""#))
        let keys = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]).keys.sorted()
        #expect(keys == [
            "analyzedAt", "analyzer", "distro", "dockerfile", "files", "issues", "metadata", "packages", "retrievedFiles",
            "schemaVersion", "secrets", "source",
        ])
    }

    @Test func directFileWriterMatchesTheCodableForm() throws {
        var analysis = SBOMFixtures.debian
        analysis.files.append(FileRecord(
            path: "/odd/\"quoted\" back\\slash tab\t nl\n ctl\u{01} ü 漢", kind: .symlink, mode: 0o777,
            linkTarget: "../x\"y"))
        // Every file kind (the direct writer spells each as a literal), with ids, sizes and special bits.
        for (index, kind) in [FileRecord.Kind.regular, .directory, .hardlink, .characterDevice, .blockDevice, .fifo, .other]
            .enumerated()
        {
            var file = FileRecord(path: "/kinds/\(kind)", kind: kind, mode: 0o6755, uid: -1, gid: 70_000)
            file.size = Int64(index) * 1_000_000_007
            file.layer = index
            analysis.files.append(file)
        }
        analysis.packages.append(Package(
            type: .rpm, name: "odd \"name\"\t", version: "1:2.0-3", purl: "pkg:rpm/odd@2.0-3", licenses: ["MIT", "ü"],
            locations: [], layer: 7, architecture: "noarch", sourceName: "odd-src", sourceVersion: "2.0", epoch: 1,
            release: "3.el9", files: ["/a\\b", "/漢"], metadata: ["z": "last", "a": "first\n", "m": ""]))
        analysis.packages.append(Package(type: .npm, name: "bare", version: "0", purl: "pkg:npm/bare@0"))
        // Every optional field of the other parts set.
        analysis.distro?.idLike = ["ubuntu", "x\"y"]
        analysis.metadata = ImageAnalysis.Metadata(
            architecture: "arm64", os: "linux", variant: "v8", created: "2024-01-01T00:00:00Z", author: "me <m@x>",
            env: ["A=1", "B=\"2\""], entrypoint: ["/bin/sh", "-c"], cmd: ["echo hi"], workingDir: "/srv",
            exposedPorts: ["80/tcp"], volumes: ["/data"], user: "1000:1000",
            labels: ["org.opencontainers.image.version": "1", "Z": "last", "a": "ü"],
            history: [
                ImageConfig.History(created: "2024", createdBy: "RUN x", author: "a", comment: "c", emptyLayer: true),
                ImageConfig.History(),
            ])
        analysis.source.reference = try Reference(parsing: "registry.example:5000/team/app:1.0")
        analysis.source.path = "oci-layout:/tmp/x"
        analysis.source.parentDigest = SBOMFixtures.digest("e")
        analysis.source.platform = Platform(os: "windows", architecture: "amd64", variant: "v2", osVersion: "10.0", osFeatures: ["win32k"])
        analysis.issues = [
            AnalysisIssue(source: "dpkg", path: "/var/lib/dpkg/status", layer: 2, message: "bad \"stanza\""),
            AnalysisIssue(source: "layer", message: "no path"),
        ]
        analysis.secrets = [SecretFinding(ruleID: "PASSWORD", path: "/etc/x", line: 3, layer: 0, redactedMatch: "pa**rd")]
        for pretty in [true, false] {
            let data = try NativeEncoder.encode(analysis, pretty: pretty)
            #expect(try NativeEncoder.decode(data) == analysis)
            // The same JSON value as JSONEncoder's encoding of the Codable form.
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            let reference = try encoder.encode(analysis)
            let ours = try JSONSerialization.jsonObject(with: data) as? NSDictionary
            let theirs = try JSONSerialization.jsonObject(with: reference) as? NSDictionary
            #expect(ours == theirs)
        }
    }

    @Test func prettyOutputIsIndentedLikeJSONEncoder() throws {
        var writer = JSONWriter(pretty: true)
        writer.beginObject()
        writer.field("a", "x")
        writer.key("list")
        writer.strings(["1", "2"])
        writer.key("empty")
        writer.strings([])
        writer.key("inline")
        writer.beginArray()
        writer.beginInlineObject()
        writer.field("k", Int64(-12))
        writer.field("b", true)
        writer.endInlineObject()
        writer.endArray()
        writer.key("nested")
        writer.beginObject()
        writer.field("n", Int64(1))
        writer.endObject()
        writer.endObject()
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text == """
            {
              "a" : "x",
              "list" : [
                "1",
                "2"
              ],
              "empty" : [],
              "inline" : [
                {"k":-12,"b":true}
              ],
              "nested" : {
                "n" : 1
              }
            }
            """)
        var compact = JSONWriter()
        compact.beginObject()
        compact.key("list")
        compact.strings(["1", "2"])
        compact.field("m", Int64(0))
        compact.key("mode")
        compact.octalString(0o4755, minimumDigits: 4)
        compact.key("small")
        compact.octalString(0o7, minimumDigits: 4)
        compact.endObject()
        #expect(String(decoding: compact.bytes, as: UTF8.self) == #"{"list":["1","2"],"m":0,"mode":"4755","small":"0007"}"#)
    }

    @Test func largeFileListsWrittenInPartsEqualTheCodableForm() throws {
        // Enough files (2,048 per part) for the parallel path on any machine with two or more cores.
        var analysis = SBOMFixtures.debian
        analysis.files = (0..<4200).map { index in
            var file = FileRecord(
                path: index % 97 == 0 ? "/odd/\"\(index)\"\t" : "/usr/share/doc/package-\(index)/copyright",
                kind: index % 3 == 0 ? .directory : .regular, mode: UInt32(index % 0o7777), uid: index % 5, gid: index % 7,
                linkTarget: index % 11 == 0 ? "../target-\(index)" : nil)
            file.size = Int64(index * 31)
            file.layer = index % 4
            if index % 2 == 0 { file.sha256 = SBOMFixtures.digest("\(index % 10)") }
            return file
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let theirs = try JSONSerialization.jsonObject(with: encoder.encode(analysis)) as? NSDictionary
        for pretty in [true, false] {
            let data = try NativeEncoder.encode(analysis, pretty: pretty)
            #expect(try JSONSerialization.jsonObject(with: data) as? NSDictionary == theirs)
            // Streamed to a file descriptor (the parts written straight out): the same bytes.
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-native-\(UUID().uuidString).json").path
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            try #require(descriptor >= 0)
            defer { unlink(path) }
            try NativeEncoder.write(analysis, pretty: pretty, to: descriptor)
            close(descriptor)
            #expect(FileManager.default.contents(atPath: path) == data)
            if pretty {
                // One file per line, indented inside the document's files array.
                let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
                #expect(lines.filter { $0.hasPrefix("    {\"gid\":") }.count == 4200)
            }
        }
    }

    /// The bytes ``NativeEncoder/renderFiles(_:)`` writes are pinned: `drydock scan` keeps them in its cache and
    /// copies them into later documents. When this fails because the rendering changed on purpose, bump
    /// ``NativeEncoder/filesRenderingVersion`` (so kept renderings are not used) and update the expected text.
    @Test func renderedFilesArePinnedToTheirVersion() {
        var regular = FileRecord(path: "/usr/bin/su", kind: .regular, size: 72_000, mode: 0o4755, uid: 0, gid: 0, layer: 1)
        regular.sha256 = SBOMFixtures.digest("7")
        let files = [
            FileRecord(path: "/etc", kind: .directory, mode: 0o755, layer: 0),
            regular,
            FileRecord(path: "/bin/sh", kind: .symlink, mode: 0o777, linkTarget: "dash", layer: 0),
            FileRecord(path: "/tmp/\"quoted\"", kind: .fifo, mode: 0o2644, uid: 1000, gid: 50, layer: 2),
        ]
        let expected = """

                {"gid":0,"layer":0,"mode":"0755","path":"/etc","setgid":false,"setuid":false,"size":0,"type":"directory","uid":0},
                {"gid":0,"layer":1,"mode":"4755","path":"/usr/bin/su","setgid":false,"setuid":true,"sha256":"\(SBOMFixtures.digest("7"))","size":72000,"type":"regular","uid":0},
                {"gid":0,"layer":0,"link":"dash","mode":"0777","path":"/bin/sh","setgid":false,"setuid":false,"size":0,"type":"symlink","uid":0},
                {"gid":50,"layer":2,"mode":"2644","path":"/tmp/\\"quoted\\"","setgid":true,"setuid":false,"size":0,"type":"fifo","uid":1000}
            """
        #expect(String(decoding: NativeEncoder.renderFiles(files), as: UTF8.self) == expected)
        #expect(NativeEncoder.filesRenderingVersion == 1)
    }

    /// A document written with an earlier rendering of its files is the document written without one; a rendering
    /// for another number of files is not used.
    @Test func documentsWithRenderedFilesAreTheSameBytes() throws {
        var analysis = SBOMFixtures.debian
        analysis.files = (0..<3000).map { index in
            FileRecord(path: "/usr/lib/file-\(index)", kind: .regular, size: Int64(index), mode: 0o644, layer: index % 2)
        }
        func written(_ rendered: NativeEncoder.RenderedFiles?) throws -> Data {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-rendered-\(UUID().uuidString).json").path
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            try #require(descriptor >= 0)
            defer { unlink(path) }
            if let rendered {
                try NativeEncoder.write(analysis, to: descriptor, renderedFiles: rendered)
            } else {
                try NativeEncoder.write(analysis, to: descriptor)
            }
            close(descriptor)
            return try #require(FileManager.default.contents(atPath: path))
        }
        let plain = try written(nil)
        #expect(plain == (try NativeEncoder.encode(analysis)))
        let section = NativeEncoder.renderFiles(analysis.files)
        var copies = 0
        let rendered = NativeEncoder.RenderedFiles(count: analysis.files.count) { descriptor in
            copies += 1
            try section.withUnsafeBytes { try JSONWriter.write($0, to: descriptor) }
        }
        #expect(try written(rendered) == plain)
        #expect(copies == 1)
        let stale = NativeEncoder.RenderedFiles(count: analysis.files.count - 1) { _ in copies += 1 }
        #expect(try written(stale) == plain)
        #expect(copies == 1)
        // No files: an empty section, and the empty array as usual.
        analysis.files = []
        let empty = NativeEncoder.RenderedFiles(count: 0) { _ in }
        #expect(try written(empty) == (try NativeEncoder.encode(analysis)))
    }

    @Test func continuedWritersJoinToTheSameBytes() throws {
        for pretty in [true, false] {
            var whole = JSONWriter(pretty: pretty)
            whole.beginObject()
            whole.key("values")
            whole.beginArray()
            for value in 0..<7 { whole.integer(Int64(value)) }
            whole.endArray()
            whole.endObject()

            var joined = JSONWriter(pretty: pretty)
            joined.beginObject()
            joined.key("values")
            joined.beginArray()
            var first = JSONWriter(continuing: joined, afterElements: false)
            var second = JSONWriter(continuing: joined, afterElements: true)
            let empty = JSONWriter(continuing: joined, afterElements: true)
            for value in 0..<3 { first.integer(Int64(value)) }
            for value in 3..<7 { second.integer(Int64(value)) }
            try joined.append(first)
            try joined.append(empty)
            try joined.append(second)
            joined.endArray()
            joined.endObject()
            #expect(joined.bytes == whole.bytes)
        }
    }

    @Test func escapingCheckAgreesWithTheBytewiseOne() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("abc/._-0189".utf8) + [0x00, 0x1F, 0x20, 0x21, 0x22, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xE6, 0xFF]
        for _ in 0..<5000 {
            let length = Int.random(in: 0...40, using: &generator)
            var bytes = (0..<length).map { _ in UInt8(ascii: "a") + UInt8.random(in: 0..<26, using: &generator) }
            if !bytes.isEmpty, Bool.random(using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = alphabet.randomElement(using: &generator)!
            }
            let expected = bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
            #expect(bytes.withUnsafeBufferPointer(JSONWriter.needsEscaping) == expected)
        }
    }

    @Test func filesHaveTypeOctalModeAndSpecialBits() throws {
        let object = try JSONSerialization.jsonObject(with: NativeEncoder.encode(SBOMFixtures.debian))
        let files = try #require((object as? [String: Any])?["files"] as? [[String: Any]])
        let passwd = try #require(files.first { $0["path"] as? String == "/usr/bin/passwd" })
        #expect(passwd["type"] as? String == "regular")
        #expect(passwd["mode"] as? String == "4755")
        #expect(passwd["setuid"] as? Bool == true)
        #expect(passwd["setgid"] as? Bool == false)
        #expect(passwd["sha256"] as? String == SBOMFixtures.digest("d").description)
        let sh = try #require(files.first { $0["path"] as? String == "/usr/bin/sh" })
        #expect(sh["type"] as? String == "symlink")
        #expect(sh["link"] as? String == "dash")
        #expect(sh["layer"] as? Int == 1)
        let root = try #require(files.first { $0["path"] as? String == "/" })
        #expect(root["mode"] as? String == "0755")
        #expect(files.first { $0["path"] as? String == "/usr/bin/wall" }?["setgid"] as? Bool == true)
    }

    @Test func metadataComesFromTheImageConfig() throws {
        let metadata = SBOMFixtures.empty.metadata
        #expect(metadata.architecture == "arm64")
        #expect(metadata.variant == "v8")
        #expect(metadata.exposedPorts == ["443/tcp", "80/tcp"])
        #expect(metadata.user == "nginx")
        #expect(metadata.cmd == ["nginx", "-g", "daemon off;"])
        #expect(metadata.history.first?.createdBy == "/bin/sh -c #(nop) ADD file:x in /")
        let empty = ImageAnalysis.Metadata(
            config: ImageConfig(config: .init(user: "", workingDir: ""), rootfs: .init(diffIDs: [])))
        #expect(empty.user == nil && empty.workingDir == nil && empty.env.isEmpty)
    }

    @Test func malformedModeIsADecodingError() throws {
        var object = try #require(
            try JSONSerialization.jsonObject(with: NativeEncoder.encode(SBOMFixtures.debian)) as? [String: Any])
        var files = try #require(object["files"] as? [[String: Any]])
        files[0]["mode"] = "rwxr-xr-x"
        object["files"] = files
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: DecodingError.self) { try NativeEncoder.decode(data) }
    }
}
