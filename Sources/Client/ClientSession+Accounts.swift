/// The requests of `account …` and `account user …` (`anchorecli/clients/apiexternal.py`), and Drydock's role.
extension AnchoreEndpoints {
    /// `get_account()`: `GET /account` (the caller's own account).
    public func currentAccount() -> APIRequest { APIRequest(.get, root + "/account") }

    /// `get_user()`: `GET /user` (the caller).
    public func currentUser() -> APIRequest { APIRequest(.get, root + "/user") }

    /// `list_accounts` / `get_account(name)`: `GET /accounts[/<quote(name, "")>]`.
    public func accounts(_ name: String? = nil) -> APIRequest {
        APIRequest(.get, root + "/accounts" + (name.map { "/" + PercentEncoding.quote($0) } ?? ""))
    }

    /// `add_account`: `POST /accounts` with `{"name", "email"?}` (the email only when non-empty).
    public func addAccount(_ name: String, email: String?) -> APIRequest {
        var body: JSONObject = JSONObject(["name": .string(name)])
        if let email, !email.isEmpty { body["email"] = .string(email) }
        return APIRequest(.post, root + "/accounts", body: JSONValue.object(body).pythonJSON)
    }

    /// `del_account`: `DELETE /accounts/<quote>`.
    public func deleteAccount(_ name: String) -> APIRequest {
        APIRequest(.delete, root + "/accounts/" + PercentEncoding.quote(name))
    }

    /// `enable_account` / `disable_account`: `PUT /accounts/<quote>/state` with `{"state": "enabled"|"disabled"}`.
    public func setAccountState(_ name: String, enabled: Bool) -> APIRequest {
        let body: JSONValue = ["state": .string(enabled ? "enabled" : "disabled")]
        return APIRequest(.put, root + "/accounts/" + PercentEncoding.quote(name) + "/state", body: body.pythonJSON)
    }

    /// `list_users` / `get_user(account, user)`: `GET /accounts/<quote>/users[/<quote>]`.
    public func users(account: String, _ username: String? = nil) -> APIRequest {
        APIRequest(.get, usersPath(account) + (username.map { "/" + PercentEncoding.quote($0) } ?? ""))
    }

    /// `add_user`: `POST /accounts/<quote>/users` with `{"username", "password"}`, plus Drydock's `"role"` when given.
    public func addUser(account: String, username: String, password: String, role: String? = nil) -> APIRequest {
        var body = JSONObject(["username": .string(username), "password": .string(password)])
        if let role { body["role"] = .string(role) }
        return APIRequest(.post, usersPath(account), body: JSONValue.object(body).pythonJSON)
    }

    /// `del_user`: `DELETE /accounts/<quote>/users/<quote>`.
    public func deleteUser(account: String, _ username: String) -> APIRequest {
        APIRequest(.delete, usersPath(account) + "/" + PercentEncoding.quote(username))
    }

    /// `update_user_password`: `POST /accounts/<quote>/users/<quote>/credentials` with `{"type": "password", "value"}`.
    public func setPassword(account: String, _ username: String, password: String) -> APIRequest {
        let body: JSONValue = ["type": "password", "value": .string(password)]
        return APIRequest(.post, usersPath(account) + "/" + PercentEncoding.quote(username) + "/credentials", body: body.pythonJSON)
    }

    /// Drydock: `PUT /accounts/<quote>/users/<quote>/role` with `{"role"}`; answers the User record.
    public func setRole(account: String, _ username: String, role: String) -> APIRequest {
        let body: JSONValue = ["role": .string(role)]
        return APIRequest(.put, usersPath(account) + "/" + PercentEncoding.quote(username) + "/role", body: body.pythonJSON)
    }

    private func usersPath(_ account: String) -> String { root + "/accounts/" + PercentEncoding.quote(account) + "/users" }
}

/// Who the caller is: the `GET /account` and `GET /user` answers every `account` command fetches first.
public struct AccountIdentity: Sendable, Hashable {
    public var account: JSONValue
    public var user: JSONValue

    public init(account: JSONValue, user: JSONValue) {
        self.account = account
        self.user = user
    }

    /// `whoami["account"]["name"]`: the default `--account`.
    public var accountName: String? { account["name"]?.stringValue }
    /// `whoami["user"]["username"]`: the default `--username` of `setpassword`.
    public var username: String? { user["username"]?.stringValue }
    /// The `account whoami` payload.
    public var payload: JSONValue { ["account": account, "user": user] }
}

/// `account …` as anchore-cli 0.9.3 runs it (`anchorecli/cli/account.py`).
extension ClientSession {
    /// The prompt of `account del` without `--dontask`.
    static func deletePrompt(_ name: String) -> String {
        "This operation is irreversible. Really delete account \(name) along with *all* users and resources associated with this account? (y/N)"
    }

