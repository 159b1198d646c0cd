public import Foundation

/// A web UI login: kept by the hash of its cookie token (the token itself is never stored), so that every api
/// process sharing the store knows it.
public struct WebSession: Sendable, Hashable {
    /// Hex SHA-256 of the cookie token.
    public var tokenHash: String
    public var username: String
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeen: Date

    public init(tokenHash: String, username: String, csrfToken: String, createdAt: Date, lastSeen: Date) {
        self.tokenHash = tokenHash
        self.username = username
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeen = lastSeen
    }
}

/// The web UI's sessions.
public protocol WebSessionStore: Sendable {
    func insert(_ session: WebSession) async throws(StoreError)
    func webSession(tokenHash: String) async throws(StoreError) -> WebSession?
    /// Moves a session's last request time; false when there is no such session.
    @discardableResult
    func touchWebSession(tokenHash: String, lastSeen: Date) async throws(StoreError) -> Bool
    func deleteWebSession(tokenHash: String) async throws(StoreError)
    /// Ends the sessions of these users (removed, or a new password).
    func deleteWebSessions(usernames: [String]) async throws(StoreError)
    /// Ends the sessions idle since before `idleSince` or started before `startedBefore`; returns how many.
    @discardableResult
    func deleteWebSessions(idleSince: Date, startedBefore: Date) async throws(StoreError) -> Int
}

extension MemoryStore: WebSessionStore {
    public func insert(_ session: WebSession) async throws(StoreError) {
        guard webSessions[session.tokenHash] == nil else { throw StoreError(.conflict, "the record already exists") }
        webSessions[session.tokenHash] = session
    }

    public func webSession(tokenHash: String) async throws(StoreError) -> WebSession? { webSessions[tokenHash] }

    @discardableResult
    public func touchWebSession(tokenHash: String, lastSeen: Date) async throws(StoreError) -> Bool {
        guard webSessions[tokenHash] != nil else { return false }
        webSessions[tokenHash]?.lastSeen = lastSeen
        return true
    }

    public func deleteWebSession(tokenHash: String) async throws(StoreError) { webSessions[tokenHash] = nil }

    public func deleteWebSessions(usernames: [String]) async throws(StoreError) {
        let doomed = Set(usernames)
        webSessions = webSessions.filter { !doomed.contains($0.value.username) }
    }

    @discardableResult
    public func deleteWebSessions(idleSince: Date, startedBefore: Date) async throws(StoreError) -> Int {
        let before = webSessions.count
        webSessions = webSessions.filter { $0.value.lastSeen >= idleSince && $0.value.createdAt >= startedBefore }
        return before - webSessions.count
    }
}
