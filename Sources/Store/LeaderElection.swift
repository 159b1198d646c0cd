/// Which of the processes sharing a store runs a singleton (the tag watcher, the feed sync, the webhook notifier).
public protocol LeaderElection: Sendable {
    /// Runs `body` while this process leads `name`: waits until no other process does (trying every `retry`), and
    /// cancels `body` when the lead is lost (on PostgreSQL: its connection broke, so another process may have
    /// taken over), then waits again. Returns when `body` returns or the calling task is cancelled.
    func lead(_ name: String, retry: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws
}

extension SQLiteStore: LeaderElection {
    /// One process owns the embedded database: it leads everything.
    public func lead(_ name: String, retry: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await body()
    }
}

extension MemoryStore: LeaderElection {
    /// Leads among the users of this store in one process (tests of what several processes do).
    public func lead(_ name: String, retry: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws {
        while !leaders.insert(name).inserted {
            try await Task.sleep(for: retry)
        }
        defer { leaders.remove(name) }
        try await body()
    }
}