    /// The line anchore-cli adds when an account delete fails because the account is still enabled.
    static let deleteStateNote = "\nNOTE: accounts must be disabled (anchore-cli account disable <account>) in order to be deleted\n"

    /// Runs an `account` command: `GET <url>`, then the whoami prelude (`GET /account`, `GET /user`;
    /// any failure prints the error and exits 2, whatever the status), then `body`. A failure of the
    /// body prints as usual and exits per its status; with `noteForStateChange` (`account del`) an
    /// `Invalid account state change requested` error also gets anchore-cli's NOTE. Returns the exit status.
    public func runAccountCommand(
        noteForStateChange: Bool = false, _ body: (ClientSession, AccountIdentity) async throws(ClientError) -> Void
    ) async -> Int32 {
        let identity: AccountIdentity
        do {
            try await checkAccess()
            identity = try await whoami()
        } catch {
            console.line(ErrorFormatter.render(error, jsonMode: configuration.jsonMode))
            return 2
        }
        do {
            try await body(self, identity)
            return 0
        } catch {
            var text = ErrorFormatter.render(error, jsonMode: configuration.jsonMode)
            if noteForStateChange, !configuration.jsonMode,
                ErrorFormatter.errorData(error)["message"]?.stringValue?.contains("Invalid account state change requested") == true
            {
                text += Self.deleteStateNote
            }
            console.line(text)
            return error.exitStatus
        }
    }

    /// The whoami prelude: `GET /account` then `GET /user`.
    public func whoami() async throws(ClientError) -> AccountIdentity {
        let account = try await payload(of: endpoints.currentAccount())
        let user = try await payload(of: endpoints.currentUser())
        return AccountIdentity(account: account, user: user)
    }

    /// `account whoami`: the caller's user name and account.
    public func showWhoami(_ identity: AccountIdentity) {
        emit(identity.payload, AccountFormatter.whoami)
    }

    /// `account add NAME [--email E]`.
    public func addAccount(_ name: String, email: String? = nil) async throws(ClientError) {
        try AccountValidation.checkName(name, kind: "account")
        emit(try await payload(of: endpoints.addAccount(name, email: email)), AccountFormatter.account)
    }

    /// `account get NAME`.
    public func getAccount(_ name: String) async throws(ClientError) {
        emit(try await payload(of: endpoints.accounts(name)), AccountFormatter.account)
    }

    /// `account list`.
    public func listAccounts() async throws(ClientError) {
        emit(try await payload(of: endpoints.accounts()), AccountFormatter.accounts)
    }

    /// `account del NAME [--dontask]`: without `dontask` asks first, and only `y`/`Y` deletes (anything
    /// else, or end of input, ends the command quietly with status 0).
    public func deleteAccount(_ name: String, dontask: Bool = false) async throws(ClientError) {
        let answer = dontask ? "y" : console.ask(Self.deletePrompt(name)) ?? "n"
        guard answer.lowercased() == "y" else { return }
        emit(try await payload(of: endpoints.deleteAccount(name)), AccountFormatter.success)
    }

    /// `account enable NAME` / `account disable NAME`.
    public func setAccountState(_ name: String, enabled: Bool) async throws(ClientError) {
        emit(try await payload(of: endpoints.setAccountState(name, enabled: enabled)), AccountFormatter.success)
    }
}

/// `account user …` (and Drydock's `user …`), as anchore-cli 0.9.3 runs them; `--account` defaults to the
/// caller's account, `setpassword --username` to the caller.
extension ClientSession {
    /// `user add USER PASSWORD [--account A] [--role R]`.
    public func addUser(
        _ username: String, password: String, account: String? = nil, role: String? = nil, identity: AccountIdentity
    ) async throws(ClientError) {
        try AccountValidation.checkPassword(password)
        try AccountValidation.checkName(username, kind: "user")
        if let role { try AccountValidation.checkRole(role) }
        let request = endpoints.addUser(
            account: try Self.chosen(account, identity.accountName), username: username, password: password, role: role)
        emit(try await payload(of: request), AccountFormatter.user)
    }

    /// `user get USER [--account A]`.
    public func getUser(_ username: String, account: String? = nil, identity: AccountIdentity) async throws(ClientError) {
        let request = endpoints.users(account: try Self.chosen(account, identity.accountName), username)
        emit(try await payload(of: request), AccountFormatter.user)
    }

