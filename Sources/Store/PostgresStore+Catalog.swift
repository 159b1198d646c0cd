public import Foundation
public import OCI
import PostgresNIO

extension PostgresStore: AccountStore {
    public func account(named name: String) async throws(StoreError) -> Account? {
        try await rows("SELECT * FROM accounts WHERE name = \(name)").first.map(Account.init(postgres:))
    }

    public func accounts() async throws(StoreError) -> [Account] {
        try await rows("SELECT * FROM accounts ORDER BY name").map(Account.init(postgres:))
    }

    public func insert(_ account: Account) async throws(StoreError) {
        try await rows("""
            INSERT INTO accounts (name, type, state, email, created_at, last_updated)
            VALUES (\(account.name), \(account.type.rawValue), \(account.state.rawValue), \(account.email),
                \(account.createdAt.timeIntervalSince1970), \(account.lastUpdated.timeIntervalSince1970))
            """)
    }

    public func update(_ account: Account) async throws(StoreError) {
        let changed = try await rows("""
            UPDATE accounts SET state = \(account.state.rawValue), email = \(account.email),
                last_updated = \(account.lastUpdated.timeIntervalSince1970) WHERE name = \(account.name) RETURNING name
            """)
        guard changed.count == 1 else { throw StoreError(.notFound, "account \(account.name) not found") }
    }

    public func deleteAccount(named name: String) async throws(StoreError) {
        let logger = logger
        try await transaction { connection in
            for table in [
                "image_tags", "images", "artifacts", "subscriptions", "registries", "events", "notifications", "users", "policies",
                "policy_evaluations", "vex_documents",
            ] {
                try await connection.rows("DELETE FROM \(unescaped: table) WHERE account = \(name)", logger: logger)
            }
            try await connection.rows("DELETE FROM accounts WHERE name = \(name)", logger: logger)
        }
    }

    public func user(named username: String) async throws(StoreError) -> User? {
        try await rows("SELECT * FROM users WHERE username = \(username)").first.map(User.init(postgres:))
    }

    public func users(account: String) async throws(StoreError) -> [User] {
        try await rows("SELECT * FROM users WHERE account = \(account) ORDER BY username").map(User.init(postgres:))
    }

    public func insert(_ user: User) async throws(StoreError) {
        try await rows("""
            INSERT INTO users (username, account, password_hash, role, created_at, last_updated)
            VALUES (\(user.username), \(user.account), \(user.passwordHash), \(user.role.rawValue),
                \(user.createdAt.timeIntervalSince1970), \(user.lastUpdated.timeIntervalSince1970))
            """)
    }

    public func update(_ user: User) async throws(StoreError) {
        let changed = try await rows("""
            UPDATE users SET password_hash = \(user.passwordHash), role = \(user.role.rawValue),
                last_updated = \(user.lastUpdated.timeIntervalSince1970) WHERE username = \(user.username) RETURNING username
            """)
        guard changed.count == 1 else { throw StoreError(.notFound, "user \(user.username) not found") }
    }

    public func deleteUser(named username: String) async throws(StoreError) {
        try await rows("DELETE FROM users WHERE username = \(username)")
    }
}

extension PostgresStore: ImageStore {
    static let imageColumns = """
        account, digest, parent_digest, image_type, analysis_status, image_status, created_at, last_updated,
        analyzed_at, failure_reason, annotations, compressed_size, arch, distro, distro_version, dockerfile_mode,
        image_size, layer_count, queued_at
        """
    static let tagColumns = "digest, registry, repository, tag, image_id, dockerfile, created_at, last_updated, tag_detected_at"
    static let tagOrder = "ORDER BY created_at, tag_detected_at, position"

    public func image(account: String, digest: Digest) async throws(StoreError) -> ImageRecord? {
        let logger = logger
        return try await transaction { connection in try await Self.fetchImage(account: account, digest: digest, lock: false, connection, logger) }
    }

    public func images(account: String, filter: ImageFilter) async throws(StoreError) -> [ImageRecord] {
        var sql = SQLBuilder("SELECT \(Self.imageColumns) FROM images i WHERE ")
        try sql.add("i.account = ", account)
        if let status = filter.analysisStatus { try sql.add(" AND i.analysis_status = ", status.rawValue) }
        if let status = filter.imageStatus { try sql.add(" AND i.image_status = ", status.rawValue) }
        if let tag = filter.tag {
            try sql.add(" AND EXISTS (SELECT 1 FROM image_tags t WHERE t.account = i.account AND t.digest = i.digest AND t.registry = ", tag.registry)
            try sql.add(" AND t.repository = ", tag.repository)
            try sql.add(" AND t.tag = ", tag.tag, ")")
        }
        if let imageID = filter.imageID {
            try sql.add(" AND EXISTS (SELECT 1 FROM image_tags t WHERE t.account = i.account AND t.digest = i.digest AND t.image_id = ", imageID, ")")
        }
        sql.text += " ORDER BY i.created_at DESC, i.digest"
        var images = try await rows(sql.query).map(ImageRecord.init(postgres:))
        guard !images.isEmpty else { return [] }
        let keys = images.map(\.digest.description)
        var tags: [String: [TagRecord]] = [:]
        for row in try await rows("SELECT \(unescaped: Self.tagColumns) FROM image_tags WHERE account = \(account) AND digest = ANY(\(keys)) \(unescaped: Self.tagOrder)") {
            let digest = try decodeRow("tag") { try row.value("digest", as: String.self) }
            tags[digest, default: []].append(try TagRecord(postgres: row))
        }
        for index in images.indices { images[index].tags = tags[images[index].digest.description] ?? [] }
        return images
    }

