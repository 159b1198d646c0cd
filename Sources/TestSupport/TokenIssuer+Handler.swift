import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers one `GET /token` request: checks credentials, narrows the scopes, mints the JWT.
struct TokenHandler: Sendable {
    let configuration: TokenIssuer.Configuration
    let material: TokenSigningMaterial
    /// Where issued tokens are recorded; nil for tokens minted directly by a test.
    let issued: ServerStateBox<[TokenIssuer.IssuedToken]>?

    private enum Caller {
        case anonymous
        case user(String)
        case rejected
    }

    func respond(to request: Request) -> Response {
        let query = request.uri.queryParameters
        if let service = query["service"], service != configuration.service {
            return json(.badRequest, ["errors": [["code": "INVALID_SERVICE", "message": "unknown service \(service)"]]])
        }
        let scopes = query[values: "scope"].flatMap { $0.split(separator: " ") }.map(String.init)
        let requested = scopes.compactMap { TokenAccess(scope: $0) }

        let subject: String
        let granted: [TokenAccess]
        switch caller(request.headers[.authorization]) {
        case .rejected:
            return unauthorized()
        case .user(let name):
            subject = name
            granted = requested
        case .anonymous:
            subject = "anonymous"
            switch configuration.anonymous {
            case .denied: return unauthorized()
            case .nothing: granted = []
            case .everything: granted = requested
            case .pull:
                granted = requested.compactMap { access in
                    let actions = access.actions.filter { $0 == "pull" }
                    return actions.isEmpty ? nil : TokenAccess(type: access.type, name: access.name, actions: actions)
                }
            }
        }

        do {
            let minted = try mint(subject: subject, access: granted)
            issued?.withLock {
                $0.append(.init(subject: subject, access: granted, requestedScopes: scopes, issuedAt: minted.issuedAt))
            }
            let seconds = Int(configuration.lifetime.components.seconds)
            return json(.ok, [
                "token": minted.token,
                "access_token": minted.token,
                "expires_in": seconds,
                "issued_at": ISO8601DateFormatter().string(from: minted.issuedAt),
            ])
        } catch {
            return json(.internalServerError, ["errors": [["code": "UNKNOWN", "message": "\(error)"]]])
        }
    }

    /// Mints a signed token for `subject` with `access`.
    func mint(subject: String, access: [TokenAccess]) throws -> (token: String, issuedAt: Date) {
        let now = Date()
        let issuedAt = Int(now.timeIntervalSince1970)
        let header: RegistryJWT.Header
        switch configuration.keyIdentification {
        case .keyID: header = .init(kid: material.keyID)
        case .certificateChain: header = .init(x5c: [material.certificateBase64DER])
        }
        let claims = RegistryJWT.Claims(
            iss: configuration.issuer, sub: subject, aud: configuration.service,
            exp: issuedAt + Int(configuration.lifetime.components.seconds), nbf: issuedAt - 1, iat: issuedAt,
            jti: UUID().uuidString, access: access
        )
        return (try RegistryJWT.sign(header: header, claims: claims, key: material.privateKey), now)
    }

    private func caller(_ authorization: String?) -> Caller {
        guard let authorization else { return .anonymous }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let decoded = Data(base64Encoded: String(parts[1])).flatMap({ String(data: $0, encoding: .utf8) }),
              let colon = decoded.firstIndex(of: ":")
        else { return .rejected }
        let user = String(decoded[..<colon])
        let password = String(decoded[decoded.index(after: colon)...])
        if let expected = configuration.username {
            guard user == expected, password == (configuration.password ?? "") else { return .rejected }
        }
        return .user(user)
    }

    private func unauthorized() -> Response {
        var response = json(.unauthorized, ["errors": [["code": "UNAUTHORIZED", "message": "authentication required"]]])
        response.headers[.wwwAuthenticate] = "Basic realm=\"\(configuration.issuer)\""
        return response
    }

    private func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
