import Foundation
import Store
@testable import Server
import Synchronization
import Testing

/// Session lifetimes on a clock the test moves: idle expiry, activity keeping a session alive, the absolute
/// maximum, and ending a user's sessions.
@Suite struct SessionStoreTests {
    final class ManualClock: Sendable {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let offset = Mutex(0.0)
        func advance(_ duration: Duration) { offset.withLock { $0 += Double(duration.components.seconds) } }
        var now: Date { start + offset.withLock { $0 } }
    }

    @Test func idleSessionsExpireAndActivityKeepsThemAlive() async throws {
        let clock = ManualClock()
        let store = SessionStore(store: MemoryStore(), idleTimeout: .seconds(60), maximumAge: .seconds(300), now: { clock.now })
        let (token, created) = try await store.create(username: "alice")
        #expect(created.csrfToken.count == 43 && token.count == 43 && token != created.csrfToken)
        for _ in 0..<4 {
            clock.advance(.seconds(50))
            #expect(await store.session(token: token)?.username == "alice")
        }
        clock.advance(.seconds(61))
        #expect(await store.session(token: token) == nil)
        #expect(await store.session(token: token) == nil, "an expired session stays gone")
    }

    @Test func sessionsEndAtTheMaximumAgeWhateverTheActivity() async throws {
        let clock = ManualClock()
        let store = SessionStore(store: MemoryStore(), idleTimeout: .seconds(60), maximumAge: .seconds(150), now: { clock.now })
        let (token, _) = try await store.create(username: "bob")
        for _ in 0..<2 {
            clock.advance(.seconds(59))
            #expect(await store.session(token: token) != nil)
        }
        clock.advance(.seconds(59))
        #expect(await store.session(token: token) == nil)
    }

    @Test func endingAUsersSessionsLeavesOthers() async throws {
        let store = SessionStore(store: MemoryStore(), idleTimeout: .seconds(60))
        let (alice1, _) = try await store.create(username: "alice")
        let (alice2, _) = try await store.create(username: "alice")
        let (bob, _) = try await store.create(username: "bob")
        try await store.end(username: "alice")
        #expect(await store.session(token: alice1) == nil)
        #expect(await store.session(token: alice2) == nil)
        #expect(await store.session(token: bob) != nil)
        try await store.end(token: bob)
        #expect(await store.session(token: bob) == nil)
        #expect(await store.session(token: "made-up") == nil)
    }

    /// Sessions are kept in the store: another api process on it (or this one after a restart) knows them; the
    /// store holds the token's hash, never the token.
    @Test func anotherProcessOnTheStoreKnowsTheSessionAndTheTokenIsNotStored() async throws {
        let shared = MemoryStore()
        let first = SessionStore(store: shared, idleTimeout: .seconds(60))
        let second = SessionStore(store: shared, idleTimeout: .seconds(60))
        let (token, created) = try await first.create(username: "carol")
        #expect(await second.session(token: token)?.csrfToken == created.csrfToken)
        #expect(try await shared.webSession(tokenHash: token) == nil)
        #expect(try await shared.webSession(tokenHash: SessionStore.key(token))?.username == "carol")
        try await second.end(username: "carol")
        #expect(await first.session(token: token) == nil)
    }
}