    public func modifyImage<T: Sendable>(
        account: String, digest: Digest, _ transform: @escaping @Sendable (inout ImageRecord?) throws(StoreError) -> T
    ) async throws(StoreError) -> T {
        let logger = logger
        return try await transaction { connection in
            let before = try await Self.fetchImage(account: account, digest: digest, lock: true, connection, logger)
            var image = before
            let result = try transform(&image)
            if let image {
                guard image.account == account, image.digest == digest else {
                    throw StoreError(.conflict, "an image cannot change its account or digest")
                }
                if image != before { try await Self.writeImage(image, connection, logger) }
            } else if before != nil {
                for table in ["image_tags", "artifacts", "images"] {
                    try await connection.rows(
                        "DELETE FROM \(unescaped: table) WHERE account = \(account) AND digest = \(digest.description)", logger: logger)
                }
            }
            return result
        }
    }

    public func analysisStatusCounts() async throws(StoreError) -> [AnalysisStatus: Int] {
        var counts: [AnalysisStatus: Int] = [:]
        for row in try await rows("SELECT analysis_status, COUNT(*) AS n FROM images GROUP BY analysis_status") {
            let (name, count) = try decodeRow("count") { (try row.value("analysis_status", as: String.self), try row.value("n", as: Int.self)) }
            if let status = AnalysisStatus(rawValue: name) { counts[status] = count }
        }
        return counts
    }

    static func fetchImage(
        account: String, digest: Digest, lock: Bool, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> ImageRecord? {
        let key = digest.description
        guard let row = try await connection.rows(
            "SELECT \(unescaped: imageColumns) FROM images WHERE account = \(account) AND digest = \(key) \(unescaped: lock ? "FOR UPDATE" : "")",
            logger: logger).first
        else { return nil }
        var image = try ImageRecord(postgres: row)
        image.tags = try await connection.rows(
            "SELECT \(unescaped: tagColumns) FROM image_tags WHERE account = \(account) AND digest = \(key) \(unescaped: tagOrder)", logger: logger
        ).map(TagRecord.init(postgres:))
        return image
    }

    static func writeImage(_ image: ImageRecord, _ connection: PostgresConnection, _ logger: Logger) async throws {
        let annotations = String(decoding: try JSONEncoder().encode(image.annotations), as: UTF8.self)
        let key = image.digest.description
        try await connection.rows("""
            INSERT INTO images (account, digest, parent_digest, image_type, analysis_status, image_status, created_at,
                last_updated, analyzed_at, failure_reason, annotations, compressed_size, arch, distro, distro_version,
                dockerfile_mode, image_size, layer_count, queued_at)
            VALUES (\(image.account), \(key), \(image.parentDigest.description), \(image.imageType),
                \(image.analysisStatus.rawValue), \(image.imageStatus.rawValue), \(image.createdAt.timeIntervalSince1970),
                \(image.lastUpdated.timeIntervalSince1970), \(image.analyzedAt?.timeIntervalSince1970), \(image.failureReason),
                \(annotations), \(image.compressedSize), \(image.arch), \(image.distro), \(image.distroVersion), \(image.dockerfileMode),
                \(image.imageSize), \(image.layerCount), \(image.queuedAt?.timeIntervalSince1970))
            ON CONFLICT (account, digest) DO UPDATE SET parent_digest = excluded.parent_digest,
                image_type = excluded.image_type, analysis_status = excluded.analysis_status,
                image_status = excluded.image_status, created_at = excluded.created_at,
                last_updated = excluded.last_updated, analyzed_at = excluded.analyzed_at,
                failure_reason = excluded.failure_reason, annotations = excluded.annotations,
                compressed_size = excluded.compressed_size, arch = excluded.arch, distro = excluded.distro,
                distro_version = excluded.distro_version, dockerfile_mode = excluded.dockerfile_mode,
                image_size = excluded.image_size, layer_count = excluded.layer_count, queued_at = excluded.queued_at
            """, logger: logger)
        if image.analysisStatus != .analyzing {
            try await connection.rows(
                "UPDATE images SET lease_owner = NULL, lease_expires_at = NULL WHERE account = \(image.account) AND digest = \(key)", logger: logger)
        }
        for tag in image.tags {
            try await connection.rows("""
                INSERT INTO image_tags (account, digest, registry, repository, tag, image_id, dockerfile, created_at,
                    last_updated, tag_detected_at)
                VALUES (\(image.account), \(key), \(tag.registry), \(tag.repository), \(tag.tag), \(tag.imageID),
                    \(tag.dockerfile), \(tag.createdAt.timeIntervalSince1970), \(tag.lastUpdated.timeIntervalSince1970),
                    \(tag.tagDetectedAt.timeIntervalSince1970))
                ON CONFLICT (account, digest, registry, repository, tag) DO UPDATE SET image_id = excluded.image_id,
                    dockerfile = excluded.dockerfile, created_at = excluded.created_at,
                    last_updated = excluded.last_updated, tag_detected_at = excluded.tag_detected_at
                """, logger: logger)
        }
    }
}

extension PostgresStore: AnalysisQueue {
    public func claimNextImage(worker: String, leaseUntil: Date, now: Date) async throws(StoreError) -> ImageRecord? {
        let logger = logger
        return try await transaction { connection in
            // Another process's claim in flight is skipped, not waited for: claims never queue behind each other.
            guard let row = try await connection.rows("""
                SELECT account, digest FROM images WHERE analysis_status = 'not_analyzed' AND image_status = 'active'
                ORDER BY queued_at NULLS FIRST, created_at, digest LIMIT 1 FOR UPDATE SKIP LOCKED
                """, logger: logger).first
            else { return nil }
            let account = try row.value("account", as: String.self)
            let digestText = try row.value("digest", as: String.self)
            try await connection.rows("""
                UPDATE images SET analysis_status = 'analyzing', lease_owner = \(worker),
                    lease_expires_at = \(leaseUntil.timeIntervalSince1970), last_updated = \(now.timeIntervalSince1970)
                WHERE account = \(account) AND digest = \(digestText)
                """, logger: logger)
            guard let digest = Digest(digestText) else { throw StoreError(.corrupt, "image \(digestText) has a malformed digest") }
            return try await Self.fetchImage(account: account, digest: digest, lock: false, connection, logger)
        }
    }

