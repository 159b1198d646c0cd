import Archive
import Testing

@Suite("TarWriter → TarParser")
struct TarRoundTripTests {
    /// One member of every kind, with contents where the kind allows.
    static let sample: [(TarEntry, [UInt8])] = [
        (TarEntry(path: "etc/", kind: .directory, mode: 0o755, modificationTime: 1_700_000_000), []),
        (
            TarEntry(
                path: "etc/os-release", kind: .regular, mode: 0o644, uid: 0, gid: 0, userName: "root",
                groupName: "root", modificationTime: 1_700_000_001),
            Array("ID=debian\nVERSION_ID=\"12\"\n".utf8)
        ),
        (TarEntry(path: "empty", kind: .regular), []),
        (TarEntry(path: "blocksized", kind: .regular, uid: 1000, gid: 1000), textBytes(1024)),
        (TarEntry(path: "big.bin", kind: .regular, mode: 0o4755), pseudoRandomBytes(70_001)),
        (TarEntry(path: "hard", kind: .hardLink, linkName: "etc/os-release"), []),
        (TarEntry(path: "usr/lib/os-release", kind: .symbolicLink, mode: 0o777, linkName: "../../etc/os-release"), []),
        (TarEntry(path: "dev/null", kind: .characterDevice, mode: 0o666, deviceMajor: 1, deviceMinor: 3), []),
        (TarEntry(path: "dev/sda", kind: .blockDevice, mode: 0o660, deviceMajor: 8, deviceMinor: 0), []),
        (TarEntry(path: "run/pipe", kind: .fifo, mode: 0o600), []),
        (TarEntry(path: "dump", kind: .other(UInt8(ascii: "D"))), Array("xyz".utf8)),
        (TarEntry(path: ".wh..wh..opq", kind: .regular), []),
    ]

    static func archive(_ members: [(TarEntry, [UInt8])]) -> [UInt8] {
        var writer = TarWriter()
        for (entry, contents) in members { writer.append(entry, contents: contents) }
        return writer.finish()
    }

    /// What the parser should report for `entry` written with `contents`.
    static func expected(_ entry: TarEntry, _ contents: [UInt8]) -> TarEntry {
        var entry = entry
        entry.size = Int64(contents.count)
        return entry
    }

    @Test("every kind round-trips with its fields")
    func everyKind() throws {
        let archive = Self.archive(Self.sample)
        #expect(archive.count % 512 == 0)
        let members = try parseTar(archive)
        #expect(members.count == Self.sample.count)
        for (member, (entry, contents)) in zip(members, Self.sample) {
            #expect(member.entry == Self.expected(entry, contents))
            #expect(member.contents == contents, "\(entry.path)")
        }
    }

    @Test("long paths and link names go through pax", arguments: [101, 255, 256, 1000, 5000])
    func longPaths(length: Int) throws {
        let directory = String(repeating: "d", count: 60) + "/"
        var path = ""
        while path.utf8.count < length { path += directory }
        path = String(path.prefix(length - 4)) + "file"
        let link = String(repeating: "l/", count: length / 2)
        let members: [(TarEntry, [UInt8])] = [
            (TarEntry(path: path, kind: .regular, modificationTime: 5), textBytes(700)),
            (TarEntry(path: "s" + path, kind: .symbolicLink, linkName: link), []),
            (TarEntry(path: "h", kind: .hardLink, linkName: path), []),
        ]
        let parsed = try parseTar(Self.archive(members))
        #expect(parsed.map(\.entry.path) == [path, "s" + path, "h"])
        #expect(parsed.map(\.entry.linkName) == ["", link, path])
        #expect(parsed[0].contents == textBytes(700))
        #expect(parsed[0].entry.paxRecords["path"] == path)
    }

    @Test("non-ASCII names, long user names, large ids, negative times and pax records survive")
    func paxFields() throws {
        let entry = TarEntry(
            path: "usr/share/doc/café/naïve-日本語.txt", kind: .regular, uid: 3_000_000, gid: 70_000_000,
            userName: String(repeating: "u", count: 40), groupName: "grp", modificationTime: -86_400,
            paxRecords: ["SCHILY.xattr.user.comment": "hello = world\nsecond line", "comment": "x"]
        )
        let parsed = try parseTar(Self.archive([(entry, [1, 2, 3])]))
        #expect(parsed.count == 1)
        let got = try #require(parsed.first?.entry)
        #expect(got.path == entry.path)
        #expect(got.uid == 3_000_000)
        #expect(got.gid == 70_000_000)
        #expect(got.userName == entry.userName)
        #expect(got.modificationTime == -86_400)
        #expect(got.paxRecords["SCHILY.xattr.user.comment"] == "hello = world\nsecond line")
        #expect(got.paxRecords["comment"] == "x")
    }

