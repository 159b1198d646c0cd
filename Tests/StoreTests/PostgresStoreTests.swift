import Foundation
import Logging
import Store
import TestSupport
import Testing

/// What only the PostgreSQL store has: a URL to read, a schema that several processes migrate once, a server
/// that may not be there.
@Suite struct PostgresStoreTests {
    static var logger: Logger {
        var logger = Logger(label: "postgres-store-test")
        logger.logLevel = .critical
        return logger
    }

    @Test func processesStartingTogetherMigrateOnceAndANewerSchemaIsRefused() async throws {
        try await PostgresServer.withServer { server in
            let url = server.url + "?sslmode=disable"
            // Four processes open one fresh database at once: one migrates, the others wait and find it done.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let store = try await PostgresStore(url: url, logger: Self.logger)
                        store.shutdown()
                    }
                }
                try await group.waitForAll()
            }
            // Each migration was applied once.
            #expect(try server.psql("SELECT COUNT(*) = COUNT(DISTINCT version) AND COUNT(*) > 0 FROM drydock_schema").trimmingCharacters(in: .whitespacesAndNewlines) == "t")
            // A database a newer Drydock wrote is refused, and left as it was.
            try server.psql("INSERT INTO drydock_schema (version) VALUES (99)")
            await #expect {
                _ = try await PostgresStore(url: url, logger: Self.logger)
            } throws: { error in
                (error as? StoreError)?.message.contains("newer Drydock") == true
            }
            #expect(try server.psql("SELECT MAX(version) FROM drydock_schema").trimmingCharacters(in: .whitespacesAndNewlines) == "99")
        }
    }

    @Test(arguments: [
        "mysql://drydock@127.0.0.1/db", "postgres://127.0.0.1:5432/db", "postgres:///db", "not a url",
        "postgres://drydock@127.0.0.1/db?sslmode=sometimes",
    ])
    func aMalformedURLIsRefusedWithWhatIsWrong(url: String) async throws {
        await #expect {
            _ = try await PostgresStore(url: url, logger: Self.logger)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .database && (error.message.contains("postgres://USER") || error.message.contains("user")
                || error.message.contains("sslmode"))
        }
    }

    @Test func anUnreachableServerFailsWithItsAddressAndTheTimeout() async throws {
        let port = try FreePort.next()  // nothing listens there
        let started = ContinuousClock.now
        await #expect {
            _ = try await PostgresStore(url: "postgres://drydock@127.0.0.1:\(port)/postgres?sslmode=disable", logger: Self.logger)
        } throws: { error in
            (error as? StoreError)?.message.contains("cannot reach PostgreSQL at 127.0.0.1:\(port) within 15 s") == true
        }
        // The start's own bound is 15 s (the message says so); this only proves it does not hang, on a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(120))
    }

    @Test func aRestartedServerIsReconnectedToAndNothingStoredIsLost() async throws {
        try await PostgresServer.withServer(durable: true) { server in
            let store = try await PostgresStore(url: server.url + "?sslmode=disable", logger: Self.logger)
            defer { store.shutdown() }
            try await store.insert(Account(name: "before", createdAt: Date(timeIntervalSince1970: 1)))
            try await server.restart()
            // A request on a connection the restart cut may fail once; the pool then connects again.
            var names: [String] = []
            for _ in 0..<100 {
                if let accounts = try? await store.accounts() {
                    names = accounts.map(\.name)
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(names == ["before"])
            try await store.insert(Account(name: "after", createdAt: Date(timeIntervalSince1970: 2)))
            #expect(try await store.accounts().map(\.name) == ["after", "before"])
        }
    }
}
