public import Foundation

extension MemoryStore: ServiceInstanceStore {
    public func heartbeat(_ instance: ServiceInstance) async throws(StoreError) {
        var record = instance
        if let stored = instances[instance.id] { record.startedAt = stored.startedAt }
        instances[instance.id] = record
    }

    public func serviceInstances() async throws(StoreError) -> [ServiceInstance] {
        instances.values.sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
    }

    public func removeServiceInstance(id: String) async throws(StoreError) { instances[id] = nil }

    public func removeServiceInstances(before: Date) async throws(StoreError) -> Int {
        let stale = instances.values.filter { $0.heartbeatAt < before }
        for instance in stale { instances[instance.id] = nil }
        return stale.count
    }
}
