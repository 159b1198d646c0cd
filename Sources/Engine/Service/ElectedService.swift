public import Logging
public import ServiceLifecycle
public import Store

/// Services of which one instance runs among the processes sharing a store (the watchers, the feed sync, the
/// notifier): this process runs them while it leads `name`, and waits otherwise, ready to take over when the leader
/// dies. On the embedded database the one process always leads.
public struct ElectedService: Service {
    public let name: String
    public let election: any LeaderElection
    public let services: [any Service]
    /// How often a waiting process tries to take the lead, and how often the leader checks it still has it.
    public let retry: Duration
    /// Told when this process starts (true) and stops (false) leading.
    public let onLead: (@Sendable (Bool) async -> Void)?

    public init(
        _ name: String, election: any LeaderElection, services: [any Service], retry: Duration = .seconds(5),
        onLead: (@Sendable (Bool) async -> Void)? = nil
    ) {
        self.name = name
        self.election = election
        self.services = services
        self.retry = retry
        self.onLead = onLead
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await election.lead(name, retry: retry) {
                await onLead?(true)
                do {
                    try await withThrowingDiscardingTaskGroup { group in
                        for service in services { group.addTask { try await service.run() } }
                    }
                } catch {
                    await onLead?(false)
                    throw error
                }
                await onLead?(false)
            }
        }
    }
}
