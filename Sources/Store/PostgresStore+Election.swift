import Foundation
import Logging
import PostgresNIO

extension PostgresStore: LeaderElection {
    /// Leads through a session advisory lock held on one pooled connection: the server releases it the moment that
    /// connection ends, whatever happened to the process. While leading, the connection is pinged every `retry`;
    /// a failed ping ends `body` (another process may lead by then).
    public func lead(_ name: String, retry: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws {
        let key = Self.lockKey(name)
        let logger = logger
        while !Task.isCancelled {
            var finished = false
            do {
                finished = try await client.withConnection { connection in
                    let granted = try await connection.rows("SELECT pg_try_advisory_lock(\(key)) AS granted", logger: logger)
                        .first?.value("granted", as: Bool.self) ?? false
                    guard granted else { return false }
                    logger.info("leading", metadata: ["role": "\(name)"])
                    let outcome: Result<Bool, any Error> = await withTaskGroup(of: Result<Bool, any Error>.self) { group in
                        group.addTask {
                            do {
                                try await body()
                                return .success(true)
                            } catch {
                                return .failure(error)
                            }
                        }
                        group.addTask {
                            // Until cancelled or the connection stops answering: then the lead ends.
                            while await Self.answers(connection, within: max(retry, .seconds(2)), logger: logger) {
                                do { try await Task.sleep(for: retry) } catch { break }
                            }
                            return .success(false)
                        }
                        let first = await group.next() ?? .success(false)
                        group.cancelAll()
                        return first
                    }
                    // Back in the pool without the lock (on a broken connection the server has dropped it already).
                    _ = await Self.answers(connection, "SELECT pg_advisory_unlock(\(key))", within: .seconds(2), logger: logger)
                    logger.info("no longer leading", metadata: ["role": "\(name)"])
                    return try outcome.get()
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("lost or could not take the lead", metadata: ["role": "\(name)", "error": "\(error)"])
            }
            if finished || Task.isCancelled { return }
            try await Task.sleep(for: retry)
        }
    }

    /// Whether the connection answers `query` within `timeout`. A query on a connection the server ended may never
    /// answer: it is left behind (it fails when the pool closes the connection), not awaited.
    static func answers(
        _ connection: PostgresConnection, _ query: PostgresQuery = "SELECT 1", within timeout: Duration, logger: Logger
    ) async -> Bool {
        await within(timeout) { (try? await connection.rows(query, logger: logger)) != nil } ?? false
    }

    /// The advisory lock key of a role: a stable 64-bit hash of its name (FNV-1a), apart from the migration lock.
    static func lockKey(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in ("drydock-lead:" + name).utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
