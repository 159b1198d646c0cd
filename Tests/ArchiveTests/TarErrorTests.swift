import Archive
import Testing

@Suite("TarParser errors")
struct TarErrorTests {
    static func sampleArchive() -> [UInt8] {
        var writer = TarWriter()
        writer.append(TarEntry(path: "a.txt"), contents: textBytes(1000))
        writer.append(TarEntry(path: String(repeating: "long/", count: 40) + "b.txt"), contents: textBytes(10))
        writer.append(TarEntry(path: "c", kind: .directory))
        return writer.finish()
    }

    @Test("a corrupted header checksum throws .corrupt", arguments: [0, 100, 150, 300, 511])
    func checksum(byte: Int) throws {
        var archive = Self.sampleArchive()
        archive[byte] ^= 0x01
        let error = archiveError { _ = try parseTar(archive) }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("offset 0") == true, "\(String(describing: error))")
    }

    @Test("a signed-sum checksum (old tars) is accepted")
    func signedChecksum() throws {
        var block = [UInt8](repeating: 0, count: 512)
        let name = Array("caf\u{e9}".utf8)  // bytes >= 0x80 make signed and unsigned sums differ
        block.replaceSubrange(0..<name.count, with: name)
        block.replaceSubrange(100..<107, with: Array("0000644".utf8))
        block.replaceSubrange(124..<135, with: Array("00000000000".utf8))
        block[156] = UInt8(ascii: "0")
        for index in 148..<156 { block[index] = 0x20 }
        let signed = block.reduce(0) { $0 + Int(Int8(bitPattern: $1)) }
        let text = Array(String(signed, radix: 8).utf8)
        block.replaceSubrange(148..<(148 + text.count), with: text)
        block[148 + text.count] = 0
        let members = try parseTar(block + [UInt8](repeating: 0, count: 1024))
        #expect(members.first?.entry.path == "café")
    }

    @Test("input ending mid-header, mid-data, mid-padding or after an extended header throws .truncated")
    func truncated() throws {
        let archive = Self.sampleArchive()
        // 0..<512 header a, 512..<1536 data+padding, 1536 pax header, 2048 pax data, 2560 header b, …
        for cut in [100, 511, 513, 1511, 1535, 1600, 2100, 2560, 2561, 3072 + 5] {
            let error = archiveError { _ = try parseTar(Array(archive.prefix(cut)), chunkSize: 77) }
            #expect(error?.code == .truncated, "cut at \(cut): \(String(describing: error))")
        }
        // Cutting exactly at a member boundary is a valid (unterminated) archive.
        #expect(try parseTar(Array(archive.prefix(1536))).count == 1)
    }

    @Test("a bad numeric field throws .corrupt naming the field")
    func badNumber() throws {
        var archive = Self.sampleArchive()
        archive.replaceSubrange(124..<127, with: Array("9zz".utf8))
        var block = Array(archive[0..<512])
        setChecksum(&block)
        archive.replaceSubrange(0..<512, with: block)
        let error = archiveError { _ = try parseTar(archive) }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("size") == true)
    }

    @Test("a lone zero block followed by a header throws .corrupt")
    func loneZeroBlock() throws {
        var writer = TarWriter()
        writer.append(TarEntry(path: "a"), contents: [])
        let header = Array(writer.finish().prefix(512))
        let archive = header + [UInt8](repeating: 0, count: 512) + header
        #expect(archiveError { _ = try parseTar(archive) }?.code == .corrupt)
    }

    @Test("pax headers and long names over the limits throw .tooLarge")
    func limits() throws {
        var writer = TarWriter()
        writer.append(TarEntry(path: String(repeating: "x", count: 2000)), contents: [])
        let archive = writer.finish()
        let limits = TarLimits(maxPaxHeaderSize: 1024, maxLongNameSize: 1024)
        let error = archiveError { _ = try parseTar(archive, limits: limits) }
        #expect(error?.code == .tooLarge)
        #expect(try parseTar(archive).first?.entry.path.count == 2000)

        // A GNU 'L' header claiming 1 GiB.
        var block = [UInt8](repeating: 0, count: 512)
        block.replaceSubrange(0..<13, with: Array("././@LongLink".utf8))
        block.replaceSubrange(124..<135, with: Array(String(1 << 30, radix: 8).utf8))
        block[156] = UInt8(ascii: "L")
        block.replaceSubrange(257..<265, with: Array("ustar  \u{0}".utf8))
        setChecksum(&block)
        #expect(archiveError { _ = try parseTar(block) }?.code == .tooLarge)
    }

    @Test("a malformed pax record throws .corrupt")
    func malformedPax() throws {
        var writer = TarWriter()
        writer.append(TarEntry(path: "f", paxRecords: ["key": "value"]), contents: [])
        var archive = writer.finish()
        // The pax data block starts at 512: "14 key=value\n" → break the length.
        #expect(archive[512] == UInt8(ascii: "1"))
        archive[512] = UInt8(ascii: "9")
        #expect(archiveError { _ = try parseTar(archive) }?.code == .corrupt)
    }

    @Test("the parser refuses to continue after an error")
    func failedState() throws {
        var archive = Self.sampleArchive()
        archive[0] ^= 1
        var parser = TarParser()
        let first = archiveError { try archive.withUnsafeBytes { try parser.feed($0) { _ in } } }
        #expect(first?.code == .corrupt)
        let second = archiveError { try archive.withUnsafeBytes { try parser.feed($0) { _ in } } }
        #expect(second != nil)
    }

    @Test("handler errors propagate unchanged")
    func handlerError() throws {
        struct Stop: Error {}
        var parser = TarParser()
        #expect(throws: Stop.self) {
            try Self.sampleArchive().withUnsafeBytes { try parser.feed($0) { _ in throw Stop() } }
        }
    }
}
