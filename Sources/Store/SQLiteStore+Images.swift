public import Foundation
import GRDB
public import OCI

extension SQLiteStore: ImageStore {
    public func image(account: String, digest: Digest) async throws(StoreError) -> ImageRecord? {
        try await read { db in try SQLiteStore.fetchImage(account: account, digest: digest, db) }
    }

    public func images(account: String, filter: ImageFilter) async throws(StoreError) -> [ImageRecord] {
        try await read { db in
            var sql = "SELECT \(ImageRecord.columns) FROM images i WHERE i.account = ?"
            var arguments: StatementArguments = [account]
            if let status = filter.analysisStatus {
                sql += " AND i.analysis_status = ?"
                arguments += [status.rawValue]
            }
            if let status = filter.imageStatus {
                sql += " AND i.image_status = ?"
                arguments += [status.rawValue]
            }
            if let tag = filter.tag {
                sql += """
                     AND EXISTS (SELECT 1 FROM image_tags t WHERE t.account = i.account AND t.digest = i.digest
                     AND t.registry = ? AND t.repository = ? AND t.tag = ?)
                    """
                arguments += [tag.registry, tag.repository, tag.tag]
            }
            if let imageID = filter.imageID {
                sql += " AND EXISTS (SELECT 1 FROM image_tags t WHERE t.account = i.account AND t.digest = i.digest AND t.image_id = ?)"
                arguments += [imageID]
            }
            sql += " ORDER BY i.created_at DESC, i.digest"
            var memo: [String: [String: String]] = [:]
            var images: [ImageRecord] = []
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() { images.append(try ImageRecord(row: row, annotationMemo: &memo)) }
            guard !images.isEmpty else { return [] }
            // Tags in one query: for a handful of images by digest, else the whole account's.
            var tags: [String: [TagRecord]] = [:]
            let tagRows: RowCursor
            if images.count <= 50 {
                let marks = Array(repeating: "?", count: images.count).joined(separator: ",")
                tagRows = try Row.fetchCursor(
                    db, sql: "SELECT \(TagRecord.columns) FROM image_tags WHERE account = ? AND digest IN (\(marks)) ORDER BY created_at, tag_detected_at",
                    arguments: StatementArguments([account] + images.map(\.digest.description)))
            } else {
                tagRows = try Row.fetchCursor(
                    db, sql: "SELECT \(TagRecord.columns) FROM image_tags WHERE account = ? ORDER BY created_at, tag_detected_at", arguments: [account])
            }
            while let row = try tagRows.next() { tags[row[0], default: []].append(TagRecord(row: row)) }
            for index in images.indices { images[index].tags = tags[images[index].digest.description] ?? [] }
            return images
        }
    }

    public func modifyImage<T: Sendable>(
        account: String, digest: Digest, _ transform: @escaping @Sendable (inout ImageRecord?) throws(StoreError) -> T
    ) async throws(StoreError) -> T {
        try await write { db in
            let before = try SQLiteStore.fetchImage(account: account, digest: digest, db)
            var image = before
            let result = try transform(&image)
            if let image {
                guard image.account == account, image.digest == digest else {
                    throw StoreError(.conflict, "an image cannot change its account or digest")
                }
                if image != before { try SQLiteStore.writeImage(image, db) }
            } else if before != nil {
                try SQLiteStore.deleteImage(account: account, digest: digest, db)
            }
            return result
        }
    }

    public func analysisStatusCounts() async throws(StoreError) -> [AnalysisStatus: Int] {
        try await read { db in
            var counts: [AnalysisStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT analysis_status, COUNT(*) AS n FROM images GROUP BY analysis_status") {
                if let status = AnalysisStatus(rawValue: row["analysis_status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }

    static func fetchImage(account: String, digest: Digest, _ db: GRDB.Database) throws -> ImageRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(ImageRecord.columns) FROM images WHERE account = ? AND digest = ?", arguments: [account, digest.description])
        else { return nil }
        var image = try ImageRecord(row: row)
        image.tags = try Row.fetchAll(
            db, sql: "SELECT \(TagRecord.columns) FROM image_tags WHERE account = ? AND digest = ? ORDER BY created_at, tag_detected_at",
            arguments: [account, digest.description]
        ).map(TagRecord.init(row:))
        return image
    }

    static func writeImage(_ image: ImageRecord, _ db: GRDB.Database) throws {
        let annotations = String(decoding: try JSONEncoder().encode(image.annotations), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO images (account, digest, parent_digest, image_type, analysis_status, image_status, created_at,
                    last_updated, analyzed_at, failure_reason, annotations, compressed_size, arch, distro, distro_version,
                    dockerfile_mode, image_size, layer_count, queued_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (account, digest) DO UPDATE SET parent_digest = excluded.parent_digest,
                    image_type = excluded.image_type, analysis_status = excluded.analysis_status,
                    image_status = excluded.image_status, created_at = excluded.created_at,
                    last_updated = excluded.last_updated, analyzed_at = excluded.analyzed_at,
                    failure_reason = excluded.failure_reason, annotations = excluded.annotations,
                    compressed_size = excluded.compressed_size, arch = excluded.arch, distro = excluded.distro,
                    distro_version = excluded.distro_version, dockerfile_mode = excluded.dockerfile_mode,
                    image_size = excluded.image_size, layer_count = excluded.layer_count, queued_at = excluded.queued_at
                """,
            arguments: [
                image.account, image.digest.description, image.parentDigest.description, image.imageType,
                image.analysisStatus.rawValue, image.imageStatus.rawValue, image.createdAt.timeIntervalSince1970,
                image.lastUpdated.timeIntervalSince1970, image.analyzedAt?.timeIntervalSince1970, image.failureReason,
                annotations, image.compressedSize, image.arch, image.distro, image.distroVersion, image.dockerfileMode,
                image.imageSize, image.layerCount, image.queuedAt?.timeIntervalSince1970,
            ])
        if image.analysisStatus != .analyzing {
            try db.execute(
                sql: "UPDATE images SET lease_owner = NULL, lease_expires_at = NULL WHERE account = ? AND digest = ?",
                arguments: [image.account, image.digest.description])
        }
        for tag in image.tags {
            try db.execute(
                sql: """
                    INSERT INTO image_tags (account, digest, registry, repository, tag, image_id, dockerfile, created_at,
                        last_updated, tag_detected_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (account, digest, registry, repository, tag) DO UPDATE SET image_id = excluded.image_id,
                        dockerfile = excluded.dockerfile, created_at = excluded.created_at,
                        last_updated = excluded.last_updated, tag_detected_at = excluded.tag_detected_at
                    """,
                arguments: [
                    image.account, image.digest.description, tag.registry, tag.repository, tag.tag, tag.imageID,
                    tag.dockerfile, tag.createdAt.timeIntervalSince1970, tag.lastUpdated.timeIntervalSince1970,
                    tag.tagDetectedAt.timeIntervalSince1970,
                ])
        }
    }

    static func deleteImage(account: String, digest: Digest, _ db: GRDB.Database) throws {
        for table in ["image_tags", "artifacts", "images"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE account = ? AND digest = ?", arguments: [account, digest.description])
        }
    }
}
