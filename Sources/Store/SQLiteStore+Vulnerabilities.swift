public import Foundation
import GRDB
public import OCI

extension SQLiteStore: VulnerabilityDataStore {
    public func feeds() async throws(StoreError) -> [FeedRecord] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM vuln_feeds ORDER BY name").map(FeedRecord.init(row:)) }
    }

    public func feedGroups() async throws(StoreError) -> [FeedGroupRecord] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT feed, name, enabled, record_count, created_at, updated_at, last_sync, content_hash FROM vuln_groups ORDER BY feed, name"
            ).map(FeedGroupRecord.init(row:))
        }
    }

    public func save(_ feed: FeedRecord) async throws(StoreError) {
        try await write { db in try Self.upsert(feed, db) }
    }

    public func replaceGroups(of feed: FeedRecord, with groups: [FeedGroupUpdate]) async throws(StoreError) {
        try await write { db in
            try Self.upsert(feed, db)
            let keep = Set(groups.map(\.group.name))
            let existing = try String.fetchAll(db, sql: "SELECT name FROM vuln_groups WHERE feed = ?", arguments: [feed.name])
            for name in existing where !keep.contains(name) {
                try db.execute(sql: "DELETE FROM vuln_groups WHERE feed = ? AND name = ?", arguments: [feed.name, name])
            }
            for update in groups {
                let g = update.group
                guard let data = update.data else {
                    // Unchanged content: only the sync bookkeeping moves.
                    try db.execute(
                        sql: "UPDATE vuln_groups SET record_count = ?, updated_at = ?, last_sync = ?, content_hash = ? WHERE feed = ? AND name = ?",
                        arguments: [g.recordCount, g.updatedAt.timeIntervalSince1970, g.lastSync?.timeIntervalSince1970, g.contentHash,
                                    g.feed, g.name])
                    continue
                }
                try db.execute(
                    sql: """
                        INSERT INTO vuln_groups (feed, name, enabled, record_count, created_at, updated_at, last_sync, content_hash, data)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (feed, name) DO UPDATE SET record_count = excluded.record_count,
                            updated_at = excluded.updated_at, last_sync = excluded.last_sync,
                            content_hash = excluded.content_hash, data = excluded.data
                        """,
                    arguments: [g.feed, g.name, g.enabled, g.recordCount, g.createdAt.timeIntervalSince1970,
                                g.updatedAt.timeIntervalSince1970, g.lastSync?.timeIntervalSince1970, g.contentHash, data])
            }
        }
    }

    public func setGroupEnabled(feed: String, group: String, enabled: Bool, at: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE vuln_groups SET enabled = ?, updated_at = ? WHERE feed = ? AND name = ?",
                arguments: [enabled, at.timeIntervalSince1970, feed, group])
            return db.changesCount > 0
        }
    }

    public func deleteFeedData(feed: String, group: String?) async throws(StoreError) {
        try await write { db in
            if let group {
                try db.execute(sql: "DELETE FROM vuln_groups WHERE feed = ? AND name = ?", arguments: [feed, group])
            } else {
                try db.execute(sql: "DELETE FROM vuln_groups WHERE feed = ?", arguments: [feed])
                try db.execute(sql: "DELETE FROM vuln_feeds WHERE name = ?", arguments: [feed])
            }
        }
    }

    public func feedGroupData() async throws(StoreError) -> [(feed: String, group: String, data: Data)] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT feed, name, data FROM vuln_groups ORDER BY feed, name").map { row in
                (feed: row[0] as String, group: row[1] as String, data: row[2] as Data)
            }
        }
    }

    public func saveMatchInput(digest: Digest, data: Data) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO vuln_inputs (digest, data) VALUES (?, ?) ON CONFLICT (digest) DO UPDATE SET data = excluded.data",
                arguments: [digest.description, data])
        }
    }

    public func matchInput(digest: Digest) async throws(StoreError) -> Data? {
        try await read { db in try Data.fetchOne(db, sql: "SELECT data FROM vuln_inputs WHERE digest = ?", arguments: [digest.description]) }
    }

    public func matchedDigests() async throws(StoreError) -> [Digest] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT digest FROM vuln_inputs WHERE digest IN (SELECT digest FROM images) ORDER BY digest"
            ).compactMap(Digest.init)
        }
    }

    public func saveMatchReport(digest: Digest, data: Data, fingerprint: String, indexVersion: String?) async throws(StoreError) {
        try await write { db in
            try Self.upsertReport(MatchReportUpdate(digest: digest, data: data, fingerprint: fingerprint, indexVersion: indexVersion), db)
        }
    }

    private static func upsertReport(_ report: MatchReportUpdate, _ db: GRDB.Database) throws {
        try db.execute(
            sql: """
                INSERT INTO vuln_reports (digest, data, fingerprint, index_version) VALUES (?, ?, ?, ?)
                ON CONFLICT (digest) DO UPDATE SET data = excluded.data, fingerprint = excluded.fingerprint,
                    index_version = excluded.index_version
                """,
            arguments: [report.digest.description, report.data, report.fingerprint, report.indexVersion])
    }

    public func rematchRows(digests: [Digest]) async throws(StoreError) -> [RematchRow] {
        guard !digests.isEmpty else { return [] }
        let keys = digests.map(\.description)
        return try await read { db in
            let marks = Array(repeating: "?", count: keys.count).joined(separator: ",")
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT i.digest, i.data, r.fingerprint, r.index_version FROM vuln_inputs i
                    LEFT JOIN vuln_reports r ON r.digest = i.digest WHERE i.digest IN (\(marks)) ORDER BY i.digest
                    """,
                arguments: StatementArguments(keys)
            ).compactMap { row in
                guard let digest = Digest(row[0] as String) else { return nil }
                return RematchRow(digest: digest, input: row[1], fingerprint: row[2], indexVersion: row[3])
            }
        }
    }

    public func matchReports(digests: [Digest]) async throws(StoreError) -> [Digest: Data] {
        guard !digests.isEmpty else { return [:] }
        let keys = digests.map(\.description)
        return try await read { db in
            var result: [Digest: Data] = [:]
            // In chunks: SQLite bounds the number of parameters in one statement.
            for start in stride(from: 0, to: keys.count, by: 500) {
                let chunk = Array(keys[start..<min(start + 500, keys.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: "SELECT digest, data FROM vuln_reports WHERE digest IN (\(marks))", arguments: StatementArguments(chunk)) {
                    if let digest = Digest(row[0] as String) { result[digest] = row[1] as Data }
                }
            }
            return result
        }
    }

    public func saveRematch(_ reports: [MatchReportUpdate], current: [Digest], indexVersion: String) async throws(StoreError) {
        guard !reports.isEmpty || !current.isEmpty else { return }
        try await write { db in
            for report in reports { try Self.upsertReport(report, db) }
            let statement = try db.cachedStatement(sql: "UPDATE vuln_reports SET index_version = ? WHERE digest = ?")
            for digest in current { try statement.execute(arguments: [indexVersion, digest.description]) }
        }
    }

    public func matchReportFingerprint(digest: Digest) async throws(StoreError) -> String? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT fingerprint FROM vuln_reports WHERE digest = ?", arguments: [digest.description])
        }
    }

    public func matchReport(digest: Digest) async throws(StoreError) -> Data? {
        try await read { db in try Data.fetchOne(db, sql: "SELECT data FROM vuln_reports WHERE digest = ?", arguments: [digest.description]) }
    }

    public func deleteMatchReports() async throws(StoreError) {
        try await write { db in try db.execute(sql: "DELETE FROM vuln_reports") }
    }

    private static func upsert(_ feed: FeedRecord, _ db: GRDB.Database) throws {
        try db.execute(
            sql: """
                INSERT INTO vuln_feeds (name, enabled, created_at, updated_at, last_full_sync, last_attempt, last_error, source_revision)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at,
                    last_full_sync = excluded.last_full_sync, last_attempt = excluded.last_attempt,
                    last_error = excluded.last_error, source_revision = excluded.source_revision
                """,
            arguments: [feed.name, feed.enabled, feed.createdAt.timeIntervalSince1970, feed.updatedAt.timeIntervalSince1970,
                        feed.lastFullSync?.timeIntervalSince1970, feed.lastAttempt?.timeIntervalSince1970, feed.lastError,
                        feed.sourceRevision])
    }
}

extension FeedRecord {
    init(row: Row) {
        let full: Double? = row["last_full_sync"]
        let attempt: Double? = row["last_attempt"]
        self.init(
            name: row["name"], enabled: row["enabled"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]), lastFullSync: full.map(Date.init(timeIntervalSince1970:)),
            lastAttempt: attempt.map(Date.init(timeIntervalSince1970:)), lastError: row["last_error"],
            sourceRevision: row["source_revision"])
    }
}

extension FeedGroupRecord {
    init(row: Row) {
        let last: Double? = row["last_sync"]
        self.init(
            feed: row["feed"], name: row["name"], enabled: row["enabled"], recordCount: row["record_count"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]),
            lastSync: last.map(Date.init(timeIntervalSince1970:)), contentHash: row["content_hash"])
    }
}
