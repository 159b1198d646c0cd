public import Foundation
import PostgresNIO

extension PostgresStore: ServiceInstanceStore {
    public func heartbeat(_ instance: ServiceInstance) async throws(StoreError) {
        try await rows("""
            INSERT INTO service_instances (id, host_id, roles, leads, base_url, version, started_at, heartbeat_at)
            VALUES (\(instance.id), \(instance.hostID), \(instance.roles.joined(separator: ",")), \(instance.leading.joined(separator: ",")),
                \(instance.baseURL), \(instance.version),
                \(instance.startedAt.timeIntervalSince1970), \(instance.heartbeatAt.timeIntervalSince1970))
            ON CONFLICT (id) DO UPDATE SET host_id = excluded.host_id, roles = excluded.roles, leads = excluded.leads,
                base_url = excluded.base_url,
                version = excluded.version, heartbeat_at = excluded.heartbeat_at
            """)
    }

    public func serviceInstances() async throws(StoreError) -> [ServiceInstance] {
        try await rows("SELECT * FROM service_instances ORDER BY started_at, id").map { row throws(StoreError) in
            try decodeRow("service instance") {
                ServiceInstance(
                    id: try row.value("id"), hostID: try row.value("host_id"),
                    roles: try row.value("roles", as: String.self).split(separator: ",").map(String.init),
                    leading: try row.value("leads", as: String.self).split(separator: ",").map(String.init), baseURL: try row.value("base_url"),
                    version: try row.value("version"), startedAt: try row.date("started_at"), heartbeatAt: try row.date("heartbeat_at"))
            }
        }
    }

    public func removeServiceInstance(id: String) async throws(StoreError) {
        try await rows("DELETE FROM service_instances WHERE id = \(id)")
    }

    public func removeServiceInstances(before: Date) async throws(StoreError) -> Int {
        try await rows("DELETE FROM service_instances WHERE heartbeat_at < \(before.timeIntervalSince1970) RETURNING id").count
    }
}
