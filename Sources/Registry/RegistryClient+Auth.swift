import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// What the client has learned about each registry's auth: its challenge and the bearer tokens it issued.
actor AuthState {
    struct Token {
        var value: String
        var expires: ContinuousClock.Instant
    }

    private var challenges: [String: AuthChallenge] = [:]
    private var tokens: [String: Token] = [:]
    /// How many tokens were fetched from token services (for tests and metrics).
    private(set) var tokensFetched = 0

    func challenge(for registry: String) -> AuthChallenge? { challenges[registry] }
    func remember(_ challenge: AuthChallenge, for registry: String) { challenges[registry] = challenge }

    func token(for key: String) -> String? {
        guard let token = tokens[key], token.expires > .now else {
            tokens[key] = nil
            return nil
        }
        return token.value
    }

    func store(_ value: String, for key: String, lifetime: Duration) {
        tokens[key] = Token(value: value, expires: .now + lifetime)
        tokensFetched += 1
    }

    func forget(_ key: String) { tokens[key] = nil }
}

extension RegistryClient {
    /// How many bearer tokens this client has fetched; cached tokens are reused until they expire.
    public var tokensFetched: Int {
        get async { await auth.tokensFetched }
    }

    /// The `Authorization` value to send first, from what earlier challenges taught us.
    func authorization(for operation: Operation) async throws(RegistryError) -> String? {
        switch await auth.challenge(for: operation.registry) {
        case nil, .none?:
            return nil
        case .basic?:
            return configuration.credentials.credentials(forRegistry: operation.registry)?.basicAuthorization
        case .bearer(let realm, let service, let scope)?:
            return try await bearer(realm: realm, service: service, scope: operation.scope ?? scope, operation: operation)
        }
    }

    /// Answers a 401 challenge: fetches a fresh token or uses Basic credentials.
    func answer(
        _ challenge: AuthChallenge, for operation: Operation, discarding sent: String?
    ) async throws(RegistryError) -> String {
        await auth.remember(challenge, for: operation.registry)
        switch challenge {
        case .none:
            throw RegistryError(.unauthorized, "registry \(operation.registry) answered 401 without a challenge")
        case .basic:
            guard let credentials = configuration.credentials.credentials(forRegistry: operation.registry) else {
                throw RegistryError(
                    .unauthorized,
                    "registry \(operation.registry) requires a user name and password (HTTP Basic), and none are configured for it")
            }
            if sent == credentials.basicAuthorization {
                throw RegistryError(.unauthorized, "registry \(operation.registry) refused the password of user \(credentials.username)")
            }
            return credentials.basicAuthorization
        case .bearer(let realm, let service, let scope):
            let scope = operation.scope ?? scope
            await auth.forget(tokenKey(operation.registry, service, scope))
            return try await bearer(realm: realm, service: service, scope: scope, operation: operation)
        }
    }

    private func tokenKey(_ registry: String, _ service: String?, _ scope: String?) -> String {
        "\(registry)|\(service ?? "")|\(scope ?? "")"
    }

    /// A bearer token for a scope: cached until it expires, else fetched from the realm with Basic credentials
    /// when the registry has some configured.
    private func bearer(
        realm: String, service: String?, scope: String?, operation: Operation
    ) async throws(RegistryError) -> String {
        let key = tokenKey(operation.registry, service, scope)
        if let token = await auth.token(for: key) { return "Bearer \(token)" }

        guard var components = URLComponents(string: realm), components.host != nil else {
            throw RegistryError(.protocolViolation, "registry \(operation.registry) named an invalid token realm \"\(realm)\"")
        }
        var query = components.queryItems ?? []
        if let service { query.append(URLQueryItem(name: "service", value: service)) }
        if let scope { query.append(URLQueryItem(name: "scope", value: scope)) }
        components.queryItems = query
        guard let url = components.url?.absoluteString else {
            throw RegistryError(.protocolViolation, "cannot build a token request from realm \"\(realm)\"")
        }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        let credentials = configuration.credentials.credentials(forRegistry: operation.registry)
        if let credentials { request.headers.add(name: "Authorization", value: credentials.basicAuthorization) }

        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await http.execute(request, timeout: .seconds(30), logger: logger)
            body = try await response.body.collect(upTo: 1024 * 1024)
        } catch {
            throw RegistryError(.unreachable, "cannot reach the token service \(realm) of registry \(operation.registry)", cause: error)
        }
        guard response.status.code == 200 else {
            let who = credentials.map { "user \($0.username)" } ?? "anonymous access"
            let code: RegistryError.Code = response.status.code == 401 || response.status.code == 403 ? .unauthorized : .rejected
            throw RegistryError(
                code,
                "the token service \(realm) of registry \(operation.registry) refused \(who) (HTTP \(response.status.code)): \(String(String(buffer: body).prefix(200)))")
        }
        struct TokenResponse: Decodable {
            var token: String?
            var accessToken: String?
            var expiresIn: Int?
            enum CodingKeys: String, CodingKey {
                case token
                case accessToken = "access_token"
                case expiresIn = "expires_in"
            }
        }
        guard let decoded = try? JSONDecoder().decode(TokenResponse.self, from: Data(buffer: body)),
            let token = decoded.token ?? decoded.accessToken, !token.isEmpty
        else {
            throw RegistryError(.protocolViolation, "the token service \(realm) answered without a token")
        }
        // Tokens default to 60 s (distribution spec); renew a little early.
        let lifetime = max(decoded.expiresIn ?? 60, 1)
        await auth.store(token, for: key, lifetime: .seconds(Double(lifetime) * 0.9))
        return "Bearer \(token)"
    }
}
