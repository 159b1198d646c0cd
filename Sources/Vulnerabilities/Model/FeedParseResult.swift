/// What a driver made of a feed: the records, and every entry it could not use with the reason.
public struct FeedParseResult: Hashable, Sendable {
    public var records: [VulnerabilityRecord]
    public var skipped: [SkippedEntry]

    public init(records: [VulnerabilityRecord] = [], skipped: [SkippedEntry] = []) {
        self.records = records
        self.skipped = skipped
    }

    public mutating func append(_ other: FeedParseResult) {
        records += other.records
        skipped += other.skipped
    }

    mutating func skip(_ entry: String, _ reason: String) {
        skipped.append(SkippedEntry(entry: entry, reason: reason))
    }
}

/// One entry of a feed that produced no record (or only part of one), and why.
public struct SkippedEntry: Codable, Hashable, Sendable, CustomStringConvertible {
    /// Where in the feed: `apparmor/CVE-2016-1585/bookworm`, `v3.10/main: packages[3]`, `PYSEC-2021-76 affected[0].ranges[0]`.
    public var entry: String
    public var reason: String

    public init(entry: String, reason: String) {
        self.entry = entry
        self.reason = reason
    }

    public var description: String { "\(entry): \(reason)" }
}
