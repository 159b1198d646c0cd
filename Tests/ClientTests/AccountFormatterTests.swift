import Client
import Testing

private func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

/// What the account formatters print, against anchore-cli's own `format_output` output for the
/// same payloads (see `AccountFixtures.swift`).
@Suite struct AccountFormatterTests {
    @Test func whoamiPrintsUserAndAccountWithNAForMissingKeys() throws {
        let full: JSONValue = ["account": try json(AccountFixtures.admin), "user": try json(UserFixtures.adminUser)]
        #expect(lines(try AccountFormatter.whoami(full)) == AccountFixtures.whoamiLines)
        let sparse: JSONValue = ["account": ["name": "x"], "user": [:]]
        #expect(lines(try AccountFormatter.whoami(sparse)) == AccountFixtures.whoamiSparseLines)
    }

    @Test func accountRecordShowsNoneForNullAndNAForMissing() throws {
        #expect(lines(try AccountFormatter.account(try json(AccountFixtures.admin))) == AccountFixtures.adminLines)
        #expect(lines(try AccountFormatter.account(try json(AccountFixtures.team))) == AccountFixtures.teamLines)
        #expect(lines(try AccountFormatter.account(try json(AccountFixtures.withoutEmail))) == AccountFixtures.withoutEmailLines)
    }

    @Test func accountListSortsByCreatedThenWholeRow() throws {
        #expect(lines(try AccountFormatter.accounts(try json(AccountFixtures.list))) == AccountFixtures.listLines)
        #expect(try AccountFormatter.accounts([]) == "\n")
    }

    @Test func accountGetOfAListFailsLikePython() throws {
        let console = RecordingConsole()
        let text = OutputFormatter.render(try json("[\(AccountFixtures.admin)]"), jsonMode: false, console: console, AccountFormatter.account)
        #expect(lines(console.output + text) == AccountFixtures.getOfAListLines)
    }

    @Test func userRecordWithoutRoleIsAnchoreCLIs() throws {
        #expect(lines(try AccountFormatter.user(try json(UserFixtures.adminUser))) == UserFixtures.adminUserLines)
        #expect(lines(try AccountFormatter.user(try json(UserFixtures.bot))) == UserFixtures.botLines)
    }

    @Test func userRecordWithRoleAddsOneLineBeforeTheBlankLine() throws {
        guard case .object(var user) = try json(UserFixtures.adminUser) else { Issue.record("not an object"); return }
        user["role"] = "admin"
        var expected = UserFixtures.adminUserLines
        expected.insert("Role: admin", at: expected.count - 2)
        #expect(lines(try AccountFormatter.user(.object(user))) == expected)
    }

    @Test func userListWithoutRolesIsAnchoreCLIs() throws {
        #expect(lines(try AccountFormatter.users(try json(UserFixtures.list))) == UserFixtures.listLines)
        #expect(try AccountFormatter.users([]) == "\n")
    }

    @Test func userListWithRolesAppendsARoleColumnToAnchoreCLIsLines() throws {
        let drydock = lines(try AccountFormatter.users(try json(UserFixtures.listWithRoles)))
        #expect(drydock == UserFixtures.listWithRolesLines)
        // Every line starts with the line anchore-cli prints for the same payload.
        #expect(drydock.count == UserFixtures.listWithRolesCLILines.count)
        for (ours, theirs) in zip(drydock, UserFixtures.listWithRolesCLILines) { #expect(ours.hasPrefix(theirs)) }
        #expect(lines(try AccountFormatter.users(try json(UserFixtures.listMixed))) == UserFixtures.listMixedLines)
    }

    @Test func userListOfADictFailsLikePython() throws {
        let console = RecordingConsole()
        let text = OutputFormatter.render(try json(UserFixtures.adminUser), jsonMode: false, console: console, AccountFormatter.users)
        #expect(lines(console.output + text) == UserFixtures.listOfADictLines)
    }

    @Test func fixedTexts() throws {
        #expect(try AccountFormatter.passwordSet(["type": "password", "value": "********"]) == "Password (re)set success")
        #expect(try AccountFormatter.success("") == "Success")
    }
}

/// The requests, byte for byte as anchore-cli's `apiexternal.py` builds them (and Drydock's `setrole`).
@Suite struct AccountRequestTests {
    let endpoints = AnchoreEndpoints(baseURL: base + "/")

