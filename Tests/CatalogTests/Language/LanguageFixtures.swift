import Catalog
import Foundation
import Layers

/// In-memory image trees and zip archives for the language cataloger tests.
enum LanguageFixtures {
    /// A tree of regular files with their contents captured (text or bytes), all in `layer` unless given.
    static func tree(
        _ files: [(path: String, contents: [UInt8], layer: Int)], extra: [FileRecord] = [],
        extracts: [String: [String: [UInt8]]] = [:]
    ) -> FileTree {
        var records = extra
        var contents: [String: [UInt8]] = [:]
        for file in files {
            records.append(
                FileRecord(path: file.path, kind: .regular, size: Int64(file.contents.count), layer: file.layer))
            contents[file.path] = file.contents
        }
        return FileTree(files: records, contents: contents, extracts: extracts)
    }

    static func tree(_ files: [String: String], layer: Int = 0) -> FileTree {
        tree(files.map { (path: $0.key, contents: Array($0.value.utf8), layer: layer) })
    }

    /// Runs every cataloger's capture rules over a real directory, as the layer walker would.
    static func directory(_ path: String, for catalogers: [Cataloger]) -> FileTree {
        FileTree.directory(URL(fileURLWithPath: path), captures: catalogers.flatMap(\.captures)).tree
    }

    /// Runs a command, returning its standard output, or nil when it cannot run or fails.
    static func run(_ executable: String, _ arguments: [String], directory: String? = nil) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// A temporary directory removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-lang-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Writes zip archives with stored (uncompressed) entries: enough to build jars, nested jars, zip64 records and
/// damaged archives in-process.
struct ZipBuilder {
    var entries: [(name: String, data: [UInt8])] = []
    /// Bytes written before the archive (a launch script), offsets left relative to the archive's own start.
    var prefix: [UInt8] = []
    /// Write zip64 end records (and saturate the 32-bit fields that have zip64 values).
    var zip64 = false

    mutating func add(_ name: String, _ text: String) { entries.append((name, Array(text.utf8))) }
    mutating func add(_ name: String, bytes: [UInt8]) { entries.append((name, bytes)) }

    func build() -> [UInt8] {
        var body: [UInt8] = []
        var central: [UInt8] = []
        for entry in entries {
            let offset = body.count
            let name = Array(entry.name.utf8)
            let crc = Self.crc32(entry.data)
            body += le32(0x0403_4b50) + le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21)
            body += le32(crc) + le32(UInt32(entry.data.count)) + le32(UInt32(entry.data.count))
            body += le16(UInt16(name.count)) + le16(0) + name + entry.data
            central += le32(0x0201_4b50) + le16(0x031E) + le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21)
            central += le32(crc) + le32(UInt32(entry.data.count)) + le32(UInt32(entry.data.count))
            if zip64 {
                let extra = le16(1) + le16(8) + le64(UInt64(offset))
                central += le16(UInt16(name.count)) + le16(UInt16(extra.count)) + le16(0) + le16(0) + le16(0)
                central += le32(0) + le32(0xFFFF_FFFF) + name + extra
            } else {
                central += le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
                central += le32(UInt32(offset)) + name
            }
        }
        var archive = body + central
        let count = UInt64(entries.count)
        if zip64 {
            let recordOffset = UInt64(archive.count)
            archive += le32(0x0606_4b50) + le64(44) + le16(45) + le16(45) + le32(0) + le32(0)
            archive += le64(count) + le64(count) + le64(UInt64(central.count)) + le64(UInt64(body.count))
            archive += le32(0x0706_4b50) + le32(0) + le64(recordOffset) + le32(1)
            archive += le32(0x0605_4b50) + le16(0) + le16(0) + le16(0xFFFF) + le16(0xFFFF)
            archive += le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF) + le16(0)
        } else {
            archive += le32(0x0605_4b50) + le16(0) + le16(0) + le16(UInt16(count)) + le16(UInt16(count))
            archive += le32(UInt32(central.count)) + le32(UInt32(body.count)) + le16(0)
        }
        return prefix + archive
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
private func le32(_ value: UInt32) -> [UInt8] { le16(UInt16(value & 0xFFFF)) + le16(UInt16(value >> 16)) }
private func le64(_ value: UInt64) -> [UInt8] { le32(UInt32(value & 0xFFFF_FFFF)) + le32(UInt32(value >> 32)) }
