import Engine
import Foundation
import Hummingbird
import Store

/// Accounts and users (reference 2.10), plus Drydock's roles: `PUT /accounts/{a}/users/{u}/role` and the
/// read-only `rbac-manager` listings. Who may call what is decided in `Authorization.swift`; these handlers only
/// check the records.
extension AnchoreAPI {
    func registerAccounts(on group: RouterGroup<DrydockContext>) {
        group.get("accounts", use: listAccounts)
        group.post("accounts", use: addAccount)
        group.get("accounts/:account", use: getAccount)
        group.delete("accounts/:account", use: deleteAccount)
        group.put("accounts/:account/state", use: setAccountState)
        group.get("accounts/:account/users", use: listUsers)
        group.post("accounts/:account/users", use: addUser)
        group.get("accounts/:account/users/:user", use: getUser)
        group.delete("accounts/:account/users/:user", use: deleteUser)
        group.put("accounts/:account/users/:user/role", use: setUserRole)
        group.get("accounts/:account/users/:user/credentials", use: listCredentials)
        group.post("accounts/:account/users/:user/credentials", use: setCredential)
        group.get("user/credentials", use: listOwnCredentials)
        group.post("user/credentials", use: setOwnCredential)
        group.get("rbac-manager/roles", use: listRoles)
        group.get("rbac-manager/my_roles", use: myRoles)
    }

    // MARK: Accounts

    @Sendable func listAccounts(_ request: Request, context: DrydockContext) async throws -> Response {
        var accounts = try await store.accounts()
        if let state = request.query("state") {
            guard Account.State(rawValue: state) != nil else { throw APIError.badRequest("unknown account state \"\(state)\"") }
            accounts.removeAll { $0.state.rawValue != state }
        }
        return try jsonResponse(object: accounts.map(Self.accountObject))
    }

    struct NewAccount: Decodable {
        var name: String
        var email: String?
        var type: String?
    }

    @Sendable func addAccount(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let body = try await request.decode(NewAccount.self, limit: maxRequestBytes) else { throw APIError.badRequest("body required") }
        try Self.validateName(body.name, what: "account")
        guard body.type == nil || body.type == Account.Kind.user.rawValue else {
            throw APIError.badRequest("Invalid account type: \(body.type ?? ""). Only \"user\" accounts can be created")
        }
        guard !Self.reservedNames.contains(body.name.lowercased()) else {
            throw APIError.badRequest("Account name \(body.name) is reserved")
        }
        if let email = body.email, !email.isEmpty, !email.contains("@") || email.count > 128 {
            throw APIError.badRequest("Invalid email address: \(email)")
        }
        let account = Account(name: body.name, email: body.email.flatMap { $0.isEmpty ? nil : $0 }, createdAt: Date())
        do {
            try await store.insert(account)
        } catch {
            if error.code == .conflict { throw APIError.badRequest("Account already exists") }
            throw error
        }
        try await policies.ensureDefaultBundle(account: account.name)
        return try jsonResponse(object: Self.accountObject(account))
    }

    @Sendable func getAccount(_ request: Request, context: DrydockContext) async throws -> Response {
        try jsonResponse(object: Self.accountObject(try await existingAccount(context)))
    }

    /// An account must be disabled before it is deleted; deleting it removes everything it owns.
    @Sendable func deleteAccount(_ request: Request, context: DrydockContext) async throws -> Response {
        var account = try await existingAccount(context)
        guard account.type == .user, account.name != Account.adminName else { throw APIError.badRequest("Account cannot be deleted") }
        guard account.state != .enabled else {
            throw APIError.badRequest("Invalid account state change requested. Cannot go from state enabled to state deleting")
        }
        let users = Set(try await store.users(account: account.name).map(\.username))
        account.state = .deleting
        account.lastUpdated = Date()
        try await store.update(account)
        await authenticator.forgetAll()
        try await sessions.end(usernames: users)
        try await store.deleteAccount(named: account.name)
        return try jsonResponse(object: ["state": Account.State.deleting.rawValue])
    }

    struct StateChange: Decodable { var state: String }

