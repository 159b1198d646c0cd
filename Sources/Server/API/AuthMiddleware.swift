import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import Store

/// Checks HTTP Basic credentials against the users table. Bcrypt is slow by design, so a successful check is
/// remembered for a minute (keyed by a hash of the credentials, never the password itself).
actor Authenticator {
    let store: any AccountStore
    private var verified: [SHA256.Digest: (identity: Identity, until: ContinuousClock.Instant)] = [:]
    private var inFlight: [SHA256.Digest: Task<Identity?, any Error>] = [:]
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
        if let entry = verified[key], entry.until > now { return entry.identity }
        if let running = inFlight[key] { return try await running.value }
        let store = self.store
        let check = Task<Identity?, any Error> {
            guard let user = try await store.user(named: username) else { return nil }
            let hash = user.passwordHash
            let matches = await Task.detached { Bcrypt.verify(password, hash: hash) }.value
            guard matches, let account = try await store.account(named: user.account) else { return nil }
            return Identity(user: username, account: account, namespace: account.name)
        }
        inFlight[key] = check
        defer { inFlight[key] = nil }
        guard let identity = try await check.value else { return nil }
        if verified.count > 10_000 { verified.removeAll() }
        verified[key] = (identity, ContinuousClock.now + ttl)
        return identity
    }
}

/// Requires Basic auth on every route it wraps and resolves the account the request acts on.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = DrydockContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: DrydockContext, next: (Request, DrydockContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { throw UnauthorizedError() }
        guard var identity = try await authenticator.authenticate(
            username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        else { throw UnauthorizedError() }
        guard identity.account.state == .enabled else {
            throw APIError(.forbidden, "Not authorized. Account \(identity.account.name) not enabled.")
        }
        if let requested = request.headers[HTTPField.Name("x-anchore-account")!], !requested.isEmpty, requested != identity.account.name {
            guard identity.account.type == .admin else {
                throw APIError(.forbidden, "Not authorized. Requires permissions: domain=\(requested) action=* target=*")
            }
            identity.namespace = requested
        }
        var context = context
        context.identity = identity
        return try await next(request, context)
    }
}
