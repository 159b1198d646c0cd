public import Foundation
import GRDB

extension SQLiteStore: WebSessionStore {
    public func insert(_ session: WebSession) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO web_sessions (token_hash, username, csrf_token, created_at, last_seen) VALUES (?, ?, ?, ?, ?)",
                arguments: [session.tokenHash, session.username, session.csrfToken, session.createdAt.timeIntervalSince1970,
                            session.lastSeen.timeIntervalSince1970])
        }
    }

    public func webSession(tokenHash: String) async throws(StoreError) -> WebSession? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM web_sessions WHERE token_hash = ?", arguments: [tokenHash]).map { row in
                WebSession(
                    tokenHash: row["token_hash"], username: row["username"], csrfToken: row["csrf_token"],
                    createdAt: Date(timeIntervalSince1970: row["created_at"]), lastSeen: Date(timeIntervalSince1970: row["last_seen"]))
            }
        }
    }

    @discardableResult
    public func touchWebSession(tokenHash: String, lastSeen: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE web_sessions SET last_seen = ? WHERE token_hash = ?", arguments: [lastSeen.timeIntervalSince1970, tokenHash])
            return db.changesCount > 0
        }
    }

    public func deleteWebSession(tokenHash: String) async throws(StoreError) {
        try await write { db in try db.execute(sql: "DELETE FROM web_sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    public func deleteWebSessions(usernames: [String]) async throws(StoreError) {
        guard !usernames.isEmpty else { return }
        try await write { db in
            let marks = Array(repeating: "?", count: usernames.count).joined(separator: ",")
            try db.execute(sql: "DELETE FROM web_sessions WHERE username IN (\(marks))", arguments: StatementArguments(usernames))
        }
    }

    @discardableResult
    public func deleteWebSessions(idleSince: Date, startedBefore: Date) async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM web_sessions WHERE last_seen < ? OR created_at < ?",
                arguments: [idleSince.timeIntervalSince1970, startedBefore.timeIntervalSince1970])
            return db.changesCount
        }
    }
}
