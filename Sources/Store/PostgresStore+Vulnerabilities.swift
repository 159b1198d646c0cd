public import Foundation
public import OCI
import PostgresNIO

extension PostgresStore: VulnerabilityDataStore {
    public func feeds() async throws(StoreError) -> [FeedRecord] {
        try await rows("SELECT * FROM vuln_feeds ORDER BY name").map(FeedRecord.init(postgres:))
    }

    public func feedGroups() async throws(StoreError) -> [FeedGroupRecord] {
        try await rows("""
            SELECT feed, name, enabled, record_count, created_at, updated_at, last_sync, content_hash FROM vuln_groups ORDER BY feed, name
            """).map(FeedGroupRecord.init(postgres:))
    }

    public func save(_ feed: FeedRecord) async throws(StoreError) {
        let logger = logger
        try await transaction { connection in try await Self.upsert(feed, connection, logger) }
    }

    public func replaceGroups(of feed: FeedRecord, with groups: [FeedGroupUpdate]) async throws(StoreError) {
        let logger = logger
        try await transaction { connection in
            try await Self.upsert(feed, connection, logger)
            let keep = groups.map(\.group.name)
            try await connection.rows("DELETE FROM vuln_groups WHERE feed = \(feed.name) AND NOT (name = ANY(\(keep)))", logger: logger)
            for update in groups {
                let g = update.group
                guard let data = update.data else {
                    // Unchanged content: only the sync bookkeeping moves.
                    try await connection.rows("""
                        UPDATE vuln_groups SET record_count = \(g.recordCount), updated_at = \(g.updatedAt.timeIntervalSince1970),
                            last_sync = \(g.lastSync?.timeIntervalSince1970), content_hash = \(g.contentHash)
                        WHERE feed = \(g.feed) AND name = \(g.name)
                        """, logger: logger)
                    continue
                }
                try await connection.rows("""
                    INSERT INTO vuln_groups (feed, name, enabled, record_count, created_at, updated_at, last_sync, content_hash, data)
                    VALUES (\(g.feed), \(g.name), \(g.enabled), \(g.recordCount), \(g.createdAt.timeIntervalSince1970),
                        \(g.updatedAt.timeIntervalSince1970), \(g.lastSync?.timeIntervalSince1970), \(g.contentHash), \(data))
                    ON CONFLICT (feed, name) DO UPDATE SET record_count = excluded.record_count,
                        updated_at = excluded.updated_at, last_sync = excluded.last_sync,
                        content_hash = excluded.content_hash, data = excluded.data
                    """, logger: logger)
            }
        }
    }

    public func setGroupEnabled(feed: String, group: String, enabled: Bool, at: Date) async throws(StoreError) -> Bool {
        try await !rows("""
            UPDATE vuln_groups SET enabled = \(enabled), updated_at = \(at.timeIntervalSince1970) WHERE feed = \(feed) AND name = \(group)
            RETURNING name
            """).isEmpty
    }

    public func deleteFeedData(feed: String, group: String?) async throws(StoreError) {
        let logger = logger
        try await transaction { connection in
            if let group {
                try await connection.rows("DELETE FROM vuln_groups WHERE feed = \(feed) AND name = \(group)", logger: logger)
            } else {
                try await connection.rows("DELETE FROM vuln_groups WHERE feed = \(feed)", logger: logger)
                try await connection.rows("DELETE FROM vuln_feeds WHERE name = \(feed)", logger: logger)
            }
        }
    }

    public func feedGroupData() async throws(StoreError) -> [(feed: String, group: String, data: Data)] {
        try await rows("SELECT feed, name, data FROM vuln_groups ORDER BY feed, name").map { row throws(StoreError) in
            try decodeRow("feed group") { (feed: try row.value("feed", as: String.self), group: try row.value("name", as: String.self), data: try row.value("data", as: Data.self)) }
        }
    }

    public func saveMatchInput(digest: Digest, data: Data) async throws(StoreError) {
        try await rows("""
            INSERT INTO vuln_inputs (digest, data) VALUES (\(digest.description), \(data))
            ON CONFLICT (digest) DO UPDATE SET data = excluded.data
            """)
    }

    public func matchInput(digest: Digest) async throws(StoreError) -> Data? {
        try await blob("SELECT data FROM vuln_inputs WHERE digest = \(digest.description)")
    }

    public func matchedDigests() async throws(StoreError) -> [Digest] {
        var digests: [Digest] = []
        for row in try await rows("SELECT digest FROM vuln_inputs WHERE digest IN (SELECT digest FROM images) ORDER BY digest") {
            if let digest = Digest(try decodeRow("match input") { try row.value("digest", as: String.self) }) { digests.append(digest) }
        }
        return digests
    }

