import Foundation
@testable import Server
import Store
import Testing

/// A remembered Basic check saves the bcrypt run only: what another process on the same database changes (a
/// password, a role, a disabled account, a deleted user) takes effect at the next request, without it telling this
/// one (`forgetAll` is this process's own).
@Suite struct AuthenticatorTests {
    @Test func aRememberedCheckFollowsTheRowsAnotherProcessChanges() async throws {
        let store = MemoryStore()
        let now = Date()
        try await store.insert(Account(name: "team", createdAt: now))
        let firstHash = await Authenticator.hash("first-pw-1")
        try await store.insert(User(username: "alice", account: "team", passwordHash: firstHash, role: .fullControl, createdAt: now))
        let authenticator = Authenticator(store: store)
        #expect(try await authenticator.authenticate(username: "alice", password: "first-pw-1")?.role == .fullControl)

        // Another process changes the role: the next request sees it (the check itself is still remembered).
        try await store.update(User(username: "alice", account: "team", passwordHash: firstHash, role: .readOnly, createdAt: now))
        #expect(try await authenticator.authenticate(username: "alice", password: "first-pw-1")?.role == .readOnly)
        // ... and disables the account: the identity says so (the middleware then refuses it).
        try await store.update(Account(name: "team", state: .disabled, createdAt: now))
        #expect(try await authenticator.authenticate(username: "alice", password: "first-pw-1")?.account.state == .disabled)
        try await store.update(Account(name: "team", createdAt: now))
        // ... and changes the password: the old one no longer opens it, the new one does.
        try await store.update(User(username: "alice", account: "team", passwordHash: await Authenticator.hash("second-pw-2"), role: .readOnly, createdAt: now))
        #expect(try await authenticator.authenticate(username: "alice", password: "first-pw-1") == nil)
        #expect(try await authenticator.authenticate(username: "alice", password: "second-pw-2")?.user == "alice")
        // ... and deletes the user.
        try await store.deleteUser(named: "alice")
        #expect(try await authenticator.authenticate(username: "alice", password: "second-pw-2") == nil)
    }
}