    public func renewLease(account: String, digest: Digest, worker: String, until: Date) async throws(StoreError) -> Bool {
        try await !rows("""
            UPDATE images SET lease_expires_at = \(until.timeIntervalSince1970)
            WHERE account = \(account) AND digest = \(digest.description) AND lease_owner = \(worker) AND analysis_status = 'analyzing'
            RETURNING digest
            """).isEmpty
    }

    public func finishAnalysis(_ image: ImageRecord, worker: String, artifacts: [String: Data]) async throws(StoreError) -> Bool {
        let logger = logger
        return try await transaction { connection in
            let key = image.digest.description
            // Only the analysis columns, and only while the worker holds the lease (checked and written at once).
            let held = try await connection.rows("""
                UPDATE images SET analysis_status = \(image.analysisStatus.rawValue), analyzed_at = \(image.analyzedAt?.timeIntervalSince1970),
                    failure_reason = \(image.failureReason), arch = \(image.arch), distro = \(image.distro),
                    distro_version = \(image.distroVersion), dockerfile_mode = \(image.dockerfileMode), image_size = \(image.imageSize),
                    layer_count = \(image.layerCount), last_updated = \(image.lastUpdated.timeIntervalSince1970),
                    lease_owner = NULL, lease_expires_at = NULL
                WHERE account = \(image.account) AND digest = \(key) AND lease_owner = \(worker) AND analysis_status = 'analyzing'
                RETURNING digest
                """, logger: logger)
            guard !held.isEmpty else { return false }
            for (kind, data) in artifacts {
                try await Self.putArtifact(account: image.account, digest: key, kind: kind, data: data, connection, logger)
            }
            return true
        }
    }

    public func releaseImage(account: String, digest: Digest, worker: String) async throws(StoreError) -> Bool {
        try await !rows("""
            UPDATE images SET analysis_status = 'not_analyzed', lease_owner = NULL, lease_expires_at = NULL
            WHERE account = \(account) AND digest = \(digest.description) AND lease_owner = \(worker) AND analysis_status = 'analyzing'
            RETURNING digest
            """).isEmpty
    }

    public func requeueAbandoned(now: Date, all: Bool) async throws(StoreError) -> Int {
        if all {
            return try await rows("""
                UPDATE images SET analysis_status = 'not_analyzed', lease_owner = NULL, lease_expires_at = NULL
                WHERE analysis_status = 'analyzing' RETURNING digest
                """).count
        }
        return try await rows("""
            UPDATE images SET analysis_status = 'not_analyzed', lease_owner = NULL, lease_expires_at = NULL
            WHERE analysis_status = 'analyzing' AND (lease_expires_at IS NULL OR lease_expires_at < \(now.timeIntervalSince1970))
            RETURNING digest
            """).count
    }
}