    @Sendable func setAccountState(_ request: Request, context: DrydockContext) async throws -> Response {
        var account = try await existingAccount(context)
        guard let body = try await request.decode(StateChange.self, limit: maxRequestBytes) else { throw APIError.badRequest("body required") }
        guard let state = Account.State(rawValue: body.state), state != .deleting else {
            throw APIError.badRequest("Invalid account state: \(body.state) (enabled or disabled)")
        }
        guard account.state != .deleting else {
            throw APIError.badRequest("Invalid account state change requested. Cannot go from state deleting to state \(state.rawValue)")
        }
        if state == .disabled, account.type == .admin || account.name == Account.adminName {
            throw APIError.badRequest("Cannot disable the admin account")
        }
        if account.state != state {
            account.state = state
            account.lastUpdated = Date()
            try await store.update(account)
            await authenticator.forgetAll()
        }
        return try jsonResponse(object: ["state": state.rawValue])
    }

    // MARK: Users

    @Sendable func listUsers(_ request: Request, context: DrydockContext) async throws -> Response {
        let account = try await existingAccount(context)
        return try jsonResponse(object: try await store.users(account: account.name).map { Self.userObject($0, in: account) })
    }

    struct NewUser: Decodable {
        var username: String
        var password: String
        var role: String?
    }

    @Sendable func addUser(_ request: Request, context: DrydockContext) async throws -> Response {
        let account = try await existingAccount(context)
        guard let body = try await request.decode(NewUser.self, limit: maxRequestBytes) else { throw APIError.badRequest("body required") }
        try Self.validateName(body.username, what: "username")
        try Self.validatePassword(body.password)
        let role = try Self.role(body.role ?? Role.fullControl.rawValue)
        guard account.state != .deleting else { throw APIError.badRequest("Account \(account.name) is being deleted") }
        let hash = await Authenticator.hash(body.password)
        let user = User(username: body.username, account: account.name, passwordHash: hash, role: role, createdAt: Date())
        do {
            try await store.insert(user)
        } catch {
            if error.code == .conflict { throw APIError.badRequest("User already exists") }
            throw error
        }
        return try jsonResponse(object: Self.userObject(user, in: account))
    }

    @Sendable func getUser(_ request: Request, context: DrydockContext) async throws -> Response {
        let (user, account) = try await existingUser(context)
        return try jsonResponse(object: Self.userObject(user, in: account))
    }

    @Sendable func deleteUser(_ request: Request, context: DrydockContext) async throws -> Response {
        let (user, _) = try await existingUser(context)
        guard user.username != context.identity?.user else {
            throw APIError.badRequest("Cannot delete credential used for authentication of the request")
        }
        guard user.username != Account.adminName else {
            throw APIError.badRequest("User not allowed to be deleted due to system constraints")
        }
        try await store.deleteUser(named: user.username)
        await authenticator.forgetAll()
        try await sessions.end(username: user.username)
        return Response(status: .noContent)
    }

    struct RoleChange: Decodable { var role: String }

    /// `PUT /accounts/{a}/users/{u}/role` `{"role": …}`: full-control users manage their account's roles.
    @Sendable func setUserRole(_ request: Request, context: DrydockContext) async throws -> Response {
        var (user, account) = try await existingUser(context)
        guard let body = try await request.decode(RoleChange.self, limit: maxRequestBytes) else { throw APIError.badRequest("body required") }
        let role = try Self.role(body.role)
        guard account.type == .user else {
            throw APIError.badRequest("Users of the \(account.name) account are system administrators; their role cannot change")
        }
        user.role = role
        user.lastUpdated = Date()
        try await store.update(user)
        await authenticator.forgetAll()
        return try jsonResponse(object: Self.userObject(user, in: account))
    }

    // MARK: Credentials

    struct Credential: Decodable {
        var type: String
        var value: String
    }

    @Sendable func listCredentials(_ request: Request, context: DrydockContext) async throws -> Response {
        let (user, _) = try await existingUser(context)
        return try jsonResponse(object: [Self.credentialObject(user)])
    }

    @Sendable func setCredential(_ request: Request, context: DrydockContext) async throws -> Response {
        let (user, _) = try await existingUser(context)
        return try await changePassword(of: user, request: request)
    }

