public import Foundation
import GRDB

extension SQLiteStore: NotificationStore {
    public func saveNotification(_ notification: QueuedNotification) async throws(StoreError) {
        try await write { db in
            let delivered = String(decoding: try JSONEncoder().encode(notification.deliveredTargets), as: UTF8.self)
            try db.execute(
                sql: """
                    INSERT INTO notifications (id, account, notification_type, payload, created_at, last_updated,
                        tries, next_attempt_at, expires_at, delivered_targets, last_error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET last_updated = excluded.last_updated, tries = excluded.tries,
                        next_attempt_at = excluded.next_attempt_at, expires_at = excluded.expires_at,
                        delivered_targets = excluded.delivered_targets, last_error = excluded.last_error
                    """,
                arguments: [
                    notification.id, notification.account, notification.type, notification.payload,
                    notification.createdAt.timeIntervalSince1970, notification.lastUpdated.timeIntervalSince1970,
                    notification.tries, notification.nextAttemptAt.timeIntervalSince1970,
                    notification.expiresAt.timeIntervalSince1970, delivered, notification.lastError,
                ])
        }
    }

    public func dueNotifications(now: Date, limit: Int) async throws(StoreError) -> [QueuedNotification] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM notifications WHERE next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?",
                arguments: [now.timeIntervalSince1970, max(0, limit)]
            ).map(QueuedNotification.init(row:))
        }
    }

    public func claimNotification(id: String, now: Date, until: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE notifications SET next_attempt_at = ? WHERE id = ? AND next_attempt_at <= ?",
                arguments: [until.timeIntervalSince1970, id, now.timeIntervalSince1970])
            return db.changesCount > 0
        }
    }

    public func nextNotificationDue() async throws(StoreError) -> Date? {
        try await read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM notifications").map(Date.init(timeIntervalSince1970:))
        }
    }

    public func pendingNotifications(account: String?) async throws(StoreError) -> [QueuedNotification] {
        try await read { db in
            let rows = if let account {
                try Row.fetchAll(db, sql: "SELECT * FROM notifications WHERE account = ? ORDER BY created_at, id", arguments: [account])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM notifications ORDER BY created_at, id")
            }
            return try rows.map(QueuedNotification.init(row:))
        }
    }

    @discardableResult
    public func deleteNotification(id: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM notifications WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}

extension QueuedNotification {
    init(row: Row) throws {
        let deliveredText: String = row["delivered_targets"]
        guard let delivered = try? JSONDecoder().decode([String].self, from: Data(deliveredText.utf8)) else {
            throw StoreError(.corrupt, "notification \(row["id"] as String? ?? "?") has malformed delivered targets")
        }
        self.init(
            id: row["id"], account: row["account"], type: row["notification_type"], payload: row["payload"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]), expiresAt: Date(timeIntervalSince1970: row["expires_at"]),
            tries: row["tries"], nextAttemptAt: Date(timeIntervalSince1970: row["next_attempt_at"]),
            deliveredTargets: delivered, lastError: row["last_error"], lastUpdated: Date(timeIntervalSince1970: row["last_updated"]))
    }
}