    @Test("large device numbers use base-256")
    func largeDevices() throws {
        let entry = TarEntry(path: "dev/big", kind: .blockDevice, deviceMajor: 1 << 30, deviceMinor: 0o7777777)
        let parsed = try parseTar(Self.archive([(entry, [])]))
        #expect(parsed.first?.entry.deviceMajor == 1 << 30)
        #expect(parsed.first?.entry.deviceMinor == 0o7777777)
    }

    @Test("feeding 1 byte at a time or in odd chunks gives identical members")
    func chunking() throws {
        var members = Self.sample
        members.append((TarEntry(path: String(repeating: "p", count: 300), kind: .regular), textBytes(513)))
        let archive = Self.archive(members)
        let whole = try parseTar(archive)
        #expect(try parseTar(archive, chunkSize: 1) == whole)
        #expect(try parseTar(archive, chunkSizes: [3, 511, 1, 1024, 7, 513, 4095]) == whole)
        #expect(try parseTar(archive, chunkSize: 512) == whole)
        #expect(try parseTar(archive, chunkSize: 65_537) == whole)
    }

    @Test("data events point into the fed bytes, not into copies")
    func dataChunks() throws {
        let contents = pseudoRandomBytes(10_000)
        let archive = Self.archive([(TarEntry(path: "f"), contents)])
        var parser = TarParser()
        var dataEvents = 0
        try archive.withUnsafeBytes { bytes in
            try parser.feed(bytes) { event in
                if case .data(let chunk) = event {
                    dataEvents += 1
                    #expect(chunk.baseAddress == bytes.baseAddress! + 512)
                    #expect(chunk.count == 10_000)
                }
            }
        }
        try parser.finish()
        #expect(dataEvents == 1)
    }

    @Test("an archive without the end-of-archive blocks is fine; data after them is ignored")
    func endOfArchive() throws {
        var writer = TarWriter()
        writer.append(TarEntry(path: "a"), contents: [1])
        let finished = writer.finish()
        let unterminated = Array(finished.prefix(writer.count))
        #expect(try parseTar(unterminated).count == 1)
        #expect(try parseTar(finished + [UInt8](repeating: 0x41, count: 700)).count == 1)
        #expect(try parseTar(finished + [UInt8](repeating: 0, count: 9216)).count == 1)
        // A single zero block then the end of input is also accepted.
        #expect(try parseTar(unterminated + [UInt8](repeating: 0, count: 512)).count == 1)
    }

    @Test("a v7 regular entry whose name ends in / is a directory")
    func v7Directory() throws {
        var block = [UInt8](repeating: 0, count: 512)
        let name = Array("olddir/".utf8)
        block.replaceSubrange(0..<name.count, with: name)
        for (range, value) in [(100..<108, "0000755"), (108..<116, "0000000"), (116..<124, "0000000"),
                               (124..<136, "00000000000"), (136..<148, "00000000000")] {
            block.replaceSubrange(range.lowerBound..<(range.lowerBound + value.utf8.count), with: Array(value.utf8))
        }
        block[156] = 0
        setChecksum(&block)
        let members = try parseTar(block + [UInt8](repeating: 0, count: 1024))
        #expect(members.first?.entry.kind == .directory)
        #expect(members.first?.entry.path == "olddir/")
    }
}

/// Recomputes a header's checksum (unsigned, "%06o\0 ").
func setChecksum(_ block: inout [UInt8]) {
    for index in 148..<156 { block[index] = 0x20 }
    let sum = block.reduce(0) { $0 + Int($1) }
    let text = Array(String(sum, radix: 8).utf8)
    let padded = [UInt8](repeating: 0x30, count: 6 - text.count) + text
    block.replaceSubrange(148..<154, with: padded)
    block[154] = 0
    block[155] = 0x20
}
