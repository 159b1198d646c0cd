import Archive
import Foundation
import Testing

/// Archives written by GNU tar (`/usr/bin/tar`) in its GNU and pax formats.
@Suite("GNU tar interoperability")
struct TarInteropTests {
    static let longName =
        "deep/" + String(repeating: "nested-directory-name/", count: 8) + String(repeating: "f", count: 120) + ".txt"

    /// Builds a small tree with every kind tar can archive without privileges, and returns the
    /// archive `tar` wrote for it.
    static func archive(format: String, compress: String? = nil) throws -> [UInt8] {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let root = directory.path("root")
        let files = FileManager.default
        try files.createDirectory(atPath: root + "/deep/" + String(repeating: "nested-directory-name/", count: 8),
                                  withIntermediateDirectories: true)
        try Data(textBytes(3000)).write(to: URL(fileURLWithPath: root + "/" + longName))
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: root + "/hello.txt"))
        try Data().write(to: URL(fileURLWithPath: root + "/empty"))
        try files.createSymbolicLink(atPath: root + "/link", withDestinationPath: "hello.txt")
        try files.createSymbolicLink(atPath: root + "/longlink", withDestinationPath: longName)
        try files.linkItem(atPath: root + "/hello.txt", toPath: root + "/hard")
        try shell("mkfifo '\(root)/fifo' && chmod 4755 '\(root)/hello.txt'")
        let output = directory.path("out.tar")
        // Sorted names, fixed owner and times: a reproducible archive.
        try shell(
            "tar --format=\(format) --sort=name --owner=1000 --group=1000 --mtime=@1700000000 "
                + "-C '\(root)' -cf '\(output)' \(compress.map { "--use-compress-program='\($0)'" } ?? "") ."
        )
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
    }

    static func check(_ members: [ParsedMember], format: String) throws {
        let byPath = Dictionary(members.map { ($0.entry.path, $0) }, uniquingKeysWith: { first, _ in first })
        let long = try #require(byPath["./" + longName])
        #expect(long.entry.kind == .regular)
        #expect(long.contents == textBytes(3000))
        #expect(long.entry.size == 3000)
        #expect(long.entry.uid == 1000 && long.entry.gid == 1000)
        #expect(long.entry.modificationTime == 1_700_000_000)

        // Sorted by name, "hard" comes first and carries the contents; "hello.txt" links to it.
        let hard = try #require(byPath["./hard"])
        #expect(hard.entry.kind == .regular)
        #expect(hard.contents == Array("hello\n".utf8))
        #expect(hard.entry.mode & 0o7777 == 0o4755)

        #expect(byPath["./empty"]?.entry.kind == .regular)
        #expect(byPath["./empty"]?.contents == [])
        #expect(byPath["./link"]?.entry.kind == .symbolicLink)
        #expect(byPath["./link"]?.entry.linkName == "hello.txt")
        #expect(byPath["./longlink"]?.entry.kind == .symbolicLink)
        #expect(byPath["./longlink"]?.entry.linkName == longName)
        #expect(byPath["./fifo"]?.entry.kind == .fifo)
        #expect(byPath["./deep/"]?.entry.kind == .directory)
        #expect(byPath["./"]?.entry.kind == .directory)

        // tar stores the second name of a hard-linked file as a hard link to the first.
        let hello = try #require(byPath["./hello.txt"])
        #expect(hello.entry.kind == .hardLink)
        #expect(hello.entry.linkName == "./hard")
        #expect(hello.entry.size == 0)
        #expect(hello.contents.isEmpty)
        // ./, deep/, 8 nested directories, the long file, empty, fifo, hard, hello.txt, link, longlink.
        #expect(members.count == 17, "\(members.map(\.entry.path))")
    }

    @Test("tar --format=gnu (L/K long names)")
    func gnuFormat() throws {
        let archive = try Self.archive(format: "gnu")
        let members = try parseTar(archive)
        try Self.check(members, format: "gnu")
        #expect(members.allSatisfy { $0.entry.paxRecords.isEmpty })
        #expect(try parseTar(archive, chunkSize: 1) == members)
    }

    @Test("tar --format=pax (path/linkpath records)")
    func paxFormat() throws {
        let archive = try Self.archive(format: "pax")
        let members = try parseTar(archive)
        try Self.check(members, format: "pax")
        let long = try #require(members.first { $0.entry.path.hasSuffix(".txt") && $0.entry.path.count > 100 })
        #expect(long.entry.paxRecords["path"] == "./" + Self.longName)
        #expect(try parseTar(archive, chunkSizes: [1, 13, 1000]) == members)
    }

    @Test("tar --format=ustar splits long paths into prefix and name")
    func ustarPrefix() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = String(repeating: "abcdefghij/", count: 12) + "file.txt"  // 140 bytes: fits prefix+name
        let root = directory.path("root")
        try FileManager.default.createDirectory(
            atPath: root + "/" + path.split(separator: "/").dropLast().joined(separator: "/"),
            withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/" + path))
        try shell("tar --format=ustar -C '\(root)' -cf '\(directory.path("u.tar"))' '\(path)'")
        let archive = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory.path("u.tar"))))
        let members = try parseTar(archive)
        #expect(members.map(\.entry.path) == [path])
        #expect(members.first?.contents == Array("x".utf8))
    }

    @Test("tar -z, --zstd and -J (xz) output streams through TarStreamReader with detection")
    func compressedTar() throws {
        let plain = try Self.archive(format: "gnu")
        let expected: [String: Compression] = ["gzip": .gzip, "zstd": .zstd, "xz": .xz]
        for program in ["gzip", "zstd", "xz"] {
            let compressed = try Self.archive(format: "gnu", compress: program)
            let reader = try TarStreamReader(compression: nil)
            var collector = EventCollector()
            try compressed.withUnsafeBytes { bytes in
                var start = 0
                while start < bytes.count {
                    let end = min(start + 1000, bytes.count)
                    try reader.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) { collector.handle($0) }
                    start = end
                }
            }
            try reader.finish { collector.handle($0) }
            #expect(reader.compression == expected[program])
            #expect(collector.members == (try parseTar(plain)))
        }
    }
}
