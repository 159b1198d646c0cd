import Foundation
import TestSupport
import Testing

/// `account …` and `account user …` / `user …` through the `drydock` client and the real anchore-cli 0.9.3 (which
/// must be in `DRYDOCK_ANCHORE_CLI`: the test fails, not skips, without it), against a real `drydock serve`.
/// Where anchore-cli has the command the outputs must be equal; Drydock's role shows as one more trailing
/// line/column, so there anchore-cli's output must be what remains without it.
@Suite(.serialized) struct AccountCommandTests {
    @Test func accountAndUserCommandsMatchAnchoreCLI() async throws {
        let anchorePath = try anchoreCLIExecutable().path
        let binary = try DrydockServer.executable()
        let home = try scratchHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"]
        try await DrydockServer.withServer { server in
            func drydock(_ arguments: String..., as user: (String, String)? = nil) async throws -> ToolResult {
                let login = user ?? (server.user, server.password)
                return try await runTool(binary, arguments + ["--url", server.url, "--u", login.0, "--p", login.1], environment: environment)
            }
            func anchore(_ arguments: String..., as user: (String, String)? = nil) async throws -> ToolResult {
                let login = user ?? (server.user, server.password)
                return try await runTool(
                    URL(fileURLWithPath: anchorePath), ["--url", server.url, "--u", login.0, "--p", login.1] + arguments,
                    environment: environment)
            }
            /// Drydock's record text without its `Role: …` line, and that role.
            func withoutRole(_ result: ToolResult) -> (output: String, role: String?) {
                let role = result.lines.first { $0.hasPrefix("Role: ") }
                return (result.lines.filter { $0 != role }.joined(separator: "\n"), role.map { String($0.dropFirst(6)) })
            }
            /// Whether each of anchore-cli's table lines starts Drydock's, and Drydock's header ends in `Role`.
            func tableExtends(_ ours: ToolResult, _ theirs: ToolResult) -> Bool {
                ours.lines.count == theirs.lines.count && zip(ours.lines, theirs.lines).allSatisfy { $0.hasPrefix($1) }
                    && ours.lines.first?.split(separator: " ").last == "Role"
            }

            // whoami: the prelude's two answers.
            let who = try await drydock("account", "whoami")
            let whoCLI = try await anchore("account", "whoami")
            #expect(who.status == 0 && who.output == whoCLI.output, "\(who)\n\(whoCLI)")
            #expect(who.lines.first == "Username: admin" && who.lines.contains("AccountType: admin"), "\(who)")

            // account add / get / list.
            let added = try await drydock("account", "add", "team-dd", "--email", "dd@example.com")
            #expect(added.status == 0, "\(added)")
            #expect(added.lines.prefix(4) == ["Name: team-dd", "Email: dd@example.com", "Type: user", "State: enabled"], "\(added)")
            #expect(added.lines.count == 8 && added.lines[4].hasPrefix("Created: ") && added.lines[4].hasSuffix("Z"), "\(added)")
            let addedCLI = try await anchore("account", "add", "team-cli")
            #expect(addedCLI.status == 0 && addedCLI.lines.prefix(2) == ["Name: team-cli", "Email: None"], "\(addedCLI)")

            let again = try await drydock("account", "add", "team-dd")
            let againCLI = try await anchore("account", "add", "team-dd")
            #expect(again.status == 1 && again.output == againCLI.output, "\(again)\n\(againCLI)")
            #expect(again.lines.first == "Error: Account already exists", "\(again)")

            let badName = try await drydock("account", "add", "x")
            let badNameCLI = try await anchore("account", "add", "x")
            #expect(badName.status == 1 && badNameCLI.status == 1, "\(badName)\n\(badNameCLI)")
            #expect(badName.lines.first?.hasPrefix("Error: Invalid account name 'x'") == true, "\(badName)")

            for name in ["team-dd", "team-cli", "admin"] {
                let got = try await drydock("account", "get", name)
                let gotCLI = try await anchore("account", "get", name)
                #expect(got.status == 0 && got.output == gotCLI.output, "\(got)\n\(gotCLI)")
            }
            let gotJSON = try await drydock("account", "get", "team-dd", "--json")
            let gotJSONCLI = try await anchore("--json", "account", "get", "team-dd")
            #expect(gotJSON.status == 0 && gotJSON.output == gotJSONCLI.output, "\(gotJSON)\n\(gotJSONCLI)")
            let listed = try await drydock("account", "list")
            let listedCLI = try await anchore("account", "list")
            #expect(listed.status == 0 && listed.output == listedCLI.output, "\(listed)\n\(listedCLI)")
            #expect(listed.hasRow("Name", "Email", "Type", "State", "Created"), "\(listed)")
            let missing = try await drydock("account", "get", "ghost-account")
            let missingCLI = try await anchore("account", "get", "ghost-account")
            #expect(missing.status == 1 && missing.output == missingCLI.output, "\(missing)\n\(missingCLI)")

            // An enabled account cannot be deleted (and the NOTE says why); without --dontask nothing is sent.
            let enabledDelete = try await drydock("account", "del", "team-dd", "--dontask")
            let enabledDeleteCLI = try await anchore("account", "del", "team-dd", "--dontask")
            #expect(enabledDelete.status == 1 && enabledDelete.output == enabledDeleteCLI.output, "\(enabledDelete)\n\(enabledDeleteCLI)")
            #expect(enabledDelete.output.contains("NOTE: accounts must be disabled"), "\(enabledDelete)")
            let unconfirmed = try await drydock("account", "del", "team-dd")
            let unconfirmedCLI = try await anchore("account", "del", "team-dd")
            #expect(unconfirmed.status == 0 && unconfirmed.output == unconfirmedCLI.output, "\(unconfirmed)\n\(unconfirmedCLI)")
            #expect(unconfirmed.output.hasSuffix("(y/N)"), "\(unconfirmed)")

            // disable / enable.
            for (verb, state) in [("disable", "disabled"), ("enable", "enabled")] {
                let changed = try await drydock("account", verb, "team-cli")
                #expect(changed.status == 0 && changed.output == "Success\n", "\(changed)")
                let shown = try await anchore("account", "get", "team-cli")
                #expect(shown.lines.contains("State: \(state)"), "\(shown)")
                let changedCLI = try await anchore("account", verb, "team-cli")
                #expect(changedCLI.status == 0 && changedCLI.output == changed.output, "\(changedCLI)")
            }
            let adminDisable = try await drydock("account", "disable", "admin")
            let adminDisableCLI = try await anchore("account", "disable", "admin")
            #expect(adminDisable.status == 1 && adminDisable.output == adminDisableCLI.output, "\(adminDisable)\n\(adminDisableCLI)")

            // user add: anchore-cli's lines, then the role (full-control unless --role says otherwise).
            let alice = try await drydock("account", "user", "add", "alice", "alice-pw-1", "--account", "team-dd")
            #expect(alice.status == 0, "\(alice)")
            #expect(alice.lines.prefix(3) == ["Name: alice", "Type: native", "Source: None"], "\(alice)")
            #expect(alice.lines.dropFirst(4) == ["Role: full-control", "", "", ""], "\(alice)")
            let bob = try await anchore("account", "user", "add", "bob", "bob-pw-1", "--account", "team-dd")
            #expect(bob.status == 0 && bob.lines.first == "Name: bob", "\(bob)")
            let carol = try await drydock("user", "add", "carol", "carol-pw-1", "--account", "team-dd", "--role", "read-only")
            #expect(carol.status == 0 && carol.lines.contains("Role: read-only"), "\(carol)")
            let badRole = try await drydock("user", "add", "dave", "dave-pw-1", "--account", "team-dd", "--role", "owner")
            #expect(badRole.status == 2 && badRole.lines.first?.hasPrefix("Error: Invalid role 'owner'") == true, "\(badRole)")

            let short = try await drydock("account", "user", "add", "erin", "short", "--account", "team-dd")
            let shortCLI = try await anchore("account", "user", "add", "erin", "short", "--account", "team-dd")
            #expect(short.status == 2 && short.output == shortCLI.output, "\(short)\n\(shortCLI)")
            let duplicate = try await drydock("user", "add", "bob", "bob-pw-2", "--account", "team-dd")
            let duplicateCLI = try await anchore("account", "user", "add", "bob", "bob-pw-2", "--account", "team-dd")
            #expect(duplicate.status == 1 && duplicate.output == duplicateCLI.output, "\(duplicate)\n\(duplicateCLI)")

            // user get / list: anchore-cli's output plus the role.
            for name in ["alice", "bob", "carol"] {
                let got = try await drydock("user", "get", name, "--account", "team-dd")
                let gotCLI = try await anchore("account", "user", "get", name, "--account", "team-dd")
                let stripped = withoutRole(got)
                #expect(got.status == 0 && stripped.output == gotCLI.output, "\(got)\n\(gotCLI)")
                #expect(stripped.role == (name == "carol" ? "read-only" : "full-control"), "\(got)")
            }
            let users = try await drydock("account", "user", "list", "--account", "team-dd")
            let usersCLI = try await anchore("account", "user", "list", "--account", "team-dd")
            #expect(users.status == 0 && tableExtends(users, usersCLI), "\(users)\n\(usersCLI)")
            #expect(users.hasRow("Name", "Type", "Source", "Created", "Role"), "\(users)")
            #expect(users.lines.contains { $0.hasPrefix("carol ") && $0.contains(" read-only ") }, "\(users)")
            let alias = try await drydock("user", "list", "--account", "team-dd")
            #expect(alias.status == 0 && alias.output == users.output, "\(alias)")
            let usersJSON = try await drydock("user", "list", "--account", "team-dd", "--json")
            let usersJSONCLI = try await anchore("--json", "account", "user", "list", "--account", "team-dd")
            #expect(usersJSON.status == 0 && usersJSON.output == usersJSONCLI.output, "\(usersJSON)\n\(usersJSONCLI)")
            // Without --account: the caller's account, whose users are administrators.
            let admins = try await drydock("user", "list")
            let adminsCLI = try await anchore("account", "user", "list")
            #expect(admins.status == 0 && tableExtends(admins, adminsCLI), "\(admins)\n\(adminsCLI)")
            #expect(admins.lines.contains { $0.hasPrefix("admin ") && $0.contains(" admin ") }, "\(admins)")
            let missingUser = try await drydock("user", "get", "ghost-user", "--account", "team-dd")
            let missingUserCLI = try await anchore("account", "user", "get", "ghost-user", "--account", "team-dd")
            #expect(missingUser.status == 1 && missingUser.output == missingUserCLI.output, "\(missingUser)\n\(missingUserCLI)")

            // setrole (Drydock only).
            let promoted = try await drydock("user", "setrole", "carol", "read-write", "--account", "team-dd")
            #expect(promoted.status == 0 && withoutRole(promoted).role == "read-write", "\(promoted)")
            let reread = try await drydock("account", "user", "get", "carol", "--account", "team-dd")
            #expect(withoutRole(reread).role == "read-write", "\(reread)")
            #expect(withoutRole(promoted).output == withoutRole(reread).output, "\(promoted)\n\(reread)")
            let unknownRole = try await drydock("user", "setrole", "carol", "superuser", "--account", "team-dd")
            #expect(unknownRole.status == 2 && unknownRole.lines.first?.hasPrefix("Error: Invalid role 'superuser'") == true, "\(unknownRole)")
            let adminRole = try await drydock("user", "setrole", "admin", "read-only")
            #expect(adminRole.status == 1 && adminRole.lines.contains("HTTP Code: 400"), "\(adminRole)")

            // setpassword: the same text from both; the new password works, as the account's own user.
            let reset = try await drydock("account", "user", "setpassword", "alice-pw-2", "--username", "alice", "--account", "team-dd")
            let resetCLI = try await anchore("account", "user", "setpassword", "bob-pw-2", "--username", "bob", "--account", "team-dd")
            #expect(reset.status == 0 && reset.output == resetCLI.output, "\(reset)\n\(resetCLI)")
            #expect(reset.lines.first == "Password (re)set success", "\(reset)")
            let asAlice = try await drydock("account", "whoami", as: ("alice", "alice-pw-2"))
            let asBob = try await anchore("account", "whoami", as: ("bob", "bob-pw-2"))
            #expect(asAlice.status == 0 && asAlice.lines.prefix(2) == ["Username: alice", "AccountName: team-dd"], "\(asAlice)")
            #expect(asBob.status == 0 && asBob.lines.dropFirst() == asAlice.lines.dropFirst(), "\(asBob)\n\(asAlice)")
            let oldPassword = try await drydock("account", "whoami", as: ("alice", "alice-pw-1"))
            let oldPasswordCLI = try await anchore("account", "whoami", as: ("alice", "alice-pw-1"))
            #expect(oldPassword.status == 2 && oldPassword.output == oldPasswordCLI.output, "\(oldPassword)\n\(oldPasswordCLI)")
            let ownReset = try await drydock("user", "setpassword", "alice-pw-3", as: ("alice", "alice-pw-2"))
            #expect(ownReset.status == 0 && ownReset.output == reset.output, "\(ownReset)")
            let shortReset = try await drydock("user", "setpassword", "tiny", as: ("alice", "alice-pw-3"))
            #expect(shortReset.status == 2 && shortReset.lines.first?.hasPrefix("Error: Please enter a password") == true, "\(shortReset)")

            // --as-account: the admin acts for another account; anyone else is refused, by both tools alike.
            let carolLogin = ("carol", "carol-pw-1")
            let actingFor = try await drydock("subscription", "list", "--as-account", "team-dd")
            let actingForCLI = try await anchore("--as-account", "team-dd", "subscription", "list")
            #expect(actingFor.status == 0 && actingFor.output == actingForCLI.output, "\(actingFor)\n\(actingForCLI)")
            let refusedFor = try await drydock("subscription", "list", "--as-account", "admin", as: carolLogin)
            let refusedForCLI = try await anchore("--as-account", "admin", "subscription", "list", as: carolLogin)
            #expect(refusedFor.status == 1 && refusedFor.output.contains("Not authorized"), "\(refusedFor)")
            #expect(refusedFor.output == refusedForCLI.output, "\(refusedFor)\n\(refusedForCLI)")
            // An account that does not exist is refused, not silently given the records.
            let ghost = try await drydock("subscription", "list", "--as-account", "ghost")
            let ghostCLI = try await anchore("--as-account", "ghost", "subscription", "list")
            #expect(ghost.status == 1 && ghost.output == ghostCLI.output, "\(ghost)\n\(ghostCLI)")
            #expect(ghost.lines.prefix(2) == ["Error: Account ghost not found (x-anchore-account)", "HTTP Code: 404"], "\(ghost)")

            // user del.
            let deletedUser = try await drydock("user", "del", "alice", "--account", "team-dd")
            let deletedUserCLI = try await anchore("account", "user", "del", "bob", "--account", "team-dd")
            #expect(deletedUser.status == 0 && deletedUser.output == "Success\n", "\(deletedUser)")
            #expect(deletedUserCLI.status == 0 && deletedUserCLI.output == deletedUser.output, "\(deletedUserCLI)")
            let goneUser = try await drydock("account", "user", "del", "alice", "--account", "team-dd")
            let goneUserCLI = try await anchore("account", "user", "del", "bob", "--account", "team-dd")
            #expect(goneUser.status == 1 && goneUser.output == goneUserCLI.output, "\(goneUser)\n\(goneUserCLI)")
            let selfDelete = try await drydock("user", "del", "admin")
            let selfDeleteCLI = try await anchore("account", "user", "del", "admin")
            #expect(selfDelete.status == 1 && selfDelete.output == selfDeleteCLI.output, "\(selfDelete)\n\(selfDeleteCLI)")

            // account del after disable.
            for name in ["team-dd", "team-cli"] {
                let disabled = try await drydock("account", "disable", name)
                #expect(disabled.status == 0, "\(disabled)")
            }
            let deleted = try await drydock("account", "del", "team-dd", "--dontask")
            let deletedCLI = try await anchore("account", "del", "team-cli", "--dontask")
            #expect(deleted.status == 0 && deleted.output == "Success\n", "\(deleted)")
            #expect(deletedCLI.status == 0 && deletedCLI.output == deleted.output, "\(deletedCLI)")
            let remaining = try await drydock("account", "list")
            let remainingCLI = try await anchore("account", "list")
            #expect(remaining.status == 0 && remaining.output == remainingCLI.output, "\(remaining)\n\(remainingCLI)")
            #expect(!remaining.output.contains("team-"), "\(remaining)")
        }
    }
}
