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

    public init(records: [VulnerabilityRecord] = [], details: [VulnerabilityDetail] = [], knownExploited: [KnownExploited]? = nil, epss: [EPSSScore]? = nil) {
        self.records = records
        self.details = details
        self.knownExploited = knownExploited
        self.epss = epss
    }

    public var count: Int { records.count + details.count + (knownExploited?.count ?? 0) + (epss?.count ?? 0) }
}

/// Encodes group payloads (zstd-compressed JSON) and hashes them, so a sync can tell which groups changed.
public enum FeedGroupCodec {
    static let outputLimit: Int64 = 2 << 30

    /// The compressed bytes and the SHA-256 (hex) of the uncompressed JSON.
    public static func encode(_ payload: FeedGroupPayload) throws -> (data: Data, hash: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(payload)
        let hash = SHA256.hash(data: json).map { String(format: "%02x", $0) }.joined()
        return (Data(try Compressor.compress(Array(json), as: .zstd, level: 3)), hash)
    }

    public static func decode(_ data: Data) throws -> FeedGroupPayload {
        let json = try Decompressor.decompress(Array(data), as: .zstd, outputLimit: outputLimit)
        return try JSONDecoder().decode(FeedGroupPayload.self, from: Data(json))
    }

    static func encodeJSON<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }
}