    @Test func accountRequests() {
        #expect(endpoints.currentAccount() == APIRequest(.get, base + "/account"))
        #expect(endpoints.currentUser() == APIRequest(.get, base + "/user"))
        #expect(endpoints.accounts() == APIRequest(.get, base + "/accounts"))
        #expect(endpoints.accounts("a/b c") == APIRequest(.get, base + "/accounts/a%2Fb%20c"))
        #expect(endpoints.addAccount("team", email: nil) == APIRequest(.post, base + "/accounts", body: #"{"name": "team"}"#))
        #expect(endpoints.addAccount("team", email: "") == APIRequest(.post, base + "/accounts", body: #"{"name": "team"}"#))
        #expect(
            endpoints.addAccount("team", email: "t@example.com")
                == APIRequest(.post, base + "/accounts", body: #"{"name": "team", "email": "t@example.com"}"#))
        #expect(endpoints.deleteAccount("team") == APIRequest(.delete, base + "/accounts/team"))
        #expect(endpoints.setAccountState("team", enabled: true) == APIRequest(.put, base + "/accounts/team/state", body: #"{"state": "enabled"}"#))
        #expect(endpoints.setAccountState("team", enabled: false) == APIRequest(.put, base + "/accounts/team/state", body: #"{"state": "disabled"}"#))
    }

    @Test func userRequests() {
        let users = base + "/accounts/team/users"
        #expect(endpoints.users(account: "team") == APIRequest(.get, users))
        #expect(endpoints.users(account: "team", "bob@example.com") == APIRequest(.get, users + "/bob%40example.com"))
        #expect(
            endpoints.addUser(account: "team", username: "bob", password: "secret1")
                == APIRequest(.post, users, body: #"{"username": "bob", "password": "secret1"}"#))
        #expect(
            endpoints.addUser(account: "team", username: "bob", password: "secret1", role: "read-only")
                == APIRequest(.post, users, body: #"{"username": "bob", "password": "secret1", "role": "read-only"}"#))
        #expect(endpoints.deleteUser(account: "team", "bob") == APIRequest(.delete, users + "/bob"))
        #expect(
            endpoints.setPassword(account: "team", "bob", password: "secret2")
                == APIRequest(.post, users + "/bob/credentials", body: #"{"type": "password", "value": "secret2"}"#))
        #expect(
            endpoints.setRole(account: "team", "bob", role: "read-write")
                == APIRequest(.put, users + "/bob/role", body: #"{"role": "read-write"}"#))
    }
}

/// Whole `account …` / `user …` commands against an in-memory service: the whoami prelude, defaults,
/// checks, prompts and error texts.
@Suite struct AccountSessionTests {
    static let users = base + "/accounts/admin/users"

    /// A service where `GET <url>`, `GET /account` and `GET /user` answer as for `admin`; the rest from `handler`.
    static func transport(_ handler: @escaping @Sendable (APIRequest) -> APIResponse) -> RecordingTransport {
        RecordingTransport { request in
            switch request.url {
            case base: ok("v1")
            case base + "/account": ok((try? json(AccountFixtures.admin)) ?? .null)
            case base + "/user": ok((try? json(UserFixtures.adminUser)) ?? .null)
            default: handler(request)
            }
        }
    }

    static func run(
        _ transport: RecordingTransport, json jsonMode: Bool = false, answers: [String?] = [], note: Bool = false,
        _ body: (ClientSession, AccountIdentity) async throws(ClientError) -> Void
    ) async -> (status: Int32, output: String) {
        let console = RecordingConsole(answers: answers)
        let session = ClientSession(
            configuration: ClientConfiguration(url: base, user: "admin", password: "foobar", jsonMode: jsonMode),
            transport: transport, console: console)
        let status = await session.runAccountCommand(noteForStateChange: note, body)
        return (status, console.output)
    }

    /// The calls after the access check and the whoami prelude.
    static func commandCalls(_ transport: RecordingTransport) -> [String] { Array(transport.calls.dropFirst(2)) }

    @Test func whoamiFetchesAccountThenUser() async throws {
        let transport = Self.transport { _ in envelope(500, "unexpected") }
        let result = await Self.run(transport) { session, identity in session.showWhoami(identity) }
        #expect(result.status == 0)
        #expect(transport.calls == ["GET \(base)/account", "GET \(base)/user"])
        #expect(lines(result.output) == AccountFixtures.whoamiLines + [""])
    }

    @Test(arguments: [403, 404, 400])
    func aFailingPreludeExitsTwoWhateverTheStatus(status: Int) async {
        let transport = RecordingTransport { request in
            request.url == base ? ok("v1") : envelope(status, "Not authorized. Account team not enabled.")
        }
        let result = await Self.run(transport) { _, _ in Issue.record("the body ran") }
        #expect(result.status == 2)
        #expect(result.output == "Error: Not authorized. Account team not enabled.\nHTTP Code: \(status)\nDetail: {'error_codes': []}\n\n")
        #expect(transport.calls == ["GET \(base)/account"])
    }

    @Test func anUnreachableServiceExitsTwoBeforeThePrelude() async {
        let transport = RecordingTransport { _ in APIResponse(status: 503, body: []) }
        let result = await Self.run(transport) { _, _ in Issue.record("the body ran") }
        #expect(result.status == 2)
        #expect(result.output == "Error: could not access anchore service (user=admin url=\(base))\n\n")
        #expect(transport.requests.count == 1)
    }

    @Test func userCommandsDefaultToTheCallersAccountAndUser() async throws {
        let user = try json(UserFixtures.adminUser)
        let transport = Self.transport { _ in ok(user) }
        let result = await Self.run(transport) { session, identity throws(ClientError) in
            try await session.getUser("bob", identity: identity)
            try await session.getUser("bob", account: "", identity: identity)
            try await session.listUsers(account: "team", identity: identity)
            try await session.setPassword("secret99", identity: identity)
            try await session.setPassword("secret99", username: "bob", account: "team", identity: identity)
        }
        #expect(result.status == 0, "\(result.output)")
        #expect(
            Self.commandCalls(transport) == [
                "GET \(Self.users)/bob", "GET \(Self.users)/bob", "GET \(base)/accounts/team/users",
                "POST \(Self.users)/admin/credentials", "POST \(base)/accounts/team/users/bob/credentials",
            ])
        let note = "NOTE: Be sure to change the password you're using for this client if you have reset your own password"
        #expect(result.output.hasSuffix("Password (re)set success\n\(note)\nPassword (re)set success\n\(note)\n"))
    }

    @Test func setPasswordPrintsTheNoteAfterTheJSONToo() async {
        let answer: JSONValue = ["type": "password", "value": "********", "created_at": "2021-10-05T12:00:01Z"]
        let transport = Self.transport { _ in ok(answer) }
        let result = await Self.run(transport, json: true) { session, identity throws(ClientError) in
            try await session.setPassword("secret99", identity: identity)
        }
        #expect(result.status == 0)
        #expect(result.output.hasSuffix("}\nNOTE: Be sure to change the password you're using for this client if you have reset your own password\n"))
    }

    @Test(arguments: ["short", "", "has\nbreak", String(repeating: "x", count: 129)])
    func shortOrMultilinePasswordsAreRefusedBeforeSending(password: String) async {
        let transport = Self.transport { _ in ok([:]) }
        let added = await Self.run(transport) { session, identity throws(ClientError) in
            try await session.addUser("bob", password: password, identity: identity)
        }
        let reset = await Self.run(transport) { session, identity throws(ClientError) in
            try await session.setPassword(password, identity: identity)
        }
        for result in [added, reset] {
            #expect(result.status == 2)
            #expect(result.output == "Error: Please enter a password at least 6 characters long that contains no spaces.\n\n")
        }
        #expect(transport.requests.allSatisfy { $0.method == .get })
    }

    @Test(arguments: ["sixsix", "with spaces ok", "ends-with-newline\n", String(repeating: "x", count: 128)])
    func passwordsPythonsPatternAccepts(password: String) async {
        let transport = Self.transport { _ in ok((try? json(UserFixtures.bot)) ?? .null) }
        let result = await Self.run(transport) { session, identity throws(ClientError) in
            try await session.addUser("bob", password: password, identity: identity)
        }
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(arguments: [
        ("ab", true), ("abc", false), ("a/b,c:d;e<f=g@h^i_j`k~l!m#n$o+p.q-r", false), ("-abc", true), ("abc.", true),
        ("a b", true), ("a>b", true), ("a%b", true), ("ünï", true), (String(repeating: "a", count: 128), false),
        (String(repeating: "a", count: 129), true),
    ])
    func namesFollowTheEnginesPattern(name: String, refused: Bool) async {
        let transport = Self.transport { request in
            request.url.hasSuffix("/users") ? ok((try? json(UserFixtures.bot)) ?? .null) : ok((try? json(AccountFixtures.admin)) ?? .null)
        }
        let account = await Self.run(transport) { session, _ throws(ClientError) in try await session.addAccount(name) }
        let user = await Self.run(transport) { session, identity throws(ClientError) in
            try await session.addUser(name, password: "secret99", identity: identity)
        }
        #expect(account.status == (refused ? 1 : 0), "\(account.output)")
        #expect(user.status == (refused ? 1 : 0), "\(user.output)")
        if refused {
            #expect(account.output.hasPrefix("Error: Invalid account name '\(name)': a name is 3 to 128 characters long"))
            #expect(user.output.hasPrefix("Error: Invalid user name '\(name)': "))
        }
    }

    @Test func rolesAreSentOnlyWhenGivenAndChecked() async throws {
        let user = try json(UserFixtures.bot)
        let transport = Self.transport { _ in ok(user) }
        let result = await Self.run(transport) { session, identity throws(ClientError) in
            try await session.addUser("bob", password: "secret99", account: "team", role: "read-only", identity: identity)
            try await session.setRole("bob", role: "image-analyzer", identity: identity)
        }
        #expect(result.status == 0)
        #expect(transport.requests.dropFirst(3).map(\.description) == [
            #"POST \#(base)/accounts/team/users {"username": "bob", "password": "secret99", "role": "read-only"}"#,
            #"PUT \#(Self.users)/bob/role {"role": "image-analyzer"}"#,
        ])
        for role in ["admin", "owner", ""] {
            let refused = await Self.run(transport) { session, identity throws(ClientError) in
                try await session.setRole("bob", role: role, identity: identity)
            }
            #expect(refused.status == 2)
            #expect(refused.output == "Error: Invalid role '\(role)' (supported roles: full-control, read-write, read-only, image-analyzer)\n\n")
        }
    }

    @Test func setRolePrintsTheUserWithItsRole() async throws {
        guard case .object(var user) = try json(UserFixtures.bot) else { Issue.record("not an object"); return }
        user["role"] = "read-write"
        let transport = Self.transport { [user] _ in ok(.object(user)) }
        let result = await Self.run(transport) { session, identity throws(ClientError) in
            try await session.setRole("ci-bot", role: "read-write", identity: identity)
        }
        var expected = UserFixtures.botLines
        expected.insert("Role: read-write", at: expected.count - 2)
        #expect(lines(result.output) == expected + [""])
    }

    @Test(arguments: [(nil, false), ("n", false), ("", false), ("y", true), ("Y", true), ("yes", false)] as [(String?, Bool)])
    func accountDeleteAsksFirst(answer: String?, deletes: Bool) async {
        let transport = Self.transport { _ in ok(["state": "deleting"]) }
        let result = await Self.run(transport, answers: [answer], note: true) { session, _ throws(ClientError) in
            try await session.deleteAccount("team")
        }
        let prompt = "This operation is irreversible. Really delete account team along with *all* users and resources associated with this account? (y/N)"
        #expect(result.status == 0)
        #expect(result.output == prompt + (deletes ? "Success\n" : ""))
        #expect(Self.commandCalls(transport) == (deletes ? ["DELETE \(base)/accounts/team"] : []))
    }

    @Test func deletingAnEnabledAccountAddsTheNote() async {
        let message = "Invalid account state change requested. Cannot go from state enabled to state deleting"
        let transport = Self.transport { _ in envelope(400, message) }
        let result = await Self.run(transport, note: true) { session, _ throws(ClientError) in
            try await session.deleteAccount("team", dontask: true)
        }
        #expect(result.status == 1)
        #expect(
            result.output == "Error: \(message)\nHTTP Code: 400\nDetail: {'error_codes': []}\n"
                + "\nNOTE: accounts must be disabled (anchore-cli account disable <account>) in order to be deleted\n\n")
        // Only `account del` adds it, and never in --json mode.
        let other = await Self.run(transport) { session, _ throws(ClientError) in try await session.setAccountState("team", enabled: false) }
        #expect(other.status == 1 && !other.output.contains("NOTE"))
        let dumped = await Self.run(transport, json: true, note: true) { session, _ throws(ClientError) in
            try await session.deleteAccount("team", dontask: true)
        }
        #expect(dumped.status == 1 && !dumped.output.contains("NOTE"))
    }

    @Test func accountStateAndUserDeleteSayOnlySuccess() async {
        let transport = Self.transport { request in
            request.method == .delete ? APIResponse(status: 204, body: []) : ok(["state": "enabled"])
        }
        let result = await Self.run(transport) { session, identity throws(ClientError) in
            try await session.setAccountState("team", enabled: true)
            try await session.setAccountState("team", enabled: false)
            try await session.deleteUser("bob", identity: identity)
        }
        #expect(result.status == 0)
        #expect(result.output == "Success\nSuccess\nSuccess\n")
        #expect(Self.commandCalls(transport) == [
            "PUT \(base)/accounts/team/state", "PUT \(base)/accounts/team/state", "DELETE \(Self.users)/bob",
        ])
    }

    @Test func httpErrorsExitAsAnchoreCLI() async {
        for (status, exit) in [(404, Int32(1)), (400, 1), (409, 1), (500, 2), (401, 2)] {
            let transport = Self.transport { _ in envelope(status, "nope") }
            let result = await Self.run(transport) { session, _ throws(ClientError) in try await session.getAccount("ghost") }
            #expect(result.status == exit)
            #expect(result.output.hasPrefix("Error: nope\nHTTP Code: \(status)\n"))
        }
    }
}
