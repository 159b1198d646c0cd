import Foundation
import Logging
import Store
import Synchronization
import TestSupport
import Testing

/// One leader per name among the users of one store; the next takes over when the leader stops or its
/// connection dies.
@Suite struct LeaderElectionTests {
    final class Leads: Sendable {
        let names = Mutex<[String]>([])
        func add(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    /// Waits (bounded) until `condition` holds.
    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<300 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Two contenders on `first` and `second` (the same store, or two connections to one database).
    static func takeOver(first: any LeaderElection, second: any LeaderElection, kill: (() async throws -> Void)? = nil) async throws {
        let leads = Leads()
        let retry = Duration.milliseconds(200)
        let a = Task { try await first.lead("feeds", retry: retry) { leads.add("a"); try await Task.sleep(for: .seconds(3600)) } }
        #expect(try await eventually { leads.all == ["a"] })
        let b = Task { try await second.lead("feeds", retry: retry) { leads.add("b"); try await Task.sleep(for: .seconds(3600)) } }
        // Another name is led at the same time by whoever asks.
        let other = Task { try await second.lead("notifier", retry: retry) { leads.add("b-notifier") } }
        _ = try await other.value
        try await Task.sleep(for: .milliseconds(600))
        #expect(leads.all == ["a", "b-notifier"])
        // The leader goes: killed (its connection ended by the server) or stopped.
        if let kill { try await kill() } else { a.cancel() }
        #expect(try await eventually { leads.all.last == "b" }, "\(leads.all)")
        a.cancel()
        b.cancel()
        _ = try? await a.value
        _ = try? await b.value
        #expect(leads.all.filter { $0 == "b" }.count == 1)
    }

    @Test func inMemoryTheNextContenderLeadsWhenTheLeaderStops() async throws {
        let store = MemoryStore()
        try await Self.takeOver(first: store, second: store)
    }

    @Test(arguments: [false, true]) func onPostgreSQLOneProcessLeadsUntilItStopsOrItsConnectionDies(killed: Bool) async throws {
        try await PostgresServer.withServer { server in
            var logger = Logger(label: "election-test")
            logger.logLevel = .critical
            let url = server.url + "?sslmode=disable"
            let first = try await PostgresStore(url: url, logger: logger)
            let second = try await PostgresStore(url: url, logger: logger)
            defer {
                first.shutdown()
                second.shutdown()
            }
            try await Self.takeOver(first: first, second: second, kill: killed ? {
                // The server ends the session holding the lock, as when the leader's host vanishes.
                try server.psql("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted")
            } : nil)
        }
    }
}