    @Sendable func listOwnCredentials(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let identity = context.identity, let user = try await store.user(named: identity.user) else { throw UnauthorizedError() }
        return try jsonResponse(object: [Self.credentialObject(user)])
    }

    @Sendable func setOwnCredential(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let identity = context.identity, let user = try await store.user(named: identity.user) else { throw UnauthorizedError() }
        return try await changePassword(of: user, request: request)
    }

    func changePassword(of user: User, request: Request) async throws -> Response {
        guard let body = try await request.decode(Credential.self, limit: maxRequestBytes) else { throw APIError.badRequest("body required") }
        guard body.type == "password" else { throw APIError.badRequest("Invalid credential type: \(body.type) (only password)") }
        try Self.validatePassword(body.value)
        var user = user
        user.passwordHash = await Authenticator.hash(body.value)
        user.lastUpdated = Date()
        try await store.update(user)
        await authenticator.forgetAll()
        try await sessions.end(username: user.username)
        return try jsonResponse(object: Self.credentialObject(user))
    }

    // MARK: Roles

    @Sendable func listRoles(_ request: Request, context: DrydockContext) async throws -> Response {
        let roles: [[String: Any]] = Role.allCases.map { role in
            ["name": role.rawValue, "description": role.summary, "permissions": role.permissions.sorted().map(\.rawValue)]
        } + [[
            "name": "admin", "description": "System administrator (the users of the admin account): everything, in every account",
            "permissions": Permission.allCases.map(\.rawValue),
        ]]
        return try jsonResponse(object: roles)
    }

    @Sendable func myRoles(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let identity = context.identity else { throw UnauthorizedError() }
        return try jsonResponse(object: [["role": identity.roleName, "for_account": identity.account.name]])
    }

    // MARK: Helpers

    func existingAccount(_ context: DrydockContext) async throws -> Account {
        let name = try context.parameters.decoded("account")
        guard let account = try await store.account(named: name) else { throw APIError.notFound("Account not found") }
        return account
    }

    func existingUser(_ context: DrydockContext) async throws -> (User, Account) {
        let account = try await existingAccount(context)
        let name = try context.parameters.decoded("user")
        guard let user = try await store.user(named: name), user.account == account.name else { throw APIError.notFound("User not found") }
        return (user, account)
    }

    static let reservedNames: Set<String> = ["anchore-system", "system", "admin", "drydock", "root", "*"]

    /// Anchore's pattern for account and user names: 3 to 128 characters, letters or digits at both ends, and
    /// letters, digits and `@.!#$+-=^_`~;` between.
    static func validateName(_ name: String, what: String) throws {
        let inner = Set("@.!#$+-=^_`~;")
        func alnum(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
        guard (3...128).contains(name.count), let first = name.first, let last = name.last, alnum(first), alnum(last),
              name.allSatisfy({ alnum($0) || inner.contains($0) })
        else {
            throw APIError.badRequest(
                "Invalid \(what) \"\(name)\": 3 to 128 characters, starting and ending with a letter or digit, with letters, digits and @.!#$+-=^_`~; between")
        }
    }

    static func validatePassword(_ password: String) throws {
        guard (6...128).contains(password.count) else { throw APIError.badRequest("Passwords must be 6 to 128 characters long") }
    }

    static func role(_ text: String) throws -> Role {
        guard let role = Role(rawValue: text) else {
            throw APIError.badRequest("Unknown role \"\(text)\" (\(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return role
    }

    static func accountObject(_ account: Account) -> [String: Any] {
        [
            "name": account.name, "email": account.email as Any? ?? NSNull(), "type": account.type.rawValue,
            "state": account.state.rawValue, "created_at": rfc3339(account.createdAt), "last_updated": rfc3339(account.lastUpdated),
        ]
    }

    static func userObject(_ user: User, in account: Account) -> [String: Any] {
        [
            "username": user.username, "type": "native", "source": NSNull(), "created_at": rfc3339(user.createdAt),
            "last_updated": rfc3339(user.lastUpdated), "role": Identity.roleName(user.role, in: account),
        ]
    }

    static func credentialObject(_ user: User) -> [String: Any] {
        ["type": "password", "value": "****", "created_at": rfc3339(user.lastUpdated)]
    }
}
