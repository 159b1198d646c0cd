import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The web UI's HTTP conventions: the session cookie, the CSRF token, the security headers and the static files
/// (plain HTML, CSS and JavaScript modules under `Sources/Server/UI`, shipped as the target's resources).
enum WebUI {
    static let cookieName = "drydock_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    /// The UI sends `X-Requested-With: drydock-ui` so a 401 carries no Basic challenge (no browser password popup).
    static let requestedWith = "drydock-ui"

    /// Nothing from outside the server: scripts, styles, fonts and fetches are same-origin only.
    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    static var securityHeaders: HTTPFields {
        [
            HTTPField.Name("Content-Security-Policy")!: contentSecurityPolicy,
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("Referrer-Policy")!: "same-origin",
            .cacheControl: "no-cache",
        ]
    }

    static func isSafe(_ method: HTTPRequest.Method) -> Bool { method == .get || method == .head || method == .options }

    /// The session token from the `Cookie` header(s).
    static func sessionToken(in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == cookieName else { continue }
                let value = parts[1].trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { return value }
            }
        }
        return nil
    }

    /// A change made with a session needs its CSRF token in `X-CSRF-Token` and, when the browser names one, a
    /// same-origin `Origin`.
    static func checkCSRF(_ request: Request, expected: String) throws {
        try checkOrigin(request)
        guard let sent = request.headers[csrfHeader], constantTimeEqual(sent, expected) else {
            throw APIError(.forbidden, "CSRF token missing or invalid: reload the page and try again")
        }
    }

    /// Refuses a request whose `Origin` names another site than the `Host` it was sent to.
    static func checkOrigin(_ request: Request) throws {
        guard let origin = request.headers[HTTPField.Name("Origin")!], origin != "null" else { return }
        let host = request.headers[HTTPField.Name("Host")!] ?? request.head.authority ?? ""
        guard let url = URL(string: origin), let originHost = url.host else {
            throw APIError(.forbidden, "cross-origin request refused")
        }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        guard originAuthority.lowercased() == host.lowercased() else { throw APIError(.forbidden, "cross-origin request refused") }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// The `Set-Cookie` value that starts (token) or ends (nil) a session.
    static func cookie(_ token: String?, secure: Bool) -> String {
        var parts = ["\(cookieName)=\(token ?? "")", "Path=/", "HttpOnly", "SameSite=Strict"]
        if token == nil { parts.append("Max-Age=0") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    static let contentTypes = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8", "svg": "image/svg+xml", "png": "image/png", "ico": "image/x-icon",
        "json": "application/json", "txt": "text/plain; charset=utf-8",
    ]
}

/// The UI's files on disk: a folder given by the configuration (`ui_dir`, for working on the UI without
/// rebuilding) or the `UI` resources built into the binary's bundle.
struct StaticFiles: Sendable {
    let root: URL?

    init(directory: String?) {
        if let directory, !directory.isEmpty {
            root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        } else {
            root = Bundle.module.url(forResource: "UI", withExtension: nil)?.standardizedFileURL
        }
    }

    /// The file at a relative path (segments of letters, digits, `.`, `-` and `_`; no `..`), or nil.
    func file(_ relative: String) -> (data: Data, contentType: String)? {
        guard let root else { return nil }
        let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.isEmpty, segments.allSatisfy({ segment in
            !segment.isEmpty && !segment.hasPrefix(".") && segment.allSatisfy { $0.isLetter || $0.isNumber || "._-".contains($0) }
        }) else { return nil }
        let url = root.appendingPathComponent(relative).standardizedFileURL
        guard url.path.hasPrefix(root.path + "/"),
              let ext = relative.split(separator: ".").last.map(String.init), let type = WebUI.contentTypes[ext.lowercased()],
              let data = try? Data(contentsOf: url)
        else { return nil }
        return (data, type)
    }

    func response(_ relative: String, status: HTTPResponse.Status = .ok) -> Response? {
        guard let (data, type) = file(relative) else { return nil }
        var headers = WebUI.securityHeaders
        headers[.contentType] = type
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
