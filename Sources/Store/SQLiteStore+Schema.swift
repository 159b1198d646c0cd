import Foundation
import GRDB
import OCI

extension SQLiteStore {
    /// The schema, one migration per change; applied in order when the store opens.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: accounts, images, tags, subscriptions, artifacts") { db in
            try db.execute(sql: """
                CREATE TABLE accounts (
                    name TEXT PRIMARY KEY, type TEXT NOT NULL, state TEXT NOT NULL, email TEXT,
                    created_at DOUBLE PRECISION NOT NULL, last_updated DOUBLE PRECISION NOT NULL);
                CREATE TABLE users (
                    username TEXT PRIMARY KEY, account TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE,
                    password_hash TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL,
                    last_updated DOUBLE PRECISION NOT NULL);
                CREATE TABLE images (
                    account TEXT NOT NULL, digest TEXT NOT NULL, parent_digest TEXT NOT NULL, image_type TEXT NOT NULL,
                    analysis_status TEXT NOT NULL, image_status TEXT NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL, last_updated DOUBLE PRECISION NOT NULL,
                    analyzed_at DOUBLE PRECISION, failure_reason TEXT, annotations TEXT NOT NULL,
                    compressed_size BIGINT NOT NULL, arch TEXT, distro TEXT, distro_version TEXT, dockerfile_mode TEXT,
                    image_size BIGINT, layer_count INTEGER, queued_at DOUBLE PRECISION,
                    lease_owner TEXT, lease_expires_at DOUBLE PRECISION,
                    PRIMARY KEY (account, digest));
                CREATE INDEX images_by_status ON images (analysis_status, queued_at);
                CREATE INDEX images_by_account ON images (account, created_at);
                CREATE TABLE image_tags (
                    account TEXT NOT NULL, digest TEXT NOT NULL, registry TEXT NOT NULL, repository TEXT NOT NULL,
                    tag TEXT NOT NULL, image_id TEXT NOT NULL, dockerfile TEXT,
                    created_at DOUBLE PRECISION NOT NULL, last_updated DOUBLE PRECISION NOT NULL,
                    tag_detected_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (account, digest, registry, repository, tag));
                CREATE INDEX image_tags_by_tag ON image_tags (account, registry, repository, tag);
                CREATE INDEX image_tags_by_id ON image_tags (account, image_id);
                CREATE TABLE subscriptions (
                    account TEXT NOT NULL, id TEXT NOT NULL, subscription_type TEXT NOT NULL,
                    subscription_key TEXT NOT NULL, subscription_value TEXT, active BOOLEAN NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL, last_updated DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (account, id));
                CREATE INDEX subscriptions_by_key ON subscriptions (account, subscription_key);
                CREATE TABLE artifacts (
                    account TEXT NOT NULL, digest TEXT NOT NULL, kind TEXT NOT NULL, data BLOB NOT NULL,
                    PRIMARY KEY (account, digest, kind));
                """)
        }
        migrator.registerMigration("v2: registries") { db in
            try db.execute(sql: """
                CREATE TABLE registries (
                    account TEXT NOT NULL, registry TEXT NOT NULL, name TEXT NOT NULL, registry_type TEXT NOT NULL,
                    username TEXT NOT NULL, password BLOB NOT NULL, verify_tls BOOLEAN NOT NULL, insecure BOOLEAN,
                    created_at DOUBLE PRECISION NOT NULL, last_updated DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (account, registry));
                """)
        }
        migrator.registerMigration("v3: events") { db in
            try db.execute(sql: """
                CREATE TABLE events (
                    account TEXT NOT NULL, id TEXT NOT NULL, event_type TEXT NOT NULL, level TEXT NOT NULL,
                    message TEXT NOT NULL, resource_id TEXT NOT NULL, resource_type TEXT NOT NULL,
                    source_service TEXT NOT NULL, source_host TEXT NOT NULL, details TEXT NOT NULL,
                    event_timestamp DOUBLE PRECISION NOT NULL, created_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (account, id));
                CREATE INDEX events_by_time ON events (account, created_at);
                """)
        }
        migrator.registerMigration("v4: notifications") { db in
            try db.execute(sql: """
                CREATE TABLE notifications (
                    id TEXT PRIMARY KEY, account TEXT NOT NULL, notification_type TEXT NOT NULL, payload BLOB NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL, last_updated DOUBLE PRECISION NOT NULL, tries INTEGER NOT NULL,
                    next_attempt_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL,
                    delivered_targets TEXT NOT NULL, last_error TEXT);
                CREATE INDEX notifications_by_due ON notifications (next_attempt_at);
                """)
        }
        migrator.registerMigration("v5: vulnerability feeds and per-image matches") { db in
            try db.execute(sql: """
                CREATE TABLE vuln_feeds (
                    name TEXT PRIMARY KEY, enabled BOOLEAN NOT NULL, created_at DOUBLE PRECISION NOT NULL,
                    updated_at DOUBLE PRECISION NOT NULL, last_full_sync DOUBLE PRECISION, last_attempt DOUBLE PRECISION,
                    last_error TEXT, source_revision TEXT);
                CREATE TABLE vuln_groups (
                    feed TEXT NOT NULL, name TEXT NOT NULL, enabled BOOLEAN NOT NULL, record_count INTEGER NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL, updated_at DOUBLE PRECISION NOT NULL, last_sync DOUBLE PRECISION,
                    content_hash TEXT NOT NULL, data BLOB NOT NULL,
                    PRIMARY KEY (feed, name));
                CREATE TABLE vuln_inputs (digest TEXT PRIMARY KEY, data BLOB NOT NULL);
                CREATE TABLE vuln_reports (digest TEXT PRIMARY KEY, data BLOB NOT NULL, fingerprint TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v6: user roles") { db in
            try db.execute(sql: "ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'full-control'")
        }
        migrator.registerMigration("v7: the index version of each stored match report") { db in
            try db.execute(sql: "ALTER TABLE vuln_reports ADD COLUMN index_version TEXT")
        }
        migrator.registerMigration("v8: policy bundles and evaluations") { db in
            try db.execute(sql: """
                CREATE TABLE policies (
                    account TEXT NOT NULL, id TEXT NOT NULL, active BOOLEAN NOT NULL, source TEXT NOT NULL, name TEXT,
                    description TEXT, bundle BLOB NOT NULL, created_at DOUBLE PRECISION NOT NULL,
                    last_updated DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (account, id));
                CREATE TABLE policy_evaluations (
                    account TEXT NOT NULL, id TEXT NOT NULL, digest TEXT NOT NULL, tag TEXT NOT NULL, policy_id TEXT NOT NULL,
                    final_action TEXT NOT NULL, evaluated_at DOUBLE PRECISION NOT NULL, document BLOB NOT NULL,
                    PRIMARY KEY (account, id));
                CREATE INDEX policy_evaluations_by_image ON policy_evaluations (account, digest, tag, evaluated_at);
                CREATE INDEX policy_evaluations_by_policy ON policy_evaluations (account, policy_id, digest, tag);
                """)
        }
        migrator.registerMigration("v9: VEX documents") { db in
            try db.execute(sql: """
                CREATE TABLE vex_documents (
                    account TEXT NOT NULL, id TEXT NOT NULL, document_id TEXT NOT NULL, author TEXT NOT NULL,
                    statements INTEGER NOT NULL, created_at DOUBLE PRECISION NOT NULL, document BLOB NOT NULL,
                    PRIMARY KEY (account, id));
                """)
        }
        migrator.registerMigration("v10: the processes sharing the store") { db in
            try db.execute(sql: """
                CREATE TABLE service_instances (
                    id TEXT PRIMARY KEY, host_id TEXT NOT NULL, roles TEXT NOT NULL, base_url TEXT NOT NULL, version TEXT NOT NULL,
                    started_at DOUBLE PRECISION NOT NULL, heartbeat_at DOUBLE PRECISION NOT NULL);
                """)
        }
        migrator.registerMigration("v11: settings the processes share") { db in
            try db.execute(sql: "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);")
        }
        migrator.registerMigration("v12: web UI sessions") { db in
            try db.execute(sql: """
                CREATE TABLE web_sessions (
                    token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, csrf_token TEXT NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL, last_seen DOUBLE PRECISION NOT NULL);
                CREATE INDEX web_sessions_by_user ON web_sessions (username);
                """)
        }
        migrator.registerMigration("v13: the elected roles a process leads") { db in
            try db.execute(sql: "ALTER TABLE service_instances ADD COLUMN leads TEXT NOT NULL DEFAULT ''")
        }
        return migrator
    }
}

private func date(_ value: Double) -> Date { Date(timeIntervalSince1970: value) }

extension Account {
    init(row: Row) throws {
        guard let type = Kind(rawValue: row["type"]), let state = State(rawValue: row["state"]) else {
            throw StoreError(.corrupt, "account \(row["name"] as String? ?? "?") has an unknown type or state")
        }
        self.init(name: row["name"], type: type, state: state, email: row["email"], createdAt: date(row["created_at"]),
                  lastUpdated: date(row["last_updated"]))
    }
}

extension User {
    init(row: Row) {
        self.init(username: row["username"], account: row["account"], passwordHash: row["password_hash"],
                  role: Role(rawValue: row["role"]) ?? .readOnly,
                  createdAt: date(row["created_at"]), lastUpdated: date(row["last_updated"]))
    }
}

extension Subscription {
    init(row: Row) {
        self.init(account: row["account"], type: row["subscription_type"], key: row["subscription_key"],
                  value: row["subscription_value"], active: row["active"], createdAt: date(row["created_at"]),
                  lastUpdated: date(row["last_updated"]))
    }
}

extension ImageRecord {
    /// The columns ``init(row:)`` reads, in order (by position: listings decode thousands of rows).
    static let columns = """
        account, digest, parent_digest, image_type, analysis_status, image_status, created_at, last_updated,
        analyzed_at, failure_reason, annotations, compressed_size, arch, distro, distro_version, dockerfile_mode,
        image_size, layer_count, queued_at
        """

    init(row: Row) throws {
        var memo: [String: [String: String]] = [:]
        try self.init(row: row, annotationMemo: &memo)
    }

    /// Decodes a row; `annotationMemo` remembers decoded annotation texts across the rows of one listing
    /// (images of a catalog mostly share a few annotation sets, and JSON decoding dominates otherwise).
    init(row: Row, annotationMemo: inout [String: [String: String]]) throws {
        let digestText: String = row[1]
        let parentText: String = row[2]
        guard let digest = Digest(digestText), let parent = Digest(parentText),
              let analysis = AnalysisStatus(rawValue: row[4]),
              let status = ImageStatus(rawValue: row[5])
        else { throw StoreError(.corrupt, "image \(digestText) has a malformed digest or status") }
        let annotationText: String = row[10]
        let annotations: [String: String]
        if annotationText == "{}" {
            annotations = [:]
        } else if let known = annotationMemo[annotationText] {
            annotations = known
        } else {
            annotations = (try? JSONDecoder().decode([String: String].self, from: Data(annotationText.utf8))) ?? [:]
            if annotationMemo.count < 1024 { annotationMemo[annotationText] = annotations }
        }
        self.init(
            account: row[0], digest: digest, parentDigest: parent, imageType: row[3],
            analysisStatus: analysis, imageStatus: status, createdAt: date(row[6]),
            lastUpdated: date(row[7]), analyzedAt: (row[8] as Double?).map(date),
            failureReason: row[9], annotations: annotations, compressedSize: row[11],
            arch: row[12], distro: row[13], distroVersion: row[14],
            dockerfileMode: row[15], imageSize: row[16], layerCount: row[17],
            queuedAt: (row[18] as Double?).map(date))
    }
}

extension TagRecord {
    /// The columns ``init(row:)`` reads, in order; `digest` comes first for grouping.
    static let columns = "digest, registry, repository, tag, image_id, dockerfile, created_at, last_updated, tag_detected_at"

    init(row: Row) {
        self.init(
            registry: row[1], repository: row[2], tag: row[3], imageID: row[4], dockerfile: row[5],
            createdAt: date(row[6]), lastUpdated: date(row[7]), tagDetectedAt: date(row[8]))
    }
}
