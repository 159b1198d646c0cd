import Foundation
import NIOHTTP1
import OCI
import TestSupport
import Testing

/// Accounts, users and roles over real HTTP: the reference 2.10 endpoints and their errors, the whole permission
/// matrix (every role against every kind of route), and isolation between accounts.
@Suite struct AccountAPITests {
    /// The callers of the matrix: the admin and one user per role in account `team`.
    enum Caller: String, CaseIterable, CustomStringConvertible {
        case admin, full = "full-control", readWrite = "read-write", analyzer = "image-analyzer", readOnly = "read-only"
        var user: String { self == .admin ? "admin" : "u-\(rawValue)" }
        var password: String { self == .admin ? ServiceHarness.password : "pw-\(rawValue)" }
        var description: String { rawValue }
    }

    struct Route: CustomStringConvertible {
        var method: HTTPMethod
        var path: String
        var body: String?
        /// The callers allowed through; everyone else must get 403.
        var allowed: Set<Caller>
        var description: String { "\(method) \(path)" }
    }

    static let everyone = Set(Caller.allCases)
    static let analyzers: Set<Caller> = [.admin, .full, .readWrite, .analyzer]
    static let writers: Set<Caller> = [.admin, .full, .readWrite]
    static let zeroDigest = "sha256:" + String(repeating: "0", count: 64)

