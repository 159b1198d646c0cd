import Archive
import Crypto
public import Foundation
public import Vulnerabilities

/// What one stored feed group holds: records (distro or ecosystem namespaces) or enrichment details (NVD).
public struct FeedGroupPayload: Codable, Sendable, Hashable {
    public var records: [VulnerabilityRecord]
    public var details: [VulnerabilityDetail]
    /// CISA KEV entries (the `kev` group); nil in groups of other feeds.
    public var knownExploited: [KnownExploited]?
    /// EPSS scores (the `epss` group).
    public var epss: [EPSSScore]?
    /// OpenVEX statements (an `openvex` feed's `vex` group).
    public var vex: [VEXStatements.Assessment]?

    public init(
        records: [VulnerabilityRecord] = [], details: [VulnerabilityDetail] = [], knownExploited: [KnownExploited]? = nil, epss: [EPSSScore]? = nil,
        vex: [VEXStatements.Assessment]? = nil
    ) {
        self.records = records
        self.details = details
        self.knownExploited = knownExploited
        self.epss = epss
        self.vex = vex
    }

    public var count: Int { records.count + details.count + (knownExploited?.count ?? 0) + (epss?.count ?? 0) + (vex?.count ?? 0) }
}

/// Encodes group payloads (zstd-compressed) and hashes them, so a sync can tell which groups changed.
///
/// Format `G1`: a first line `G1`, one compact line per record (``CompactCodec``), then, when the group has
/// enrichment data (NVD details, KEV, EPSS), a line `J` and that data as JSON to the end. Groups stored before it
/// are JSON throughout and still read.
public enum FeedGroupCodec {
    static let outputLimit: Int64 = 2 << 30
    static let magic = Array("G1\n".utf8)

    /// The compressed bytes and the SHA-256 (hex) of the uncompressed content.
    public static func encode(_ payload: FeedGroupPayload) throws -> (data: Data, hash: String) {
        var content = Data(magic)
        content.append(contentsOf: CompactCodec.encodeRecords(payload.records).utf8)
        if !payload.details.isEmpty || payload.knownExploited != nil || payload.epss != nil || payload.vex != nil {
            var rest = payload
            rest.records = []
            content.append(contentsOf: Array("\nJ\n".utf8))
            content.append(try encodeJSON(rest))
        }
        let hash = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
        return (Data(try Compressor.compress(Array(content), as: .zstd, level: 3)), hash)
    }

    public static func decode(_ data: Data) throws -> FeedGroupPayload {
        let content = try Decompressor.decompress(Array(data), as: .zstd, outputLimit: outputLimit)
        guard content.starts(with: magic) else {
            return try JSONDecoder().decode(FeedGroupPayload.self, from: Data(content))
        }
        // The records run to a line `J` (or the end); JSON follows it.
        var end = content.count
        var json: ArraySlice<UInt8>?
        let marker = Array("\nJ\n".utf8)
        var index = magic.count
        while index + marker.count <= content.count {
            if content[index] == 0x0A, content[index + 1] == UInt8(ascii: "J"), content[index + 2] == 0x0A {
                end = index
                json = content[(index + marker.count)...]
                break
            }
            index += 1
        }
        var payload = FeedGroupPayload()
        if let json { payload = try JSONDecoder().decode(FeedGroupPayload.self, from: Data(json)) }
        let text = String(decoding: content[magic.count..<end], as: UTF8.self)
        payload.records = try CompactCodec.decodeRecords(text)
        return payload
    }

    static func encodeJSON<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }
}
