public import Foundation
import GRDB
public import OCI

extension SQLiteStore: AnalysisQueue {
    public func claimNextImage(worker: String, leaseUntil: Date, now: Date) async throws(StoreError) -> ImageRecord? {
        try await write { db in
            // One writer at a time in SQLite, so select-then-update is atomic here; PostgreSQL uses SKIP LOCKED.
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT account, digest FROM images WHERE analysis_status = 'not_analyzed' AND image_status = 'active'
                    ORDER BY queued_at, created_at LIMIT 1
                    """)
            else { return nil }
            let account: String = row["account"]
            let digestText: String = row["digest"]
            try db.execute(
                sql: """
                    UPDATE images SET analysis_status = 'analyzing', lease_owner = ?, lease_expires_at = ?, last_updated = ?
                    WHERE account = ? AND digest = ?
                    """,
                arguments: [worker, leaseUntil.timeIntervalSince1970, now.timeIntervalSince1970, account, digestText])
            let digest = try Digest(parsing: digestText)
            return try SQLiteStore.fetchImage(account: account, digest: digest, db)
        }
    }

    public func renewLease(account: String, digest: Digest, worker: String, until: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE images SET lease_expires_at = ? WHERE account = ? AND digest = ? AND lease_owner = ?
                    AND analysis_status = 'analyzing'
                    """,
                arguments: [until.timeIntervalSince1970, account, digest.description, worker])
            return db.changesCount > 0
        }
    }

    public func finishAnalysis(_ image: ImageRecord, worker: String, artifacts: [String: Data]) async throws(StoreError) -> Bool {
        try await write { db in
            guard try SQLiteStore.holds(account: image.account, digest: image.digest, worker: worker, db) else { return false }
            // Only the analysis columns: tags and annotations may have changed while the analysis ran.
            try db.execute(
                sql: """
                    UPDATE images SET analysis_status = ?, analyzed_at = ?, failure_reason = ?, arch = ?, distro = ?,
                        distro_version = ?, dockerfile_mode = ?, image_size = ?, layer_count = ?, last_updated = ?,
                        lease_owner = NULL, lease_expires_at = NULL
                    WHERE account = ? AND digest = ?
                    """,
                arguments: [
                    image.analysisStatus.rawValue, image.analyzedAt?.timeIntervalSince1970, image.failureReason, image.arch,
                    image.distro, image.distroVersion, image.dockerfileMode, image.imageSize, image.layerCount,
                    image.lastUpdated.timeIntervalSince1970, image.account, image.digest.description,
                ])
            for (kind, data) in artifacts {
                try SQLiteStore.putArtifact(account: image.account, digest: image.digest, kind: kind, data: data, db)
            }
            return true
        }
    }

    public func releaseImage(account: String, digest: Digest, worker: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE images SET analysis_status = 'not_analyzed', lease_owner = NULL, lease_expires_at = NULL
                    WHERE account = ? AND digest = ? AND lease_owner = ? AND analysis_status = 'analyzing'
                    """,
                arguments: [account, digest.description, worker])
            return db.changesCount > 0
        }
    }

    public func requeueAbandoned(now: Date, all: Bool) async throws(StoreError) -> Int {
        try await write { db in
            if all {
                try db.execute(sql: """
                    UPDATE images SET analysis_status = 'not_analyzed', lease_owner = NULL, lease_expires_at = NULL
                    WHERE analysis_status = 'analyzing'
                    """)
            } else {
                try db.execute(
                    sql: """
                        UPDATE images SET analysis_status = 'not_analyzed', lease_owner = NULL, lease_expires_at = NULL
                        WHERE analysis_status = 'analyzing' AND (lease_expires_at IS NULL OR lease_expires_at < ?)
                        """,
                    arguments: [now.timeIntervalSince1970])
            }
            return db.changesCount
        }
    }

    static func holds(account: String, digest: Digest, worker: String, _ db: GRDB.Database) throws -> Bool {
        try Row.fetchOne(
            db,
            sql: "SELECT 1 FROM images WHERE account = ? AND digest = ? AND lease_owner = ? AND analysis_status = 'analyzing'",
            arguments: [account, digest.description, worker]) != nil
    }
}
