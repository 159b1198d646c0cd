public import Foundation
public import Logging
public import ServiceLifecycle
public import Store
import Synchronization

/// Keeps this process's row in the store alive: a heartbeat every `interval`, the row removed when the process
/// stops gracefully. Rows silent for a day are forgotten. What `/system/services` lists.
public struct ProcessHeartbeat: Service {
    public let store: any ServiceInstanceStore
    public let instance: ServiceInstance
    public let interval: Duration
    public let logger: Logger
    /// The elected roles this process leads now (written with each heartbeat).
    let leading: Leading

    final class Leading: Sendable {
        let roles: Mutex<Set<String>>
        init(_ roles: Set<String>) { self.roles = Mutex(roles) }
    }

    /// A process whose heartbeat is older than this many intervals is shown `down`.
    public static let missedBeats = 3

    /// How often a process says it is alive.
    public static let defaultInterval: Duration = .seconds(10)

    public init(store: any ServiceInstanceStore, instance: ServiceInstance, interval: Duration = Self.defaultInterval, logger: Logger) {
        self.store = store
        self.instance = instance
        self.interval = interval
        self.logger = logger
        leading = Leading(Set(instance.leading))
    }

    /// Records that this process now leads (or no longer leads) an elected role, at once.
    public func setLeading(_ role: String, _ leads: Bool) async {
        leading.roles.withLock { roles in
            if leads { roles.insert(role) } else { roles.remove(role) }
        }
        await beat()
    }

    /// Writes one heartbeat now (the start writes the first before it serves).
    public func beat(at now: Date = Date()) async {
        var instance = instance
        instance.heartbeatAt = now
        instance.leading = leading.roles.withLock { $0.sorted() }
        do {
            try await store.heartbeat(instance)
        } catch {
            // A stopping process's last beats (its elected roles stepping down) are cancelled with it: its row goes
            // when `run` ends, so there is nothing to report.
            if Task.isCancelled || (error as? StoreError)?.isCancellation == true { return }
            logger.warning("cannot record this process's heartbeat", metadata: ["error": "\(error)"])
        }
    }

    public func run() async throws {
        await repeatEvery(interval) {
            await beat()
            _ = try? await store.removeServiceInstances(before: Date() - 86_400)
        }
        // The row goes at a graceful stop, which cancels this task: removed from a task of its own, which the
        // cancellation does not reach (the store refuses a cancelled task's writes).
        let rows = store, id = instance.id
        do {
            try await Task { try await rows.removeServiceInstance(id: id) }.value
        } catch {
            logger.warning("cannot remove this process's row; it shows as down until it is forgotten", metadata: ["error": "\(error)"])
        }
    }

    /// Whether a row's last heartbeat is recent enough for the process to count as up.
    public static func isUp(_ instance: ServiceInstance, interval: Duration, now: Date = Date()) -> Bool {
        now.timeIntervalSince(instance.heartbeatAt) <= Double(interval.components.seconds) * Double(missedBeats)
    }
}
