import Foundation
import Store
public import Logging
public import ServiceLifecycle

/// Syncs the feeds on a schedule: once at start when some enabled feed has never synced (or its last sync is
/// older than the interval), then every interval. A sync already running (one asked for through the API) is
/// left to finish.
public struct FeedSyncScheduler: Service {
    public let vulnerabilities: VulnerabilityService
    public let interval: Duration
    let logger: Logger

    public init(vulnerabilities: VulnerabilityService, interval: Duration, logger: Logger) {
        self.vulnerabilities = vulnerabilities
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        guard interval > .zero, !vulnerabilities.sources.isEmpty else {
            // Nothing to schedule; a service that returns early would end the whole group, so wait for shutdown.
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            if await needsSync() { await syncNow() }
            await repeatEvery(interval) { await syncNow() }
        }
    }

    func needsSync() async -> Bool {
        guard let statuses = try? await vulnerabilities.status() else { return true }
        let now = vulnerabilities.clock()
        return statuses.contains { status in
            guard status.record.enabled else { return false }
            guard let last = status.record.lastFullSync else { return true }
            return now.timeIntervalSince(last) >= Double(interval.components.seconds)
        }
    }

    func syncNow() async {
        do {
            let results = try await vulnerabilities.sync()
            let failed = results.filter { $0.status == "failure" }.map(\.feed)
            if results.contains(where: { $0.status == "cancelled" }) || Task.isCancelled {
                return  // stopping: `sync` said so
            } else if failed.isEmpty {
                logger.info("scheduled feed sync finished", metadata: ["feeds": "\(results.count)"])
            } else {
                logger.warning("scheduled feed sync: some feeds failed; their previous data is kept", metadata: ["failed": "\(failed)"])
            }
        } catch {
            logger.info("scheduled feed sync skipped", metadata: ["reason": "\(error)"])
        }
    }
}
