import Archive
import Foundation
import TestSupport
import Testing

/// A member as seen through the parser's events, contents coalesced.
struct ParsedMember: Equatable {
    var entry: TarEntry
    var contents: [UInt8]
}

/// Collects events, checking they come as entry, data…, entryEnd.
struct EventCollector {
    private(set) var members: [ParsedMember] = []
    private var open = false

    mutating func handle(_ event: TarEvent) {
        switch event {
        case .entry(let entry):
            #expect(!open, "entry \(entry.path) started before the previous one ended")
            members.append(ParsedMember(entry: entry, contents: []))
            open = true
        case .data(let bytes):
            #expect(open, "data outside an entry")
            members[members.count - 1].contents.append(contentsOf: bytes)
        case .entryEnd:
            #expect(open, "entryEnd outside an entry")
            open = false
        }
    }

    func finish() {
        #expect(!open, "the last entry did not end")
    }
}

/// Parses `archive` fed in chunks of `chunkSize` bytes.
func parseTar(_ archive: [UInt8], chunkSize: Int = 1 << 20, limits: TarLimits = .default) throws -> [ParsedMember] {
    var parser = TarParser(limits: limits)
    var collector = EventCollector()
    try archive.withUnsafeBytes { bytes in
        var start = 0
        while start < bytes.count {
            let end = min(start + chunkSize, bytes.count)
            try parser.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) { collector.handle($0) }
            start = end
        }
    }
    try parser.finish()
    collector.finish()
    return collector.members
}

/// Parses `archive` fed in the given repeating pattern of chunk sizes.
func parseTar(_ archive: [UInt8], chunkSizes: [Int]) throws -> [ParsedMember] {
    var parser = TarParser()
    var collector = EventCollector()
    try archive.withUnsafeBytes { bytes in
        var start = 0
        var index = 0
        while start < bytes.count {
            let end = min(start + chunkSizes[index % chunkSizes.count], bytes.count)
            index += 1
            try parser.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) { collector.handle($0) }
            start = end
        }
    }
    try parser.finish()
    collector.finish()
    return collector.members
}

/// Runs `body` and returns the `ArchiveError` it throws (recording an issue when it throws
/// something else or nothing).
func archiveError(_ body: () throws -> Void) -> ArchiveError? {
    do {
        try body()
        Issue.record("expected an ArchiveError, nothing was thrown")
        return nil
    } catch let error as ArchiveError {
        return error
    } catch {
        Issue.record("expected an ArchiveError, got \(error)")
        return nil
    }
}

/// A fresh temporary directory, removed by `cleanup()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ArchiveTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// Runs a shell command line, failing (with its output) when it exits non-zero.
func shell(_ command: String) throws { try runShell(command) }

/// Deterministic pseudo-random bytes (compressible only a little).
func pseudoRandomBytes(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
    var state = seed
    var result = [UInt8](repeating: 0, count: count)
    for index in 0..<count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        result[index] = UInt8(truncatingIfNeeded: state)
    }
    return result
}

/// Text-like bytes (compressible).
func textBytes(_ count: Int) -> [UInt8] {
    let line = Array("the quick brown fox jumps over the lazy dog 0123456789\n".utf8)
    return (0..<count).map { line[$0 % line.count] }
}

/// `compressed` fed to a fresh decompressor `chunk` bytes at a time, then finished: the output, the largest chunk handed
/// out, and the decompressor (for its counters).
func decompressInChunks(_ compressed: [UInt8], as compression: Compression, chunk: Int) throws
    -> (output: [UInt8], largest: Int, decompressor: Decompressor)
{
    let decompressor = try Decompressor(compression)
    var output: [UInt8] = []
    var largest = 0
    try compressed.withUnsafeBytes { bytes in
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try decompressor.decompress(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) {
                largest = max(largest, $0.count)
                output.append(contentsOf: $0)
            }
            start = end
        }
    }
    try decompressor.finish()
    return (output, largest, decompressor)
}
