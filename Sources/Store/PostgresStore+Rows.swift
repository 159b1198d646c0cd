import Foundation
import OCI
import PostgresNIO

// The records as PostgreSQL rows read them (the columns are those of the schema in PostgresStore+Schema).

extension Account {
    init(postgres row: PostgresRandomAccessRow) throws(StoreError) {
        self = try decodeRow("account") {
            let name = try row.value("name", as: String.self)
            guard let type = Kind(rawValue: try row.value("type")), let state = State(rawValue: try row.value("state")) else {
                throw StoreError(.corrupt, "account \(name) has an unknown type or state")
            }
            return Account(
                name: name, type: type, state: state, email: try row.value("email"), createdAt: try row.date("created_at"),
                lastUpdated: try row.date("last_updated"))
        }
    }
}

extension User {
    init(postgres row: PostgresRandomAccessRow) throws(StoreError) {
        self = try decodeRow("user") {
            User(
                username: try row.value("username"), account: try row.value("account"), passwordHash: try row.value("password_hash"),
                role: Role(rawValue: try row.value("role")) ?? .readOnly, createdAt: try row.date("created_at"),
                lastUpdated: try row.date("last_updated"))
        }
    }
}

extension ImageRecord {
    init(postgres row: PostgresRandomAccessRow) throws(StoreError) {
        self = try decodeRow("image") {
            let digestText = try row.value("digest", as: String.self)
            guard let digest = Digest(digestText), let parent = Digest(try row.value("parent_digest", as: String.self)),
                  let analysis = AnalysisStatus(rawValue: try row.value("analysis_status")),
                  let status = ImageStatus(rawValue: try row.value("image_status"))
            else { throw StoreError(.corrupt, "image \(digestText) has a malformed digest or status") }
            let annotationText = try row.value("annotations", as: String.self)
            let annotations = (try? JSONDecoder().decode([String: String].self, from: Data(annotationText.utf8))) ?? [:]
            return ImageRecord(
                account: try row.value("account"), digest: digest, parentDigest: parent, imageType: try row.value("image_type"),
                analysisStatus: analysis, imageStatus: status, createdAt: try row.date("created_at"),
                lastUpdated: try row.date("last_updated"), analyzedAt: try row.optionalDate("analyzed_at"),
                failureReason: try row.value("failure_reason"), annotations: annotations, compressedSize: try row.value("compressed_size"),
                arch: try row.value("arch"), distro: try row.value("distro"), distroVersion: try row.value("distro_version"),
                dockerfileMode: try row.value("dockerfile_mode"), imageSize: try row.value("image_size"),
                layerCount: try row.value("layer_count"), queuedAt: try row.optionalDate("queued_at"))
        }
    }
}

extension TagRecord {
    init(postgres row: PostgresRandomAccessRow) throws(StoreError) {
        self = try decodeRow("tag") {
            TagRecord(
                registry: try row.value("registry"), repository: try row.value("repository"), tag: try row.value("tag"),
                imageID: try row.value("image_id"), dockerfile: try row.value("dockerfile"), createdAt: try row.date("created_at"),
                lastUpdated: try row.date("last_updated"), tagDetectedAt: try row.date("tag_detected_at"))
        }
    }
}

extension Subscription {
    init(postgres row: PostgresRandomAccessRow) throws(StoreError) {
        self = try decodeRow("subscription") {
            Subscription(
                account: try row.value("account"), type: try row.value("subscription_type"), key: try row.value("subscription_key"),
                value: try row.value("subscription_value"), active: try row.value("active"), createdAt: try row.date("created_at"),
                lastUpdated: try row.date("last_updated"))
        }
    }
}

extension RegistryRecord {
    init(postgres row: PostgresRandomAccessRow) throws(StoreError) {
        self = try decodeRow("registry") {
            RegistryRecord(
                account: try row.value("account"), registry: try row.value("registry"), name: try row.value("name"),
                type: try row.value("registry_type"), username: try row.value("username"), encryptedPassword: try row.value("password"),
                verifyTLS: try row.value("verify_tls"), insecure: try row.value("insecure"), createdAt: try row.date("created_at"),
                lastUpdated: try row.date("last_updated"))
        }
    }
}

