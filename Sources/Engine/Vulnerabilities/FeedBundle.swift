import Crypto
public import Foundation

/// The synced vulnerability data in one file, for machines without internet: `drydock system feeds export` writes
/// it, `import` loads it. A first line `DRYDOCK-FEED-BUNDLE <schema>`, a second line of JSON (the manifest: each
/// group's feed, name, record count, content hash, byte size and SHA-256), then the groups' stored payloads one
/// after another. Reading checks every size and digest and that every payload decodes before anything is stored,
/// and refuses a bundle of a newer schema.
public enum FeedBundle {
    /// 2: group payloads in ``FeedGroupCodec``'s `G1` format (1: JSON, still read).
    public static let schema = 2
    static let magic = "DRYDOCK-FEED-BUNDLE"

    public struct Group: Sendable, Hashable {
        public var feed: String
        public var name: String
        public var recordCount: Int
        public var contentHash: String
        /// The stored payload (zstd-compressed JSON, as ``FeedGroupCodec`` writes it).
        public var data: Data

        public init(feed: String, name: String, recordCount: Int, contentHash: String, data: Data) {
            self.feed = feed
            self.name = name
            self.recordCount = recordCount
            self.contentHash = contentHash
            self.data = data
        }
    }

    struct Manifest: Codable {
        var schema: Int
        var createdAt: Date
        var groups: [Entry]

        struct Entry: Codable {
            var feed: String
            var group: String
            var recordCount: Int
            var contentHash: String
            var size: Int
            var sha256: String
        }
    }

    /// Why a bundle cannot be read.
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    public static func encode(_ groups: [Group], createdAt: Date) throws -> Data {
        let manifest = Manifest(
            schema: schema, createdAt: createdAt,
            groups: groups.map {
                Manifest.Entry(
                    feed: $0.feed, group: $0.name, recordCount: $0.recordCount, contentHash: $0.contentHash, size: $0.data.count,
                    sha256: hex(SHA256.hash(data: $0.data)))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        var out = Data("\(magic) \(schema)\n".utf8)
        out.append(try encoder.encode(manifest))
        out.append(0x0A)
        for group in groups { out.append(group.data) }
        return out
    }

    /// The groups of a bundle, every one checked; `.createdAt` is when it was written.
    public static func decode(_ data: Data) throws(Error) -> (groups: [Group], createdAt: Date) {
        guard let first = data.firstIndex(of: 0x0A) else { throw Error("not a Drydock feed bundle (no header line)") }
        let header = String(decoding: data[data.startIndex..<first], as: UTF8.self).split(separator: " ")
        guard header.count == 2, header[0] == magic, let version = Int(header[1]) else {
            throw Error("not a Drydock feed bundle (the file does not start with \(magic))")
        }
        guard version <= schema else {
            throw Error("the bundle has schema \(version), newer than this Drydock reads (\(schema)): export it again with this version, or upgrade")
        }
        guard let second = data[(first + 1)...].firstIndex(of: 0x0A) else { throw Error("the bundle's manifest is cut short") }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let manifest: Manifest
        do {
            manifest = try decoder.decode(Manifest.self, from: Data(data[(first + 1)..<second]))
        } catch {
            throw Error("the bundle's manifest is not readable: \(error)")
        }
        var offset = second + 1
        var groups: [Group] = []
        for entry in manifest.groups {
            guard entry.size >= 0, entry.size <= data.endIndex - offset else {
                throw Error("the bundle is truncated: group \(entry.feed)/\(entry.group) needs \(entry.size) bytes, \(data.endIndex - offset) are left")
            }
            let payload = Data(data[offset..<(offset + entry.size)])
            offset += entry.size
            guard hex(SHA256.hash(data: payload)) == entry.sha256 else {
                throw Error("the bundle is damaged: group \(entry.feed)/\(entry.group) does not match its SHA-256")
            }
            do {
                _ = try FeedGroupCodec.decode(payload)
            } catch {
                throw Error("group \(entry.feed)/\(entry.group) of the bundle does not decode: \(error)")
            }
            groups.append(Group(feed: entry.feed, name: entry.group, recordCount: entry.recordCount, contentHash: entry.contentHash, data: payload))
        }
        guard offset == data.endIndex else { throw Error("the bundle has \(data.endIndex - offset) bytes after its last group") }
        return (groups, manifest.createdAt)
    }

    static func hex(_ digest: SHA256.Digest) -> String { digest.map { String(format: "%02x", $0) }.joined() }
}
