import Crypto
import Foundation
import Hummingbird

/// The web UI's login sessions, in memory: a random token in an HttpOnly cookie, keyed here by its hash, with
/// a CSRF token the page sends back on every change. A session ends after `idleTimeout` without requests, after
/// `maximumAge` in any case, on logout, and when its user is removed or changes password. Sessions do not survive
/// a restart (users log in again).
actor SessionStore {
    struct Session: Sendable {
        let username: String
        let csrfToken: String
        let createdAt: ContinuousClock.Instant
        var lastSeen: ContinuousClock.Instant
    }

    let idleTimeout: Duration
    let maximumAge: Duration
    /// The clock (tests move it by hand).
    let now: @Sendable () -> ContinuousClock.Instant
    private var sessions: [SHA256.Digest: Session] = [:]
    private var sweptAt: ContinuousClock.Instant

    init(
        idleTimeout: Duration, maximumAge: Duration = .seconds(12 * 3600),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.idleTimeout = idleTimeout
        self.maximumAge = max(idleTimeout, maximumAge)
        self.now = now
        sweptAt = now()
    }

    /// Starts a session: the cookie token and the CSRF token.
    func create(username: String) -> (token: String, session: Session) {
        sweepIfDue()
        let token = Self.randomToken()
        let now = self.now()
        let session = Session(username: username, csrfToken: Self.randomToken(), createdAt: now, lastSeen: now)
        sessions[Self.key(token)] = session
        return (token, session)
    }

    /// The live session for a cookie token, its idle clock restarted; nil when unknown or expired.
    func session(token: String) -> Session? {
        let key = Self.key(token)
        guard var session = sessions[key] else { return nil }
        let now = self.now()
        guard now - session.lastSeen < idleTimeout, now - session.createdAt < maximumAge else {
            sessions[key] = nil
            return nil
        }
        session.lastSeen = now
        sessions[key] = session
        return session
    }

    /// The live session whose token the request's cookie carries, with that token.
    func session(for request: Request) -> (token: String, session: Session)? {
        guard let token = WebUI.sessionToken(in: request), let session = session(token: token) else { return nil }
        return (token, session)
    }

    func end(token: String) { sessions[Self.key(token)] = nil }

    /// Ends every session of a user (removed, or a new password).
    func end(username: String) { sessions = sessions.filter { $0.value.username != username } }

    /// Ends every session of the given users (their account was removed).
    func end(usernames: Set<String>) { sessions = sessions.filter { !usernames.contains($0.value.username) } }

    var count: Int { sessions.count }

    private func sweepIfDue() {
        let now = self.now()
        guard now - sweptAt > .seconds(60) else { return }
        sweptAt = now
        sessions = sessions.filter { now - $0.value.lastSeen < idleTimeout && now - $0.value.createdAt < maximumAge }
    }

    static func key(_ token: String) -> SHA256.Digest { SHA256.hash(data: Data(token.utf8)) }

    /// 32 random bytes, base64url without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
