import Crypto
public import Foundation
public import OCI

/// A ``LayerCache`` on disk: one file per key in a directory, in ``LayerRecord``'s binary encoding, written
/// atomically (a temporary file renamed into place), so concurrent analyses and crashes never leave a half
/// record under a key. A file that cannot be decoded is removed and reported as a miss.
public struct DirectoryLayerCache: LayerCache {
    /// The directory holding the records.
    public let directory: URL

    private static let magic: [UInt8] = Array("DDLC1\n".utf8)

    /// Creates a cache over a directory, creating it when needed.
    /// - Throws: when the directory cannot be created.
    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
    }

    /// The file a key is stored in: the diffID and a hash of the analyzer version, both safe in a file name.
    public func fileURL(for diffID: OCI.Digest, analyzer: String) -> URL {
        let version = OCI.Digest.hex(SHA256.hash(data: Array(analyzer.utf8)).prefix(8))
        return directory.appendingPathComponent("\(diffID.algorithm.rawValue)-\(diffID.encoded)-\(version).layer")
    }

    public func record(for diffID: OCI.Digest, analyzer: String) async -> LayerRecord? {
        let url = fileURL(for: diffID, analyzer: analyzer)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        if let record = Self.decode([UInt8](data), diffID: diffID, analyzer: analyzer) { return record }
        try? FileManager.default.removeItem(at: url)
        return nil
    }

    public func store(_ record: LayerRecord, analyzer: String) async throws {
        var bytes = Self.magic
        bytes.append(contentsOf: Self.header(diffID: record.diffID, analyzer: analyzer))
        bytes.append(contentsOf: record.encoded())
        let url = fileURL(for: record.diffID, analyzer: analyzer)
        let temporary = directory.appendingPathComponent(".\(UUID().uuidString).tmp")
        do {
            try Data(bytes).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// The key repeated inside the file, so a renamed or colliding file is never taken for another key.
    private static func header(diffID: OCI.Digest, analyzer: String) -> [UInt8] {
        Array("\(diffID)\n\(analyzer.utf8.count):\(analyzer)\n".utf8)
    }

    private static func decode(_ bytes: [UInt8], diffID: OCI.Digest, analyzer: String) -> LayerRecord? {
        let expected = magic + header(diffID: diffID, analyzer: analyzer)
        guard bytes.count > expected.count, bytes[..<expected.count].elementsEqual(expected),
            let record = try? LayerRecord(encoded: Array(bytes[expected.count...])), record.diffID == diffID
        else { return nil }
        return record
    }
}