extension Event {
    init(postgres row: PostgresRandomAccessRow) throws(StoreError) {
        self = try decodeRow("event") {
            guard let level = Level(rawValue: try row.value("level")) else { throw StoreError(.corrupt, "event with an unknown level") }
            let detailsText = try row.value("details", as: String.self)
            let details = (try? JSONDecoder().decode([String: String].self, from: Data(detailsText.utf8))) ?? [:]
            return Event(
                id: try row.value("id"), account: try row.value("account"), type: try row.value("event_type"), level: level,
                message: try row.value("message"), resourceID: try row.value("resource_id"), resourceType: try row.value("resource_type"),
                sourceService: try row.value("source_service"), sourceHost: try row.value("source_host"), details: details,
                timestamp: try row.date("event_timestamp"), createdAt: try row.date("created_at"))
        }
    }
}

extension QueuedNotification {
    init(postgres row: PostgresRandomAccessRow) throws(StoreError) {
        self = try decodeRow("notification") {
            let id = try row.value("id", as: String.self)
            guard let delivered = try? JSONDecoder().decode([String].self, from: Data(try row.value("delivered_targets", as: String.self).utf8)) else {
                throw StoreError(.corrupt, "notification \(id) has malformed delivered targets")
            }
            return QueuedNotification(
                id: id, account: try row.value("account"), type: try row.value("notification_type"), payload: try row.value("payload"),
                createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"), tries: try row.value("tries"),
                nextAttemptAt: try row.date("next_attempt_at"), deliveredTargets: delivered, lastError: try row.value("last_error"),
                lastUpdated: try row.date("last_updated"))
        }
    }
}

extension PolicyRecord {
    init(postgres row: PostgresRandomAccessRow) throws(StoreError) {
        self = try decodeRow("policy") {
            PolicyRecord(
                account: try row.value("account"), id: try row.value("id"), active: try row.value("active"), source: try row.value("source"),
                name: try row.value("name"), description: try row.value("description"), bundle: try row.value("bundle"),
                createdAt: try row.date("created_at"), lastUpdated: try row.date("last_updated"))
        }
    }
}

extension EvaluationRecord {
    /// An evaluation; without its document when the row has none (the listings leave it out).
    init(postgres row: PostgresRandomAccessRow) throws(StoreError) {
        self = try decodeRow("evaluation") {
            EvaluationRecord(
                account: try row.value("account"), id: try row.value("id"), digest: try row.value("digest"), tag: try row.value("tag"),
                policyID: try row.value("policy_id"), finalAction: try row.value("final_action"), evaluatedAt: try row.date("evaluated_at"),
                document: row.contains("document") ? try row.value("document") : Data())
        }
    }
}

extension VEXRecord {
    init(postgres row: PostgresRandomAccessRow) throws(StoreError) {
        self = try decodeRow("VEX document") {
            VEXRecord(
                account: try row.value("account"), id: try row.value("id"), documentID: try row.value("document_id"),
                author: try row.value("author"), statementCount: try row.value("statements"), createdAt: try row.date("created_at"),
                document: try row.value("document"))
        }
    }
}

extension FeedRecord {
    init(postgres row: PostgresRandomAccessRow) throws(StoreError) {
        self = try decodeRow("feed") {
            FeedRecord(
                name: try row.value("name"), enabled: try row.value("enabled"), createdAt: try row.date("created_at"),
                updatedAt: try row.date("updated_at"), lastFullSync: try row.optionalDate("last_full_sync"),
                lastAttempt: try row.optionalDate("last_attempt"), lastError: try row.value("last_error"),
                sourceRevision: try row.value("source_revision"))
        }
    }
}

extension FeedGroupRecord {
    init(postgres row: PostgresRandomAccessRow) throws(StoreError) {
        self = try decodeRow("feed group") {
            FeedGroupRecord(
                feed: try row.value("feed"), name: try row.value("name"), enabled: try row.value("enabled"),
                recordCount: try row.value("record_count"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
                lastSync: try row.optionalDate("last_sync"), contentHash: try row.value("content_hash"))
        }
    }
}
