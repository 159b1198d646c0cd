import Crypto
import OCI

extension LayerRecord {
    /// The version of the binary encoding (and of what a record holds); part of ``LayerReader/fingerprint``.
    public static let formatVersion: UInt8 = 1
    private static let magic: [UInt8] = Array("DDLR".utf8)
    private static let kinds: [FileRecord.Kind] = [
        .regular, .directory, .symlink, .hardlink, .characterDevice, .blockDevice, .fifo, .other,
    ]

    /// A compact binary encoding for ``LayerCache`` storage: far smaller and faster than JSON (captured
    /// contents stay raw bytes), ending in a SHA-256 of everything before it so corruption is detected.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + entries.count * 96 + contents.values.reduce(0) { $0 + $1.count + 48 })
        writer.raw(Self.magic)
        writer.byte(Self.formatVersion)
        Self.write(diffID, to: &writer)
        writer.varint(UInt64(max(0, uncompressedSize)))
        writer.count(entries.count)
        for entry in entries {
            writer.string(entry.path)
            writer.byte(UInt8(Self.kinds.firstIndex(of: entry.kind) ?? 7))
            writer.varint(UInt64(max(0, entry.size)))
            writer.varint(UInt64(entry.mode))
            writer.signed(Int64(entry.uid))
            writer.signed(Int64(entry.gid))
            writer.byte((entry.linkTarget == nil ? 0 : 1) | (entry.sha256 == nil ? 0 : 2))
            if let link = entry.linkTarget { writer.string(link) }
            if let digest = entry.sha256 { Self.write(digest, to: &writer) }
        }
        Self.write(whiteouts, to: &writer)
        Self.write(opaqueDirectories, to: &writer)
        Self.write(contents, to: &writer)
        writer.count(extracts.count)
        for (probe, files) in extracts.sorted(by: { $0.key < $1.key }) {
            writer.string(probe)
            Self.write(files, to: &writer)
        }
        writer.count(issues.count)
        for issue in issues {
            writer.string(issue.source)
            writer.byte((issue.path == nil ? 0 : 1) | (issue.layer == nil ? 0 : 2))
            if let path = issue.path { writer.string(path) }
            if let layer = issue.layer { writer.signed(Int64(layer)) }
            writer.string(issue.message)
        }
        let checksum = SHA256.hash(data: writer.bytes)
        writer.raw(checksum)
        return writer.bytes
    }

    /// Decodes ``encoded()``.
    /// - Throws: ``LayerError`` `.corrupt` when the bytes are not a valid record of this format version.
    public init(encoded bytes: [UInt8]) throws(LayerError) {
        guard bytes.count > 32 + Self.magic.count + 1 else {
            throw LayerError(.corrupt, "the layer record is too short (\(bytes.count) bytes)")
        }
        let body = bytes[..<(bytes.count - 32)]
        guard SHA256.hash(data: body).elementsEqual(bytes[(bytes.count - 32)...]) else {
            throw LayerError(.corrupt, "the layer record's checksum does not match its contents")
        }
        do {
            self = try body.withUnsafeBytes { buffer throws(ByteReader.Malformed) in
                var reader = ByteReader(buffer)
                return try Self.decode(&reader)
            }
        } catch {
            throw LayerError(.corrupt, "the layer record is malformed: \(error)", cause: error)
        }
    }

    private static func decode(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> LayerRecord {
        guard Array(try reader.raw(magic.count)) == magic else {
            throw .init(offset: 0, what: "not a layer record")
        }
        let version = try reader.byte()
        guard version == formatVersion else {
            throw .init(offset: magic.count, what: "format version \(version), expected \(formatVersion)")
        }
        var record = LayerRecord(diffID: try readDigest(&reader), uncompressedSize: Int64(try reader.varint()))
        let entryCount = try reader.count()
        record.entries.reserveCapacity(entryCount)
        for _ in 0..<entryCount {
            let path = try reader.string()
            let kindIndex = Int(try reader.byte())
            guard kindIndex < kinds.count else { throw .init(offset: reader.offset, what: "file kind \(kindIndex)") }
            var entry = FileRecord(
                path: path, kind: kinds[kindIndex], size: Int64(try reader.varint()),
                mode: UInt32(truncatingIfNeeded: try reader.varint()), uid: Int(try reader.signed()),
                gid: Int(try reader.signed()))
            let flags = try reader.byte()
            if flags & 1 != 0 { entry.linkTarget = try reader.string() }
            if flags & 2 != 0 { entry.sha256 = try readDigest(&reader) }
            record.entries.append(entry)
        }
        record.whiteouts = try readStrings(&reader)
        record.opaqueDirectories = try readStrings(&reader)
        record.contents = try readFiles(&reader)
        for _ in 0..<(try reader.count()) {
            let probe = try reader.string()
            record.extracts[probe] = try readFiles(&reader)
        }
        for _ in 0..<(try reader.count()) {
            let source = try reader.string()
            let flags = try reader.byte()
            let path = flags & 1 != 0 ? try reader.string() : nil
            let layer = flags & 2 != 0 ? Int(try reader.signed()) : nil
            record.issues.append(AnalysisIssue(source: source, path: path, layer: layer, message: try reader.string()))
        }
        guard reader.remaining == 0 else { throw .init(offset: reader.offset, what: "\(reader.remaining) extra bytes") }
        return record
    }

    private static func write(_ digest: OCI.Digest, to writer: inout ByteWriter) {
        writer.byte(digest.algorithm == .sha256 ? 0 : 1)
        var nibble: UInt8 = 0
        for (index, char) in digest.encoded.utf8.enumerated() {
            let value = char <= UInt8(ascii: "9") ? char &- UInt8(ascii: "0") : char &- UInt8(ascii: "a") &+ 10
            if index % 2 == 0 { nibble = value << 4 } else { writer.byte(nibble | value) }
        }
    }

    private static func readDigest(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> OCI.Digest {
        let algorithm: OCI.Digest.Algorithm = try reader.byte() == 0 ? .sha256 : .sha512
        return OCI.Digest(algorithm: algorithm, bytes: try reader.raw(algorithm.hexLength / 2))
    }

    private static func write(_ strings: [String], to writer: inout ByteWriter) {
        writer.count(strings.count)
        for string in strings { writer.string(string) }
    }

    private static func readStrings(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> [String] {
        let count = try reader.count()
        var strings: [String] = []
        strings.reserveCapacity(count)
        for _ in 0..<count { strings.append(try reader.string()) }
        return strings
    }

    private static func write(_ files: [String: [UInt8]], to writer: inout ByteWriter) {
        writer.count(files.count)
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            writer.string(path)
            writer.data(bytes)
        }
    }

    private static func readFiles(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> [String: [UInt8]] {
        let count = try reader.count()
        var files: [String: [UInt8]] = [:]
        files.reserveCapacity(count)
        for _ in 0..<count {
            let path = try reader.string()
            files[path] = try reader.data()
        }
        return files
    }
}
