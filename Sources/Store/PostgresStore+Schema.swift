import Foundation
import PostgresNIO

extension PostgresStore {
    /// The schema, one migration per change (each a list of statements), applied in order.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE accounts (
                name TEXT PRIMARY KEY, type TEXT NOT NULL, state TEXT NOT NULL, email TEXT,
                created_at DOUBLE PRECISION NOT NULL, last_updated DOUBLE PRECISION NOT NULL)
            """,
            """
            CREATE TABLE users (
                username TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE,
                password_hash TEXT NOT NULL, role TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL,
                last_updated DOUBLE PRECISION NOT NULL)
            """,
            """
            CREATE TABLE images (
                account TEXT NOT NULL, digest TEXT NOT NULL, parent_digest TEXT NOT NULL, image_type TEXT NOT NULL,
                analysis_status TEXT NOT NULL, image_status TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL, last_updated DOUBLE PRECISION NOT NULL,
                analyzed_at DOUBLE PRECISION, failure_reason TEXT, annotations TEXT NOT NULL,
                compressed_size BIGINT NOT NULL, arch TEXT, distro TEXT, distro_version TEXT, dockerfile_mode TEXT,
                image_size BIGINT, layer_count BIGINT, queued_at DOUBLE PRECISION,
                lease_owner TEXT, lease_expires_at DOUBLE PRECISION,
                PRIMARY KEY (account, digest))
            """,
            "CREATE INDEX images_by_status ON images (analysis_status, queued_at)",
            "CREATE INDEX images_by_account ON images (account, created_at)",
            "CREATE INDEX images_by_digest ON images (digest)",
            """
            CREATE TABLE image_tags (
                account TEXT NOT NULL, digest TEXT NOT NULL, registry TEXT NOT NULL, repository TEXT NOT NULL,
                tag TEXT NOT NULL, image_id TEXT NOT NULL, dockerfile TEXT,
                created_at DOUBLE PRECISION NOT NULL, last_updated DOUBLE PRECISION NOT NULL,
                tag_detected_at DOUBLE PRECISION NOT NULL, position BIGSERIAL,
                PRIMARY KEY (account, digest, registry, repository, tag))
            """,
            "CREATE INDEX image_tags_by_tag ON image_tags (account, registry, repository, tag)",
            "CREATE INDEX image_tags_by_id ON image_tags (account, image_id)",
            """
            CREATE TABLE subscriptions (
                account TEXT NOT NULL, id TEXT NOT NULL, subscription_type TEXT NOT NULL,
                subscription_key TEXT NOT NULL, subscription_value TEXT, active BOOLEAN NOT NULL,
                created_at DOUBLE PRECISION NOT NULL, last_updated DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (account, id))
            """,
            "CREATE INDEX subscriptions_by_key ON subscriptions (account, subscription_key)",
            """
            CREATE TABLE artifacts (
                account TEXT NOT NULL, digest TEXT NOT NULL, kind TEXT NOT NULL, data BYTEA NOT NULL,
                PRIMARY KEY (account, digest, kind))
            """,
            """
            CREATE TABLE registries (
                account TEXT NOT NULL, registry TEXT NOT NULL, name TEXT NOT NULL, registry_type TEXT NOT NULL,
                username TEXT NOT NULL, password BYTEA NOT NULL, verify_tls BOOLEAN NOT NULL, insecure BOOLEAN,
                created_at DOUBLE PRECISION NOT NULL, last_updated DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (account, registry))
            """,
            """
            CREATE TABLE events (
                account TEXT NOT NULL, id TEXT NOT NULL, event_type TEXT NOT NULL, level TEXT NOT NULL,
                message TEXT NOT NULL, resource_id TEXT NOT NULL, resource_type TEXT NOT NULL,
                source_service TEXT NOT NULL, source_host TEXT NOT NULL, details TEXT NOT NULL,
                event_timestamp DOUBLE PRECISION NOT NULL, created_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (account, id))
            """,
            "CREATE INDEX events_by_time ON events (account, created_at)",
            """
            CREATE TABLE notifications (
                id TEXT PRIMARY KEY, account TEXT NOT NULL, notification_type TEXT NOT NULL, payload BYTEA NOT NULL,
                created_at DOUBLE PRECISION NOT NULL, last_updated DOUBLE PRECISION NOT NULL, tries BIGINT NOT NULL,
                next_attempt_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL,
                delivered_targets TEXT NOT NULL, last_error TEXT)
            """,
            "CREATE INDEX notifications_by_due ON notifications (next_attempt_at)",
            """
            CREATE TABLE vuln_feeds (
                name TEXT PRIMARY KEY, enabled BOOLEAN NOT NULL, created_at DOUBLE PRECISION NOT NULL,
                updated_at DOUBLE PRECISION NOT NULL, last_full_sync DOUBLE PRECISION, last_attempt DOUBLE PRECISION,
                last_error TEXT, source_revision TEXT)
            """,
            """
            CREATE TABLE vuln_groups (
                feed TEXT NOT NULL, name TEXT NOT NULL, enabled BOOLEAN NOT NULL, record_count BIGINT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL, updated_at DOUBLE PRECISION NOT NULL, last_sync DOUBLE PRECISION,
                content_hash TEXT NOT NULL, data BYTEA NOT NULL,
                PRIMARY KEY (feed, name))
            """,
            "CREATE TABLE vuln_inputs (digest TEXT PRIMARY KEY, data BYTEA NOT NULL)",
            "CREATE TABLE vuln_reports (digest TEXT PRIMARY KEY, data BYTEA NOT NULL, fingerprint TEXT NOT NULL, index_version TEXT)",
            """
            CREATE TABLE policies (
                account TEXT NOT NULL, id TEXT NOT NULL, active BOOLEAN NOT NULL, source TEXT NOT NULL, name TEXT,
                description TEXT, bundle BYTEA NOT NULL, created_at DOUBLE PRECISION NOT NULL,
                last_updated DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (account, id))
            """,
            """
            CREATE TABLE policy_evaluations (
                account TEXT NOT NULL, id TEXT NOT NULL, digest TEXT NOT NULL, tag TEXT NOT NULL, policy_id TEXT NOT NULL,
                final_action TEXT NOT NULL, evaluated_at DOUBLE PRECISION NOT NULL, document BYTEA NOT NULL,
                PRIMARY KEY (account, id))
            """,
            "CREATE INDEX policy_evaluations_by_image ON policy_evaluations (account, digest, tag, evaluated_at)",
            "CREATE INDEX policy_evaluations_by_policy ON policy_evaluations (account, policy_id, digest, tag)",
            """
            CREATE TABLE vex_documents (
                account TEXT NOT NULL, id TEXT NOT NULL, document_id TEXT NOT NULL, author TEXT NOT NULL,
                statements BIGINT NOT NULL, created_at DOUBLE PRECISION NOT NULL, document BYTEA NOT NULL,
                PRIMARY KEY (account, id))
            """,
        ],
        [
            """
            CREATE TABLE service_instances (
                id TEXT PRIMARY KEY, host_id TEXT NOT NULL, roles TEXT NOT NULL, base_url TEXT NOT NULL, version TEXT NOT NULL,
                started_at DOUBLE PRECISION NOT NULL, heartbeat_at DOUBLE PRECISION NOT NULL)
            """,
        ],
        ["CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)"],
        [
            """
            CREATE TABLE web_sessions (
                token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, csrf_token TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL, last_seen DOUBLE PRECISION NOT NULL)
            """,
            "CREATE INDEX web_sessions_by_user ON web_sessions (username)",
        ],
        ["ALTER TABLE service_instances ADD COLUMN leads TEXT NOT NULL DEFAULT ''"],
        // The queue in the claim's order, waiting images only: a claim reads the first unlocked entry, not a sort.
        [
            """
            CREATE INDEX images_queue ON images (queued_at NULLS FIRST, created_at, digest)
            WHERE analysis_status = 'not_analyzed' AND image_status = 'active'
            """,
        ],
    ]

    /// The schema version this build writes.
    public static var knownSchemaVersion: Int { migrations.count }

    /// The database's schema version (0: none yet).
    public func schemaVersion() async throws(StoreError) -> Int {
        let exists = try await rows("SELECT to_regclass('drydock_schema') IS NOT NULL AS present").first
        guard try decodeRow("schema", { try exists?.value("present", as: Bool.self) ?? false }) else { return 0 }
        let found = try await rows("SELECT COALESCE(MAX(version), 0) AS version FROM drydock_schema").first
        return try decodeRow("schema") { try found?.value("version", as: Int.self) ?? 0 }
    }

    /// The advisory lock key that serializes migrations across processes ("drydock" in ASCII).
    static let migrationLock: Int64 = 0x64_7279_646f_636b

    /// Applies the migrations this database lacks, in one transaction under the advisory lock, so processes
    /// that start together migrate once. A schema newer than this build's is refused, and nothing is written.
    func migrate() async throws(StoreError) {
        let known = Self.migrations.count
        let logger = logger
        try await transaction { connection in
            try await connection.rows("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
            try await connection.rows("CREATE TABLE IF NOT EXISTS drydock_schema (version BIGINT NOT NULL)", logger: logger)
            let current = try await connection.rows("SELECT COALESCE(MAX(version), 0) AS version FROM drydock_schema", logger: logger)
                .first?.value("version", as: Int.self) ?? 0
            guard current <= known else {
                throw StoreError(
                    .database, "the database's schema (version \(current)) is from a newer Drydock; this one knows version \(known)")
            }
            for version in (current + 1)..<(known + 1) {
                for statement in Self.migrations[version - 1] {
                    try await connection.rows(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.rows("INSERT INTO drydock_schema (version) VALUES (\(version))", logger: logger)
            }
        }
    }
}
