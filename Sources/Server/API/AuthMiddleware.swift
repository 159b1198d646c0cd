import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import Store

/// Checks HTTP Basic credentials against the users table. Bcrypt is slow by design, so a successful check is
/// remembered for a minute (keyed by a hash of the credentials, never the password itself), with the password hash
/// it was checked against. A remembered check still reads the user and account rows: a password changed, a user
/// deleted, a role changed or an account disabled — by this process or another on the same database — takes effect
/// at the next request, and only the bcrypt run is saved. Any change made here also forgets every remembered check.
actor Authenticator {
    let store: any AccountStore
    private var verified: [SHA256.Digest: (passwordHash: String, until: ContinuousClock.Instant)] = [:]
    private var inFlight: [SHA256.Digest: Task<(identity: Identity, passwordHash: String)?, any Error>] = [:]
    private var generation = 0
    let ttl: Duration

    init(store: any AccountStore, ttl: Duration = .seconds(60)) {
        self.store = store
        self.ttl = ttl
    }

    /// The identity for these credentials, or nil when they are wrong. Concurrent checks of the same
    /// credentials share one bcrypt run (a burst of requests would otherwise each pay for it).
    func authenticate(username: String, password: String) async throws -> Identity? {
        let key = SHA256.hash(data: Data("\(username)\u{0}\(password)".utf8))
        let now = ContinuousClock.now
        let store = self.store
        if let entry = verified[key], entry.until > now {
            // The rows as they are now: the same password hash means the same password still opens it.
            if let user = try await store.user(named: username), user.passwordHash == entry.passwordHash,
               let account = try await store.account(named: user.account) {
                return Identity(user: user, account: account)
            }
            verified[key] = nil
        }
        if let running = inFlight[key] { return try await running.value.map(\.identity) }
        let check = Task<(identity: Identity, passwordHash: String)?, any Error> {
            guard let user = try await store.user(named: username) else {
                _ = await Task.detached { Bcrypt.verify(password, hash: Self.decoyHash) }.value  // same time either way
                return nil
            }
            let hash = user.passwordHash
            let matches = await Task.detached { Bcrypt.verify(password, hash: hash) }.value
            guard matches, let account = try await store.account(named: user.account) else { return nil }
            return (Identity(user: user, account: account), hash)
        }
        inFlight[key] = check
        let started = generation
        defer { inFlight[key] = nil }
        guard let checked = try await check.value else { return nil }
        guard started == generation else { return checked.identity }  // the user changed meanwhile: do not remember
        if verified.count > 10_000 { verified.removeAll() }
        verified[key] = (checked.passwordHash, ContinuousClock.now + ttl)
        return checked.identity
    }

    /// The current identity of a user already authenticated another way (a UI session); nil when the user is gone.
    func identity(ofUser username: String) async throws -> Identity? {
        guard let user = try await store.user(named: username), let account = try await store.account(named: user.account) else {
            return nil
        }
        return Identity(user: user, account: account)
    }

    /// Forgets every remembered check: called after an account or user changes (state, password, role, removal).
    func forgetAll() {
        verified.removeAll()
        generation += 1
    }

    /// A bcrypt hash of a random password, verified against when the user does not exist.
    static let decoyHash = Bcrypt.hash(UUID().uuidString, cost: 10)

    /// The bcrypt hash of a new password, off the cooperative pool (it takes tens of milliseconds by design).
    static func hash(_ password: String) async -> String {
        await Task.detached { Bcrypt.hash(password, cost: 10) }.value
    }
}

/// Authenticates every route it wraps — HTTP Basic (the CLI) or the UI's session cookie with its CSRF token on
/// changes — resolves the account the request acts on and checks the caller's role allows the route.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = DrydockContext
    let authenticator: Authenticator
    let sessions: SessionStore

    func handle(_ request: Request, context: DrydockContext, next: (Request, DrydockContext) async throws -> Response) async throws -> Response {
        var identity = try await authenticate(request)
        guard identity.account.state == .enabled else {
            throw APIError(.forbidden, "Not authorized. Account \(identity.account.name) not enabled.")
        }
        if let requested = request.headers[HTTPField.Name("x-anchore-account")!], !requested.isEmpty, requested != identity.account.name {
            guard identity.isAdmin else {
                throw APIError(.forbidden, "Not authorized. Requires permissions: domain=\(requested) action=* target=*")
            }
            // The account acted on must exist and be enabled, or what the request stores would belong to no one.
            guard let account = try await authenticator.store.account(named: requested) else {
                throw APIError(.notFound, "Account \(requested) not found (x-anchore-account)")
            }
            guard account.state == .enabled else {
                throw APIError(.forbidden, "Not authorized. Account \(requested) not enabled.")
            }
            identity.namespace = requested
        }
        let requirement = Requirement.of(method: request.method, path: request.uri.path, caller: identity.user)
        guard requirement.isMet(by: identity) else { throw requirement.refusal(for: identity) }
        var context = context
        context.identity = identity
        return try await next(request, context)
    }

    func authenticate(_ request: Request) async throws -> Identity {
        let fromUI = request.headers[HTTPField.Name("X-Requested-With")!] == WebUI.requestedWith
        if let header = request.headers[.authorization] {
            guard header.lowercased().hasPrefix("basic "),
                  let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                  let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":"),
                  let identity = try await authenticator.authenticate(
                      username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
            else { throw UnauthorizedError(challenge: !fromUI) }
            return identity
        }
        guard WebUI.sessionToken(in: request) != nil else { throw UnauthorizedError(challenge: !fromUI) }
        guard let (_, session) = await sessions.session(for: request),
              let identity = try await authenticator.identity(ofUser: session.username)
        else { throw UnauthorizedError.sessionExpired }
        if !WebUI.isSafe(request.method) {
            try WebUI.checkCSRF(request, expected: session.csrfToken)
        }
        return identity
    }
}
