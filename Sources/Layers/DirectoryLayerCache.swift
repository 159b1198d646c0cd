import Crypto
public import Foundation
public import OCI

/// A ``LayerCache`` on disk: one file per key in a directory (`.layer` files in ``LayerRecord``'s binary encoding,
/// `.stack` files holding the engine's stack records), written atomically (a temporary file renamed into place),
/// so concurrent analyses and crashes never leave a half record under a key. A file that cannot be decoded is removed and reported as a miss.
public struct DirectoryLayerCache: LayerCache {
    /// The directory holding the records.
    public let directory: URL

    private static let magic: [UInt8] = Array("DDLC1\n".utf8)
    private static let stackMagic: [UInt8] = Array("DDSC1\n".utf8)

    /// Creates a cache over a directory, creating it when needed.
    /// - Throws: when the directory cannot be created.
    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
    }

    /// The file a key is stored in: the diffID and a hash of the analyzer version, both safe in a file name.
    public func fileURL(for diffID: OCI.Digest, analyzer: String) -> URL {
        fileURL(diffID, analyzer: analyzer, extension: "layer")
    }

    /// The file a stack record is stored in: the chain ID and a hash of the analyzer version.
    public func stackFileURL(for chainID: OCI.Digest, analyzer: String) -> URL {
        fileURL(chainID, analyzer: analyzer, extension: "stack")
    }

    private func fileURL(_ digest: OCI.Digest, analyzer: String, extension suffix: String) -> URL {
        let version = OCI.Digest.hex(SHA256.hash(data: Array(analyzer.utf8)).prefix(8))
        return directory.appendingPathComponent("\(digest.algorithm.rawValue)-\(digest.encoded)-\(version).\(suffix)")
    }

    public func record(for diffID: OCI.Digest, analyzer: String) async -> LayerRecord? {
        let url = fileURL(for: diffID, analyzer: analyzer)
        guard let body = Self.body(of: url, magic: Self.magic, key: diffID, analyzer: analyzer) else { return nil }
        if let record = try? LayerRecord(encoded: body), record.diffID == diffID { return record }
        try? FileManager.default.removeItem(at: url)
        return nil
    }

    public func store(_ record: LayerRecord, analyzer: String) async throws {
        var bytes = Self.magic
        bytes.append(contentsOf: Self.header(diffID: record.diffID, analyzer: analyzer))
        bytes.append(contentsOf: record.encoded())
        try write(bytes, to: fileURL(for: record.diffID, analyzer: analyzer))
    }

    public func stack(for chainID: OCI.Digest, analyzer: String) async -> [UInt8]? {
        Self.body(of: stackFileURL(for: chainID, analyzer: analyzer), magic: Self.stackMagic, key: chainID, analyzer: analyzer)
    }

    public func storeStack(_ bytes: [UInt8], for chainID: OCI.Digest, analyzer: String) async throws {
        try write(Self.stackMagic + Self.header(diffID: chainID, analyzer: analyzer) + bytes,
                  to: stackFileURL(for: chainID, analyzer: analyzer))
    }

    public func lastStack(for source: String, analyzer: String) async -> OCI.Digest? {
        guard let data = FileManager.default.contents(atPath: lastStackURL(for: source, analyzer: analyzer).path),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        return try? OCI.Digest(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    public func rememberStack(_ chainID: OCI.Digest, for source: String, analyzer: String) async {
        try? write(Array("\(chainID)\n".utf8), to: lastStackURL(for: source, analyzer: analyzer))
    }

    /// The file naming the stack a source last resolved to: a hash of the source's name and the analyzer key.
    private func lastStackURL(for source: String, analyzer: String) -> URL {
        let name = OCI.Digest.hex(SHA256.hash(data: Array("\(source)\n\(analyzer)".utf8)))
        return directory.appendingPathComponent("source-\(name).last")
    }

    /// Writes a temporary file and renames it into place.
    private func write(_ bytes: [UInt8], to url: URL) throws {
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

    /// What a file holds after its magic and key, or nil when there is no file; a file with another magic or key
    /// (renamed, colliding, truncated) is removed as well. The body is read straight into its array: a stack record
    /// (about a megabyte) is read on every cached scan, and going through `Data` cost a second copy.
    private static func body(of url: URL, magic: [UInt8], key: OCI.Digest, analyzer: String) -> [UInt8]? {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let expected = magic + header(diffID: key, analyzer: analyzer)
        let bodySize = Int(info.st_size) - expected.count
        guard bodySize > 0, let head = read(expected.count, from: descriptor), head == expected else {
            try? FileManager.default.removeItem(at: url)
            return nil
        }
        return read(bodySize, from: descriptor)
    }

    /// Exactly `count` bytes from the descriptor's current position, or nil (a read error, or the file ended).
    private static func read(_ count: Int, from descriptor: Int32) -> [UInt8]? {
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            while initialized < count, let base = buffer.baseAddress {
                let got = Foundation.read(descriptor, base + initialized, count - initialized)
                if got < 0, errno == EINTR { continue }
                guard got > 0 else {
                    complete = false
                    break
                }
                initialized += got
            }
        }
        return complete ? bytes : nil
    }
}
