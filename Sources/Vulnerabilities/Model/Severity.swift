/// How bad a vulnerability is: the vendor's word first, then any CVSS scores the feed carries.
public struct Severity: Codable, Hashable, Sendable {
    /// The feed's own rating, lower-cased as written: Debian urgency (`unimportant`, `low`, `medium`, `high`),
    /// GHSA `database_specific.severity` (`high`, `moderate`, …). Nil when the feed gives none.
    public var vendor: String?
    public var cvss: [CVSSScore]

    public init(vendor: String? = nil, cvss: [CVSSScore] = []) {
        self.vendor = vendor
        self.cvss = cvss
    }
}

/// One CVSS rating as OSV's `severity[]` writes it.
public struct CVSSScore: Codable, Hashable, Sendable {
    /// `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, …
    public var type: String
    /// The vector (`CVSS:3.1/AV:N/…`) or, for some feeds, a bare numeric score.
    public var vector: String
    /// The base score when the feed states it as a number.
    public var score: Double?

    public init(type: String, vector: String, score: Double? = nil) {
        self.type = type
        self.vector = vector
        self.score = score
    }
}
