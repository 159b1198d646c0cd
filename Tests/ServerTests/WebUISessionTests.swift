import Foundation
import NIOHTTP1
import Server
import Testing

/// The web UI's server side over real HTTP: log in and out, the session cookie's flags, CSRF and origin checks on
/// changes, idle expiry, sessions ended by a password change, the pages and their files, and `/` still answering
/// `"v1"` to API clients.
@Suite struct WebUISessionTests {
    /// A logged-in browser: its cookie and CSRF token.
    struct Browser {
        var cookie: String
        var csrf: String
        var headers: [String: String] { ["Cookie": "drydock_session=\(cookie)", "X-Requested-With": "drydock-ui"] }
        var changing: [String: String] { headers.merging(["X-CSRF-Token": csrf]) { $1 } }
    }

    static func login(_ api: APIClient, user: String = "admin", password: String = ServiceHarness.password) async throws -> Browser {
        let reply = try await api.call(.POST, "/login", body: #"{"username": "\#(user)", "password": "\#(password)"}"#, user: nil)
        #expect(reply.status == 200, "\(reply.text)")
        let setCookie = try #require(reply.headers.first(name: "Set-Cookie"))
        let token = try #require(setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last.map(String.init))
        return Browser(cookie: token, csrf: try #require(reply.object["csrf_token"] as? String))
    }

    @Test func loginSetsAStrictHttpOnlyCookieAndTheSessionDescribesTheUser() async throws {
        try await ServiceHarness.with { harness in
            let api = harness.api
            let wrong = try await api.call(.POST, "/login", body: #"{"username": "admin", "password": "nope"}"#, user: nil)
            #expect(wrong.status == 401 && wrong.message == "Wrong username or password")
            #expect(wrong.headers.first(name: "Set-Cookie") == nil)
            let unknown = try await api.call(.POST, "/login", body: #"{"username": "ghost", "password": "nope"}"#, user: nil)
            #expect(unknown.status == 401 && unknown.message == "Wrong username or password")
            #expect(try await api.call(.POST, "/login", body: #"{"username": "", "password": ""}"#, user: nil).status == 400)
            #expect(try await api.call(.POST, "/login", body: "username=admin", user: nil).status == 400)

            let reply = try await api.call(.POST, "/login", body: #"{"username": "admin", "password": "\#(ServiceHarness.password)"}"#, user: nil)
            let cookie = try #require(reply.headers.first(name: "Set-Cookie"))
            #expect(cookie.hasPrefix("drydock_session="))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"))  // plain HTTP: a Secure cookie would never come back
            let browser = try await Self.login(api)
            let session = try await api.call(.GET, "/session", user: nil, headers: browser.headers)
            #expect(session.object["username"] as? String == "admin")
            #expect(session.object["role"] as? String == "admin")
            #expect(session.object["csrf_token"] as? String == browser.csrf)
            #expect((session.object["permissions"] as? [String])?.contains("analyze") == true)

            // Behind a TLS proxy the cookie is Secure.
            let proxied = try await api.call(
                .POST, "/login", body: #"{"username": "admin", "password": "\#(ServiceHarness.password)"}"#, user: nil,
                headers: ["X-Forwarded-Proto": "https"])
            #expect(proxied.headers.first(name: "Set-Cookie")?.contains("Secure") == true)

            // A form post works too.
            let form = try await api.call(
                .POST, "/login", body: "username=admin&password=\(ServiceHarness.password)", user: nil,
                headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(form.status == 200)
        }
    }

    @Test func changesNeedTheCSRFTokenAndTheSameOrigin() async throws {
        try await ServiceHarness.with { harness in
            let api = harness.api
            let browser = try await Self.login(api)
            #expect(try await api.call(.GET, "/v1/images", user: nil, headers: browser.headers).status == 200)
            let body = #"{"name": "from-ui"}"#
            let missing = try await api.call(.POST, "/v1/accounts", body: body, user: nil, headers: browser.headers)
            #expect(missing.status == 403 && missing.message.hasPrefix("CSRF token missing or invalid"))
            let forged = try await api.call(
                .POST, "/v1/accounts", body: body, user: nil, headers: browser.headers.merging(["X-CSRF-Token": "forged"]) { $1 })
            #expect(forged.status == 403)
            let crossSite = try await api.call(
                .POST, "/v1/accounts", body: body, user: nil, headers: browser.changing.merging(["Origin": "http://evil.example"]) { $1 })
            #expect(crossSite.status == 403 && crossSite.message == "cross-origin request refused")
            #expect(try await api.call(.GET, "/v1/accounts/from-ui").status == 404, "nothing was created")
            let made = try await api.call(.POST, "/v1/accounts", body: body, user: nil, headers: browser.changing)
            #expect(made.status == 200, "\(made.text)")
            // Another session's token is not this session's.
            let second = try await Self.login(api)
            #expect(try await api.call(
                .PUT, "/v1/accounts/from-ui/state", body: #"{"state": "disabled"}"#, user: nil,
                headers: browser.headers.merging(["X-CSRF-Token": second.csrf]) { $1 }).status == 403)
            let crossLogin = try await api.call(
                .POST, "/login", body: #"{"username": "admin", "password": "\#(ServiceHarness.password)"}"#, user: nil,
                headers: ["Origin": "http://evil.example"])
            #expect(crossLogin.status == 403)
        }
    }

    @Test func sessionsEndOnLogoutAndPasswordChange() async throws {
        try await ServiceHarness.with { harness in
            let api = harness.api
            // Logout needs the token, then the cookie is worthless; the 401 is JSON with no Basic challenge.
            let browser = try await Self.login(api)
            #expect(try await api.call(.POST, "/logout", user: nil, headers: browser.headers).status == 403)
            let out = try await api.call(.POST, "/logout", user: nil, headers: browser.changing)
            #expect(out.status == 204 && out.headers.first(name: "Set-Cookie")?.contains("Max-Age=0") == true)
            let after = try await api.call(.GET, "/v1/images", user: nil, headers: browser.headers)
            #expect(after.status == 401 && after.message == "Your session has expired. Log in again.")
            #expect(after.headers.first(name: "WWW-Authenticate") == nil)
            #expect(try await api.call(.GET, "/session", user: nil, headers: browser.headers).status == 401)

            // A new password ends the user's sessions.
            _ = try await api.call(.POST, "/v1/accounts", body: #"{"name": "team"}"#)
            _ = try await api.call(.POST, "/v1/accounts/team/users", body: #"{"username": "carol", "password": "carol-pw", "role": "read-only"}"#)
            let carol = try await Self.login(api, user: "carol", password: "carol-pw")
            #expect(try await api.call(.GET, "/v1/images", user: nil, headers: carol.headers).status == 200)
            #expect(try await api.call(.POST, "/v1/images", body: #"{"tag": "x/y:z"}"#, user: nil, headers: carol.changing).status == 403)
            _ = try await api.call(.POST, "/v1/accounts/team/users/carol/credentials", body: #"{"type": "password", "value": "carol-pw2"}"#)
            #expect(try await api.call(.GET, "/v1/images", user: nil, headers: carol.headers).status == 401)
            // Without credentials at all, API clients still get Anchore's plain 401 with the Basic challenge.
            let bare = try await api.call(.GET, "/v1/images", user: nil)
            #expect(bare.status == 401 && bare.text == "Unauthorized" && bare.headers.first(name: "WWW-Authenticate") != nil)
        }
    }

    @Test func anIdleSessionExpires() async throws {
        try await ServiceHarness.with(configure: { $0.uiSessionTTLSeconds = 3 }) { harness in
            let api = harness.api
            // Idle for longer than the TTL: expired. (Only a lower bound on time here, so a loaded machine cannot make it
            // fail; activity keeping a session alive is in SessionStoreTests, on a clock the test moves.)
            let idle = try await Self.login(api)
            try await Task.sleep(for: .seconds(4))
            let expired = try await api.call(.GET, "/v1/images", user: nil, headers: idle.headers)
            #expect(expired.status == 401 && expired.message == "Your session has expired. Log in again.")
        }
    }

    /// Sessions live in the store: a restart of the service (another api process, on a shared database) keeps the
    /// user logged in.
    @Test func aSessionOutlivesARestartOfTheService() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-sessions-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let browser = try await ServiceHarness.with(dataDirectory: data) { harness in try await Self.login(harness.api) }
        try await ServiceHarness.with(dataDirectory: data) { (harness: ServiceHarness) async throws in
            #expect(try await harness.api.call(.GET, "/session", user: nil, headers: browser.headers).status == 200)
            #expect(try await harness.api.call(.GET, "/v1/images", user: nil, headers: browser.headers).status == 200)
        }
    }

    @Test func pagesAndFilesAreServedWithTheirPolicy() async throws {
        try await ServiceHarness.with { harness in
            let api = harness.api
            let html = ["Accept": "text/html,application/xhtml+xml"]
            #expect(try await api.call(.GET, "/", user: nil).text == "\"v1\"")
            // Not logged in: redirected (303, followed by the client) to the login page.
            let redirect = try await api.call(.GET, "/", user: nil, headers: html)
            #expect(redirect.status == 200 && redirect.text.contains("/ui/login.js") && !redirect.text.contains("/ui/app.js"))
            let login = try await api.call(.GET, "/login", user: nil, headers: html)
            #expect(login.status == 200 && login.text.contains("<form"))
            let policy = try #require(login.headers.first(name: "Content-Security-Policy"))
            #expect(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"))
            let browser = try await Self.login(api)
            let index = try await api.call(.GET, "/", user: nil, headers: browser.headers.merging(html) { $1 })
            #expect(index.status == 200 && index.text.contains("<script type=\"module\""))
            #expect(!index.text.contains("http://") && !index.text.contains("https://"), "no outside scripts or styles")
            let script = try await api.call(.GET, "/ui/app.js", user: nil)
            #expect(script.status == 200 && script.headers.first(name: "Content-Type")?.hasPrefix("text/javascript") == true)
            #expect(try await api.call(.GET, "/ui/style.css", user: nil).headers.first(name: "Content-Type")?.hasPrefix("text/css") == true)
            for bad in ["/ui/../Package.swift", "/ui/%2e%2e/%2e%2e/etc/passwd", "/ui/.hidden", "/ui/nothing.js", "/ui/app.swift"] {
                #expect(try await api.call(.GET, bad, user: nil).status == 404, "\(bad)")
            }
        }
    }
}
