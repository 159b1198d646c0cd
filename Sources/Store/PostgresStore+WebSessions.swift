public import Foundation
import PostgresNIO

extension PostgresStore: WebSessionStore {
    public func insert(_ session: WebSession) async throws(StoreError) {
        try await rows("""
            INSERT INTO web_sessions (token_hash, username, csrf_token, created_at, last_seen)
            VALUES (\(session.tokenHash), \(session.username), \(session.csrfToken), \(session.createdAt.timeIntervalSince1970),
                \(session.lastSeen.timeIntervalSince1970))
            """)
    }

    public func webSession(tokenHash: String) async throws(StoreError) -> WebSession? {
        let found = try await rows("SELECT * FROM web_sessions WHERE token_hash = \(tokenHash)").first
        return try found.map { row throws(StoreError) in
            try decodeRow("web session") {
                WebSession(
                    tokenHash: try row.value("token_hash"), username: try row.value("username"), csrfToken: try row.value("csrf_token"),
                    createdAt: try row.date("created_at"), lastSeen: try row.date("last_seen"))
            }
        }
    }

    @discardableResult
    public func touchWebSession(tokenHash: String, lastSeen: Date) async throws(StoreError) -> Bool {
        try await !rows("UPDATE web_sessions SET last_seen = \(lastSeen.timeIntervalSince1970) WHERE token_hash = \(tokenHash) RETURNING token_hash").isEmpty
    }

    public func deleteWebSession(tokenHash: String) async throws(StoreError) {
        try await rows("DELETE FROM web_sessions WHERE token_hash = \(tokenHash)")
    }

    public func deleteWebSessions(usernames: [String]) async throws(StoreError) {
        guard !usernames.isEmpty else { return }
        try await rows("DELETE FROM web_sessions WHERE username = ANY(\(usernames))")
    }

    @discardableResult
    public func deleteWebSessions(idleSince: Date, startedBefore: Date) async throws(StoreError) -> Int {
        try await rows("""
            DELETE FROM web_sessions WHERE last_seen < \(idleSince.timeIntervalSince1970) OR created_at < \(startedBefore.timeIntervalSince1970)
            RETURNING token_hash
            """).count
    }
}
