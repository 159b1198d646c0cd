import Crypto
import Foundation
import Hummingbird
import Store

/// The web UI's login sessions: a random token in an HttpOnly cookie, kept in the store by its hash (so every api
/// process sharing the database knows it, and a restart keeps users logged in), with a CSRF token the page sends
/// back on every change. A session ends after `idleTimeout` without requests, after `maximumAge` in any case, on
/// logout, and when its user is removed or changes password.
final class SessionStore: Sendable {
    struct Session: Sendable {
        let username: String
        let csrfToken: String
        let createdAt: Date
        var lastSeen: Date
    }

    let store: any WebSessionStore
    let idleTimeout: Duration
    let maximumAge: Duration
    /// The clock (tests move it by hand).
    let now: @Sendable () -> Date
    /// A request moves a session's stored last-seen time only when it is older than this: one write per session
    /// per interval, not per request.
    static let touchInterval: TimeInterval = 5

    init(
        store: any WebSessionStore, idleTimeout: Duration, maximumAge: Duration = .seconds(12 * 3600),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.idleTimeout = idleTimeout
        self.maximumAge = max(idleTimeout, maximumAge)
        self.now = now
    }

    /// Starts a session: the cookie token and the CSRF token. Expired sessions are swept first.
    func create(username: String) async throws -> (token: String, session: Session) {
        let now = self.now()
        try await store.deleteWebSessions(idleSince: now - idleTimeout.seconds, startedBefore: now - maximumAge.seconds)
        let token = Self.randomToken()
        let session = Session(username: username, csrfToken: Self.randomToken(), createdAt: now, lastSeen: now)
        try await store.insert(WebSession(
            tokenHash: Self.key(token), username: username, csrfToken: session.csrfToken, createdAt: now, lastSeen: now))
        return (token, session)
    }

    /// The live session for a cookie token, its idle clock restarted; nil when unknown, expired or unreadable.
    func session(token: String) async -> Session? {
        let key = Self.key(token)
        guard let stored = try? await store.webSession(tokenHash: key) else { return nil }
        let now = self.now()
        guard now.timeIntervalSince(stored.lastSeen) < idleTimeout.seconds, now.timeIntervalSince(stored.createdAt) < maximumAge.seconds else {
            try? await store.deleteWebSession(tokenHash: key)
            return nil
        }
        if now.timeIntervalSince(stored.lastSeen) >= Self.touchInterval {
            try? await store.touchWebSession(tokenHash: key, lastSeen: now)
        }
        return Session(username: stored.username, csrfToken: stored.csrfToken, createdAt: stored.createdAt, lastSeen: now)
    }

    /// The live session whose token the request's cookie carries, with that token.
    func session(for request: Request) async -> (token: String, session: Session)? {
        guard let token = WebUI.sessionToken(in: request), let session = await session(token: token) else { return nil }
        return (token, session)
    }

    func end(token: String) async throws { try await store.deleteWebSession(tokenHash: Self.key(token)) }

    /// Ends every session of a user (removed, or a new password).
    func end(username: String) async throws { try await store.deleteWebSessions(usernames: [username]) }

    /// Ends every session of the given users (their account was removed).
    func end(usernames: Set<String>) async throws { try await store.deleteWebSessions(usernames: Array(usernames)) }

    /// Hex SHA-256 of a token: what the store keeps.
    static func key(_ token: String) -> String { SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined() }

    /// 32 random bytes, base64url without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

extension Duration {
    /// The duration in seconds, as `TimeInterval`.
    var seconds: TimeInterval { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
