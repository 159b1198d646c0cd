public import Foundation

/// A running `drydock serve` process as the others see it: what it does and when it last said it was alive.
public struct ServiceInstance: Sendable, Hashable {
    /// Unique to the process (a new one at each start).
    public var id: String
    /// The host and port it serves on, as `/system/services` shows it (`hostid`).
    public var hostID: String
    /// Its roles (`api`, `analyzer`, `watcher`, `feeds`, `notifier`).
    public var roles: [String]
    /// The elected roles (`watcher`, `feeds`, `notifier`) it leads now; of its other elected roles it is a standby.
    public var leading: [String]
    public var baseURL: String
    public var version: String
    public var startedAt: Date
    public var heartbeatAt: Date

    public init(
        id: String, hostID: String, roles: [String], leading: [String] = [], baseURL: String, version: String, startedAt: Date, heartbeatAt: Date
    ) {
        self.id = id
        self.hostID = hostID
        self.roles = roles
        self.leading = leading
        self.baseURL = baseURL
        self.version = version
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
    }
}

/// The processes that share the store, by their heartbeats.
public protocol ServiceInstanceStore: Sendable {
    /// Records a process (or refreshes its roles, address and heartbeat; its start time stays).
    func heartbeat(_ instance: ServiceInstance) async throws(StoreError)
    /// Every recorded process, by start time.
    func serviceInstances() async throws(StoreError) -> [ServiceInstance]
    /// Forgets one process (it stopped).
    func removeServiceInstance(id: String) async throws(StoreError)
    /// Forgets the processes whose last heartbeat is older than `before`; returns how many.
    func removeServiceInstances(before: Date) async throws(StoreError) -> Int
}