    /// Every kind of route. Allowed calls may still fail for other reasons (a malformed reference, an unknown
    /// digest — chosen so nothing reaches a network): the test only checks that the refusal is, or is not, the
    /// permission's 403.
    static let routes: [Route] = [
        Route(method: .GET, path: "/v1/images", allowed: everyone),
        Route(method: .GET, path: "/v1/images/\(zeroDigest)", allowed: everyone),
        Route(method: .GET, path: "/v1/summaries/imagetags", allowed: everyone),
        Route(method: .GET, path: "/v1/summaries/vulnerabilities", allowed: everyone),
        Route(method: .POST, path: "/v1/images", body: #"{"tag": "Not A Reference!"}"#, allowed: analyzers),
        Route(method: .DELETE, path: "/v1/images/\(zeroDigest)", allowed: writers),
        Route(method: .DELETE, path: "/v1/images?imageDigests=\(zeroDigest)", allowed: writers),
        Route(method: .POST, path: "/v1/repositories?repository=Not%20A%20Repository&dryrun=true", allowed: analyzers),
        Route(method: .DELETE, path: "/v1/repositories/pending?repository=127.0.0.1:9/none/such", allowed: writers),
        Route(method: .DELETE, path: "/v1/repositories?repository=127.0.0.1:9/none/such", allowed: writers),
        Route(method: .GET, path: "/v1/subscriptions", allowed: everyone),
        Route(method: .POST, path: "/v1/subscriptions", body: #"{"subscription_type": "tag_update", "subscription_key": "127.0.0.1:9/a/b:1"}"#, allowed: analyzers),
        Route(method: .PUT, path: "/v1/subscriptions/none", body: #"{"active": true}"#, allowed: analyzers),
        Route(method: .DELETE, path: "/v1/subscriptions/none", allowed: writers),
        Route(method: .GET, path: "/v1/registries", allowed: everyone),
        Route(method: .POST, path: "/v1/registries?validate=false", body: #"{"registry": "127.0.0.1:9", "registry_user": "u", "registry_pass": "p"}"#, allowed: writers),
        Route(method: .DELETE, path: "/v1/registries/127.0.0.1:9", allowed: writers),
        Route(method: .GET, path: "/v1/events", allowed: everyone),
        Route(method: .DELETE, path: "/v1/events", allowed: writers),
        Route(method: .GET, path: "/v1/system/feeds", allowed: everyone),
        Route(method: .POST, path: "/v1/system/feeds", allowed: [.admin]),
        Route(method: .PUT, path: "/v1/system/feeds/none?enabled=false", allowed: [.admin]),
        Route(method: .GET, path: "/v1/accounts", allowed: [.admin]),
        Route(method: .POST, path: "/v1/accounts", body: #"{"name": "x"}"#, allowed: [.admin]),
        Route(method: .GET, path: "/v1/accounts/team", allowed: everyone),
        Route(method: .PUT, path: "/v1/accounts/team/state", body: #"{"state": "bogus"}"#, allowed: [.admin]),
        Route(method: .DELETE, path: "/v1/accounts/team", allowed: [.admin]),
        Route(method: .GET, path: "/v1/accounts/team/users", allowed: everyone),
        Route(method: .POST, path: "/v1/accounts/team/users", body: #"{"username": "x", "password": "short"}"#, allowed: [.admin, .full]),
        Route(method: .PUT, path: "/v1/accounts/team/users/nobody/role", body: #"{"role": "read-only"}"#, allowed: [.admin, .full]),
        Route(method: .DELETE, path: "/v1/accounts/team/users/nobody", allowed: [.admin, .full]),
        Route(method: .GET, path: "/v1/accounts/other/users", allowed: [.admin]),
        Route(method: .GET, path: "/v1/account", allowed: everyone),
        Route(method: .GET, path: "/v1/user", allowed: everyone),
        Route(method: .GET, path: "/v1/rbac-manager/my_roles", allowed: everyone),
        Route(method: .GET, path: "/v1/images", allowed: [.admin]),  // with x-anchore-account: other (below)
    ]

    static func makeTeam(_ api: APIClient) async throws {
        for account in ["team", "other"] {
            let made = try await api.call(.POST, "/v1/accounts", body: #"{"name": "\#(account)", "email": "\#(account)@example.com"}"#)
            #expect(made.status == 200, "\(made.text)")
        }
        for caller in Caller.allCases where caller != .admin {
            let made = try await api.call(
                .POST, "/v1/accounts/team/users",
                body: #"{"username": "\#(caller.user)", "password": "\#(caller.password)", "role": "\#(caller.rawValue)"}"#)
            #expect(made.status == 200, "\(made.text)")
            #expect(made.object["role"] as? String == caller.rawValue)
        }
    }

    @Test func everyRoleMeetsExactlyItsPermissions() async throws {
        try await ServiceHarness.with { harness in
            let api = harness.api
            try await Self.makeTeam(api)
            var mismatches: [String] = []
            for (index, route) in Self.routes.enumerated() {
                for caller in Caller.allCases {
                    var headers: [String: String] = [:]
                    if index == Self.routes.count - 1 { headers["x-anchore-account"] = "other" }
                    else if caller == .admin { headers["x-anchore-account"] = "team" }
                    let reply = try await api.call(
                        route.method, route.path, body: route.body, user: caller.user, password: caller.password, headers: headers)
                    let refused = reply.status == 403
                    if refused == route.allowed.contains(caller) {
                        mismatches.append("\(caller) \(route): \(reply.status) \(reply.text.prefix(160))")
                    }
                    if refused, !reply.message.hasPrefix("Not authorized. Requires permissions: domain=") {
                        mismatches.append("\(caller) \(route): unexpected 403 text \(reply.text)")
                    }
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        }
    }

    @Test func accountLifecycleFollowsAnchore() async throws {
        try await ServiceHarness.with { harness in
            let api = harness.api
            try await Self.makeTeam(api)
            #expect(try await api.call(.POST, "/v1/accounts", body: #"{"name": "team"}"#).message == "Account already exists")
            #expect(try await api.call(.POST, "/v1/accounts", body: #"{"name": "t"}"#).message.hasPrefix("Invalid account \"t\""))
            #expect(try await api.call(.POST, "/v1/accounts", body: #"{"name": "a/b/c"}"#).status == 400)
            #expect(try await api.call(.POST, "/v1/accounts", body: #"{"name": "svc", "type": "service"}"#).status == 400)
            #expect(try await api.call(.POST, "/v1/accounts", body: #"{"name": "anchore-system"}"#).status == 400)
            #expect(try await api.call(.POST, "/v1/accounts", body: "{not json").status == 400)
            let list = try await api.call(.GET, "/v1/accounts")
            #expect(Set(list.list.compactMap { $0["name"] as? String }) == ["admin", "team", "other"])
            #expect(try await api.call(.GET, "/v1/accounts?state=disabled").list.isEmpty)
            #expect(try await api.call(.GET, "/v1/accounts/nope").status == 404)

            let deleteEnabled = try await api.call(.DELETE, "/v1/accounts/team")
            #expect(deleteEnabled.status == 400)
            #expect(deleteEnabled.message.contains("Invalid account state change requested"))
            #expect(try await api.call(.PUT, "/v1/accounts/admin/state", body: #"{"state": "disabled"}"#).message == "Cannot disable the admin account")
            #expect(try await api.call(.DELETE, "/v1/accounts/admin").message == "Account cannot be deleted")

            // A disabled account's users are refused at once, even with a just-used (remembered) password.
            let full = Caller.full
            #expect(try await api.call(.GET, "/v1/images", user: full.user, password: full.password).status == 200)
            let disabled = try await api.call(.PUT, "/v1/accounts/team/state", body: #"{"state": "disabled"}"#)
            #expect(disabled.object["state"] as? String == "disabled")
            let refused = try await api.call(.GET, "/v1/images", user: full.user, password: full.password)
            #expect(refused.status == 403 && refused.message == "Not authorized. Account team not enabled.")
            #expect(try await api.call(.PUT, "/v1/accounts/team/state", body: #"{"state": "enabled"}"#).status == 200)
            #expect(try await api.call(.GET, "/v1/images", user: full.user, password: full.password).status == 200)

            #expect(try await api.call(.PUT, "/v1/accounts/team/state", body: #"{"state": "disabled"}"#).status == 200)
            let deleted = try await api.call(.DELETE, "/v1/accounts/team")
            #expect(deleted.status == 200 && deleted.object["state"] as? String == "deleting")
            #expect(try await api.call(.GET, "/v1/accounts/team").status == 404)
            #expect(try await api.call(.GET, "/v1/images", user: full.user, password: full.password).status == 401)
        }
    }

    @Test func usersRolesAndPasswords() async throws {
        try await ServiceHarness.with { harness in
            let api = harness.api
            try await Self.makeTeam(api)
            let full = Caller.full, readOnly = Caller.readOnly
            func asFull(_ method: HTTPMethod, _ path: String, _ body: String? = nil) async throws -> APIClient.Reply {
                try await api.call(method, path, body: body, user: full.user, password: full.password)
            }
            let users = try await asFull(.GET, "/v1/accounts/team/users")
            #expect(users.list.count == 4)
            #expect(try await asFull(.POST, "/v1/accounts/team/users", #"{"username": "u-read-only", "password": "whatever"}"#)
                .message == "User already exists")
            #expect(try await asFull(.POST, "/v1/accounts/team/users", #"{"username": "newbie", "password": "12345"}"#)
                .message == "Passwords must be 6 to 128 characters long")
            #expect(try await asFull(.POST, "/v1/accounts/team/users", #"{"username": "newbie", "password": "123456", "role": "god"}"#)
                .message.hasPrefix("Unknown role \"god\""))
            let added = try await asFull(.POST, "/v1/accounts/team/users", #"{"username": "newbie", "password": "123456"}"#)
            #expect(added.object["role"] as? String == "full-control")
            #expect(try await asFull(.GET, "/v1/accounts/team/users/newbie").object["username"] as? String == "newbie")
            #expect(try await asFull(.GET, "/v1/accounts/team/users/admin").status == 404)  // another account's user

            // A role change takes effect on the next request.
            #expect(try await api.call(.DELETE, "/v1/events", user: readOnly.user, password: readOnly.password).status == 403)
            let promoted = try await asFull(.PUT, "/v1/accounts/team/users/u-read-only/role", #"{"role": "read-write"}"#)
            #expect(promoted.object["role"] as? String == "read-write")
            #expect(try await api.call(.DELETE, "/v1/events", user: readOnly.user, password: readOnly.password).status != 403)
            #expect(try await api.call(.PUT, "/v1/accounts/admin/users/admin/role", body: #"{"role": "read-only"}"#).status == 400)

            // Everyone may change their own password, whatever their role; the old one stops working at once.
            let analyzer = Caller.analyzer
            let changed = try await api.call(
                .POST, "/v1/accounts/team/users/\(analyzer.user)/credentials", body: #"{"type": "password", "value": "fresh-pw"}"#,
                user: analyzer.user, password: analyzer.password)
            #expect(changed.status == 200 && changed.object["value"] as? String == "****")
            #expect(try await api.call(.GET, "/v1/user", user: analyzer.user, password: analyzer.password).status == 401)
            let whoami = try await api.call(.GET, "/v1/user", user: analyzer.user, password: "fresh-pw")
            #expect(whoami.object["username"] as? String == analyzer.user && whoami.object["role"] as? String == "image-analyzer")
            #expect(try await api.call(
                .POST, "/v1/accounts/team/users/u-full-control/credentials", body: #"{"type": "password", "value": "hijack"}"#,
                user: analyzer.user, password: "fresh-pw").status == 403)
            #expect(try await api.call(.POST, "/v1/user/credentials", body: #"{"type": "token", "value": "abcdefg"}"#,
                                       user: analyzer.user, password: "fresh-pw").status == 400)

            #expect(try await asFull(.DELETE, "/v1/accounts/team/users/\(full.user)").message
                == "Cannot delete credential used for authentication of the request")
            #expect(try await api.call(.DELETE, "/v1/accounts/admin/users/admin", headers: [:]).status == 400)
            #expect(try await asFull(.DELETE, "/v1/accounts/team/users/ghost").status == 404)
            #expect(try await asFull(.DELETE, "/v1/accounts/team/users/newbie").status == 204)
            #expect(try await api.call(.GET, "/v1/user", user: "newbie", password: "123456").status == 401)

            let roles = try await api.call(.GET, "/v1/rbac-manager/roles", user: readOnly.user, password: readOnly.password)
            #expect(Set(roles.list.compactMap { $0["name"] as? String }) == ["full-control", "read-write", "image-analyzer", "read-only", "admin"])
        }
    }

    @Test func accountsSeeOnlyTheirOwnRecords() async throws {
        try await RegistryServer.withRegistry { registry in
            let tag = "\(registry.host)/iso/app:1"
            _ = try await pushSampleImage(tag)
            try await ServiceHarness.with { harness in
                let api = harness.api
                try await Self.makeTeam(api)
                let other = try await api.call(
                    .POST, "/v1/accounts/other/users", body: #"{"username": "olga", "password": "olga-pw"}"#)
                #expect(other.status == 200)
                let full = Caller.full
                let added = try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(tag)"}"#, user: full.user, password: full.password)
                #expect(added.status == 200, "\(added.text)")
                let digest = try #require(added.list.first?["imageDigest"] as? String)
                _ = try await api.call(.POST, "/v1/registries?validate=false", body: #"{"registry": "reg.example:5000", "registry_user": "u", "registry_pass": "p"}"#,
                                       user: full.user, password: full.password)

                func asOlga(_ path: String) async throws -> APIClient.Reply {
                    try await api.call(.GET, path, user: "olga", password: "olga-pw")
                }
                #expect(try await asOlga("/v1/images").list.isEmpty)
                #expect(try await asOlga("/v1/images/\(digest)").status == 404)
                #expect(try await asOlga("/v1/subscriptions").list.isEmpty)
                #expect(try await asOlga("/v1/registries").list.isEmpty)
                #expect(try await asOlga("/v1/events").object["results"].map { ($0 as? [Any])?.isEmpty ?? false } ?? true)
                let notHers = try await api.call(.DELETE, "/v1/images/\(digest)?force=true", user: "olga", password: "olga-pw")
                #expect(notHers.object["status"] as? String == "not_found", "\(notHers.text)")
                #expect(try await api.call(.GET, "/v1/images", user: "olga", password: "olga-pw", headers: ["x-anchore-account": "team"]).status == 403)

                // The admin acts for the account with x-anchore-account, and sees nothing of it without.
                #expect(try await api.call(.GET, "/v1/images/\(digest)", headers: ["x-anchore-account": "team"]).status == 200)
                #expect(try await api.call(.GET, "/v1/images/\(digest)").status == 404)
                #expect(try await api.call(.GET, "/v1/images/\(digest)", user: full.user, password: full.password).status == 200)
                _ = try await api.waitForAnalysis(digest, account: "team")
            }
        }
    }
}
