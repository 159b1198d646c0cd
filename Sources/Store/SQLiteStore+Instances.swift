public import Foundation
import GRDB

extension SQLiteStore: ServiceInstanceStore {
    public func heartbeat(_ instance: ServiceInstance) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO service_instances (id, host_id, roles, leads, base_url, version, started_at, heartbeat_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET host_id = excluded.host_id, roles = excluded.roles, leads = excluded.leads,
                        base_url = excluded.base_url,
                        version = excluded.version, heartbeat_at = excluded.heartbeat_at
                    """,
                arguments: [instance.id, instance.hostID, instance.roles.joined(separator: ","), instance.leading.joined(separator: ","),
                            instance.baseURL, instance.version,
                            instance.startedAt.timeIntervalSince1970, instance.heartbeatAt.timeIntervalSince1970])
        }
    }

    public func serviceInstances() async throws(StoreError) -> [ServiceInstance] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM service_instances ORDER BY started_at, id").map { row in
                ServiceInstance(
                    id: row["id"], hostID: row["host_id"], roles: (row["roles"] as String).split(separator: ",").map(String.init),
                    leading: (row["leads"] as String).split(separator: ",").map(String.init),
                    baseURL: row["base_url"], version: row["version"], startedAt: Date(timeIntervalSince1970: row["started_at"]),
                    heartbeatAt: Date(timeIntervalSince1970: row["heartbeat_at"]))
            }
        }
    }

    public func removeServiceInstance(id: String) async throws(StoreError) {
        try await write { db in try db.execute(sql: "DELETE FROM service_instances WHERE id = ?", arguments: [id]) }
    }

    public func removeServiceInstances(before: Date) async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM service_instances WHERE heartbeat_at < ?", arguments: [before.timeIntervalSince1970])
            return db.changesCount
        }
    }
}
