import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Store

/// The web UI's routes: the pages and their files, log in and out, and the session the page script reads.
/// Everything else the UI shows comes from the REST API, called with the session cookie.
struct WebUIRoutes: Sendable {
    enum SecureCookies: String, Sendable { case auto, always, never }

    let authenticator: Authenticator
    let sessions: SessionStore
    let files: StaticFiles
    let maxCompressedImageSizeMB: Int
    let secureCookies: SecureCookies
    let maxRequestBytes: Int

    /// `/` is the UI for a browser (a request that accepts HTML) and Anchore's `"v1"` for anything else.
    func register(on router: Router<DrydockContext>, ping: @escaping @Sendable (Request, DrydockContext) async throws -> Response) {
        router.get("/") { request, context in
            guard Self.wantsHTML(request) else { return try await ping(request, context) }
            return try await page("index.html", request: request)
        }
        router.get("/login") { request, _ in
            guard let response = files.response("login.html") else { throw APIError.notFound("the web UI files are missing") }
            return response
        }
        router.post("/login", use: login)
        router.post("/logout", use: logout)
        router.get("/session", use: session)
        router.get("/ui/**") { _, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            guard let response = files.response(path) else { throw APIError.notFound("no such file: /ui/\(path)") }
            return response
        }
    }

    static func wantsHTML(_ request: Request) -> Bool {
        request.headers[values: .accept].contains { $0.contains("text/html") }
    }

    /// A page that needs a session: served when there is one, else a redirect to the login page.
    func page(_ name: String, request: Request) async throws -> Response {
        guard await sessions.session(for: request) != nil else {
            return Response(status: .seeOther, headers: [.location: "/login"])
        }
        guard let response = files.response(name) else { throw APIError.notFound("the web UI files are missing") }
        return response
    }

    struct Credentials: Decodable {
        var username: String
        var password: String
    }

    /// `POST /login` with `{"username", "password"}` (JSON, or a form): starts a session.
    @Sendable func login(_ request: Request, context: DrydockContext) async throws -> Response {
        try WebUI.checkOrigin(request)
        var request = request
        let body = try await request.collectBody(upTo: min(maxRequestBytes, 64 * 1024))
        let text = String(buffer: body)
        let credentials: Credentials
        if request.headers[.contentType]?.contains("application/x-www-form-urlencoded") == true {
            let fields = Self.formFields(text)
            credentials = Credentials(username: fields["username"] ?? "", password: fields["password"] ?? "")
        } else {
            do {
                credentials = try JSONDecoder().decode(Credentials.self, from: Data(text.utf8))
            } catch {
                throw APIError.badRequest("send {\"username\": …, \"password\": …}")
            }
        }
        guard !credentials.username.isEmpty, !credentials.password.isEmpty else {
            throw APIError.badRequest("Enter a username and a password")
        }
        guard let identity = try await authenticator.authenticate(username: credentials.username, password: credentials.password) else {
            throw APIError(.unauthorized, "Wrong username or password")
        }
        guard identity.account.state == .enabled else {
            throw APIError(.forbidden, "Account \(identity.account.name) is not enabled")
        }
        let (token, session) = try await sessions.create(username: identity.user)
        var response = try jsonResponse(object: [
            "username": identity.user, "account": identity.account.name, "role": identity.roleName,
            "csrf_token": session.csrfToken,
        ])
        response.headers[.setCookie] = WebUI.cookie(token, secure: isSecure(request))
        return response
    }

    /// `POST /logout` (with the CSRF token): ends the session.
    @Sendable func logout(_ request: Request, context: DrydockContext) async throws -> Response {
        if let (token, session) = await sessions.session(for: request) {
            try WebUI.checkCSRF(request, expected: session.csrfToken)
            try await sessions.end(token: token)
        }
        var response = Response(status: .noContent)
        response.headers[.setCookie] = WebUI.cookie(nil, secure: isSecure(request))
        return response
    }

    /// `GET /session`: who is logged in, what they may do, the CSRF token and the settings the pages show.
    @Sendable func session(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let (token, session) = await sessions.session(for: request),
              let identity = try await authenticator.identity(ofUser: session.username)
        else { throw UnauthorizedError.sessionExpired }
        guard identity.account.state == .enabled else {
            try await sessions.end(token: token)
            throw APIError(.forbidden, "Account \(identity.account.name) is not enabled")
        }
        return try jsonResponse(object: [
            "username": identity.user, "account": identity.account.name, "account_type": identity.account.type.rawValue,
            "role": identity.roleName, "csrf_token": session.csrfToken,
            "permissions": identity.permissions.sorted().map(\.rawValue),
            "max_compressed_image_size_mb": maxCompressedImageSizeMB,
            "session_idle_timeout_seconds": Int(sessions.idleTimeout.components.seconds),
            "version": drydockVersion,
        ])
    }

    func isSecure(_ request: Request) -> Bool {
        switch secureCookies {
        case .always: true
        case .never: false
        case .auto: request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
        }
    }

    static func formFields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if let key = parts.first { fields[key] = parts.count > 1 ? parts[1] : "" }
        }
        return fields
    }
}
