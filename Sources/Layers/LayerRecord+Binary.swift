import OCI

extension LayerRecord {
    /// The version of the binary encoding (and of what a record holds); part of ``LayerReader/fingerprint``.
    public static let formatVersion: UInt8 = 1
    private static let magic: [UInt8] = Array("DDLR".utf8)

    /// A compact binary encoding for ``LayerCache`` storage: far smaller and faster than JSON (captured
    /// contents stay raw bytes), ending in a SHA-256 of everything before it so corruption is detected.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + entries.count * 96 + contents.values.reduce(0) { $0 + $1.count + 48 })
        writer.raw(Self.magic)
        writer.byte(Self.formatVersion)
        writer.digest(diffID)
        writer.varint(UInt64(max(0, uncompressedSize)))
        writer.count(entries.count)
        for entry in entries { writer.file(entry, withLayer: false) }
        writer.strings(whiteouts)
        writer.strings(opaqueDirectories)
        writer.files(contents)
        writer.count(extracts.count)
        for (probe, files) in extracts.sorted(by: { $0.key < $1.key }) {
            writer.string(probe)
            writer.files(files)
        }
        writer.issues(issues)
        return writer.sealed()
    }

    /// Decodes ``encoded()``.
    /// - Throws: ``LayerError`` `.corrupt` when the bytes are not a valid record of this format version.
    public init(encoded bytes: [UInt8]) throws(LayerError) {
        guard bytes.count > 32 + Self.magic.count + 1 else {
            throw LayerError(.corrupt, "the layer record is too short (\(bytes.count) bytes)")
        }
        guard let body = ByteReader.unsealed(bytes) else {
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
        var record = LayerRecord(diffID: try reader.digest(), uncompressedSize: Int64(try reader.varint()))
        let entryCount = try reader.count()
        record.entries.reserveCapacity(entryCount)
        for _ in 0..<entryCount { record.entries.append(try reader.file(withLayer: false)) }
        record.whiteouts = try reader.strings()
        record.opaqueDirectories = try reader.strings()
        record.contents = try reader.files()
        for _ in 0..<(try reader.count()) {
            let probe = try reader.string()
            record.extracts[probe] = try reader.files()
        }
        record.issues = try reader.issues()
        guard reader.remaining == 0 else { throw .init(offset: reader.offset, what: "\(reader.remaining) extra bytes") }
        return record
    }
}