    /// `user list [--account A]`.
    public func listUsers(account: String? = nil, identity: AccountIdentity) async throws(ClientError) {
        emit(try await payload(of: endpoints.users(account: try Self.chosen(account, identity.accountName))), AccountFormatter.users)
    }

    /// `user del USER [--account A]`.
    public func deleteUser(_ username: String, account: String? = nil, identity: AccountIdentity) async throws(ClientError) {
        let request = endpoints.deleteUser(account: try Self.chosen(account, identity.accountName), username)
        emit(try await payload(of: request), AccountFormatter.success)
    }

    /// `user setpassword PASSWORD [--username U] [--account A]`: the success text, then a reminder (also in `--json` mode).
    public func setPassword(
        _ password: String, username: String? = nil, account: String? = nil, identity: AccountIdentity
    ) async throws(ClientError) {
        try AccountValidation.checkPassword(password)
        let request = endpoints.setPassword(
            account: try Self.chosen(account, identity.accountName), try Self.chosen(username, identity.username),
            password: password)
        emit(try await payload(of: request), AccountFormatter.passwordSet)
        console.line("NOTE: Be sure to change the password you're using for this client if you have reset your own password")
    }

    /// Drydock's `user setrole USER ROLE [--account A]`: the updated user, as `user get` prints it.
    public func setRole(_ username: String, role: String, account: String? = nil, identity: AccountIdentity) async throws(ClientError) {
        try AccountValidation.checkRole(role)
        let request = endpoints.setRole(account: try Self.chosen(account, identity.accountName), username, role: role)
        emit(try await payload(of: request), AccountFormatter.user)
    }

    /// Python's `if not value: value = fallback`; a missing fallback cannot be sent.
    static func chosen(_ value: String?, _ fallback: String?) throws(ClientError) -> String {
        if let value, !value.isEmpty { return value }
        guard let fallback else {
            throw ClientError(.invalidResponse, "the service did not say which account/user the caller is (GET /account, GET /user)")
        }
        return fallback
    }
}

/// The checks on user input the account commands make before sending anything.
enum AccountValidation {
    /// Drydock's user roles (`admin` is reserved to the users of the `admin` account).
    static let roles = ["full-control", "read-write", "read-only", "image-analyzer"]

    /// The punctuation a name may hold between its first and last character: the class
    /// ``[@.!#$+-=^_`~;]`` of the engine's pattern, where `+-=` is the range `+` … `=`.
    static let namePunctuation = Set("!#$+,-./:;<=@^_`~".unicodeScalars)

    /// anchore-cli's `re.match(".{6,128}$", password)` (`user add`; Drydock also checks `setpassword`):
    /// 6 to 128 characters, no line break (but for one at the very end). Exit 2, as anchore-cli.
    static func checkPassword(_ password: String) throws(ClientError) {
        guard let scalars = singleLine(password), (6...128).contains(scalars.count) else {
            throw ClientError(.invalidInput, "Please enter a password at least 6 characters long that contains no spaces.")
        }
    }

    /// The engine's account and user name pattern ``^[a-zA-Z0-9][a-zA-Z0-9@.!#$+-=^_`~;]{1,126}[a-zA-Z0-9]$``.
    /// The server rejects such a name with a 400, so the exit status is anchore-cli's for that answer, 1.
    static func checkName(_ name: String, kind: String) throws(ClientError) {
        func alphanumeric(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
        }
        if let scalars = singleLine(name), (3...128).contains(scalars.count),
            let first = scalars.first, let last = scalars.last, alphanumeric(first), alphanumeric(last),
            scalars.dropFirst().dropLast().allSatisfy({ alphanumeric($0) || namePunctuation.contains($0) })
        {
            return
        }
        var error = ClientError(
            .invalidInput,
            "Invalid \(kind) name '\(name)': a name is 3 to 128 characters long, starts and ends with a letter or digit, "
                + "and in between holds only letters, digits and the characters !#$+,-./:;<=@^_`~")
        error.exitStatusOverride = 1
        throw error
    }

    /// A Drydock role: one of ``roles``. Exit 2, as anchore-cli's own input checks.
    static func checkRole(_ role: String) throws(ClientError) {
        guard roles.contains(role) else {
            throw ClientError(.invalidInput, "Invalid role '\(role)' (supported roles: \(roles.joined(separator: ", ")))")
        }
    }

    /// The text's scalars when Python's `.{n,m}$` could match it whole: one final line break is
    /// allowed (`$` matches before it), any other is not (`.` does not match it).
    private static func singleLine(_ text: String) -> [Unicode.Scalar]? {
        var scalars = Array(text.unicodeScalars)
        if scalars.last == "\n" { scalars.removeLast() }
        return scalars.contains("\n") ? nil : scalars
    }
}
