@testable import Server
import Synchronization
import Testing

/// Session lifetimes on a clock the test moves: idle expiry, activity keeping a session alive, the absolute
/// maximum, and ending a user's sessions.
@Suite struct SessionStoreTests {
    final class ManualClock: Sendable {
        let start = ContinuousClock.now
        let offset = Mutex(Duration.zero)
        func advance(_ duration: Duration) { offset.withLock { $0 += duration } }
        var now: ContinuousClock.Instant { start + offset.withLock { $0 } }
    }

    @Test func idleSessionsExpireAndActivityKeepsThemAlive() async {
        let clock = ManualClock()
        let store = SessionStore(idleTimeout: .seconds(60), maximumAge: .seconds(300), now: { clock.now })
        let (token, created) = await store.create(username: "alice")
        #expect(created.csrfToken.count == 43 && token.count == 43 && token != created.csrfToken)
        for _ in 0..<4 {
            clock.advance(.seconds(50))
            #expect(await store.session(token: token)?.username == "alice")
        }
        clock.advance(.seconds(61))
        #expect(await store.session(token: token) == nil)
        #expect(await store.session(token: token) == nil, "an expired session stays gone")
    }

    @Test func sessionsEndAtTheMaximumAgeWhateverTheActivity() async {
        let clock = ManualClock()
        let store = SessionStore(idleTimeout: .seconds(60), maximumAge: .seconds(150), now: { clock.now })
        let (token, _) = await store.create(username: "bob")
        for _ in 0..<2 {
            clock.advance(.seconds(59))
            #expect(await store.session(token: token) != nil)
        }
        clock.advance(.seconds(59))
        #expect(await store.session(token: token) == nil)
    }

    @Test func endingAUsersSessionsLeavesOthers() async {
        let store = SessionStore(idleTimeout: .seconds(60))
        let (alice1, _) = await store.create(username: "alice")
        let (alice2, _) = await store.create(username: "alice")
        let (bob, _) = await store.create(username: "bob")
        await store.end(username: "alice")
        #expect(await store.session(token: alice1) == nil)
        #expect(await store.session(token: alice2) == nil)
        #expect(await store.session(token: bob) != nil)
        await store.end(token: bob)
        #expect(await store.session(token: bob) == nil)
        #expect(await store.session(token: "made-up") == nil)
    }
}