    public func saveMatchReport(digest: Digest, data: Data, fingerprint: String, indexVersion: String?) async throws(StoreError) {
        let logger = logger
        let report = MatchReportUpdate(digest: digest, data: data, fingerprint: fingerprint, indexVersion: indexVersion)
        try await transaction { connection in try await Self.upsert(report, connection, logger) }
    }

    public func rematchRows(digests: [Digest]) async throws(StoreError) -> [RematchRow] {
        guard !digests.isEmpty else { return [] }
        let keys = digests.map(\.description)
        var result: [RematchRow] = []
        for row in try await rows("""
            SELECT i.digest, i.data, r.fingerprint, r.index_version FROM vuln_inputs i
            LEFT JOIN vuln_reports r ON r.digest = i.digest WHERE i.digest = ANY(\(keys)) ORDER BY i.digest
            """) {
            let decoded = try decodeRow("match input") { () throws -> RematchRow? in
                guard let digest = Digest(try row.value("digest", as: String.self)) else { return nil }
                return RematchRow(
                    digest: digest, input: try row.value("data"), fingerprint: try row.value("fingerprint"), indexVersion: try row.value("index_version"))
            }
            if let decoded { result.append(decoded) }
        }
        return result
    }

    public func matchReports(digests: [Digest]) async throws(StoreError) -> [Digest: Data] {
        guard !digests.isEmpty else { return [:] }
        var result: [Digest: Data] = [:]
        for row in try await rows("SELECT digest, data FROM vuln_reports WHERE digest = ANY(\(digests.map(\.description)))") {
            let (digest, data) = try decodeRow("match report") { (try row.value("digest", as: String.self), try row.value("data", as: Data.self)) }
            if let digest = Digest(digest) { result[digest] = data }
        }
        return result
    }

    public func saveRematch(_ reports: [MatchReportUpdate], current: [Digest], indexVersion: String) async throws(StoreError) {
        guard !reports.isEmpty || !current.isEmpty else { return }
        let logger = logger
        try await transaction { connection in
            for report in reports { try await Self.upsert(report, connection, logger) }
            if !current.isEmpty {
                try await connection.rows(
                    "UPDATE vuln_reports SET index_version = \(indexVersion) WHERE digest = ANY(\(current.map(\.description)))", logger: logger)
            }
        }
    }

    public func matchReportFingerprint(digest: Digest) async throws(StoreError) -> String? {
        let found = try await rows("SELECT fingerprint FROM vuln_reports WHERE digest = \(digest.description)")
        return try found.first.map { row throws(StoreError) in try decodeRow("match report") { try row.value("fingerprint", as: String.self) } }
    }

    public func matchReport(digest: Digest) async throws(StoreError) -> Data? {
        try await blob("SELECT data FROM vuln_reports WHERE digest = \(digest.description)")
    }

    public func deleteMatchReports() async throws(StoreError) { try await rows("DELETE FROM vuln_reports") }

    /// The `data` column of the first row, if any.
    func blob(_ query: PostgresQuery) async throws(StoreError) -> Data? {
        let found = try await rows(query)
        return try found.first.map { row throws(StoreError) in try decodeRow("record") { try row.value("data", as: Data.self) } }
    }

    static func upsert(_ report: MatchReportUpdate, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.rows("""
            INSERT INTO vuln_reports (digest, data, fingerprint, index_version)
            VALUES (\(report.digest.description), \(report.data), \(report.fingerprint), \(report.indexVersion))
            ON CONFLICT (digest) DO UPDATE SET data = excluded.data, fingerprint = excluded.fingerprint, index_version = excluded.index_version
            """, logger: logger)
    }

    static func upsert(_ feed: FeedRecord, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.rows("""
            INSERT INTO vuln_feeds (name, enabled, created_at, updated_at, last_full_sync, last_attempt, last_error, source_revision)
            VALUES (\(feed.name), \(feed.enabled), \(feed.createdAt.timeIntervalSince1970), \(feed.updatedAt.timeIntervalSince1970),
                \(feed.lastFullSync?.timeIntervalSince1970), \(feed.lastAttempt?.timeIntervalSince1970), \(feed.lastError), \(feed.sourceRevision))
            ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at,
                last_full_sync = excluded.last_full_sync, last_attempt = excluded.last_attempt,
                last_error = excluded.last_error, source_revision = excluded.source_revision
            """, logger: logger)
    }
}
