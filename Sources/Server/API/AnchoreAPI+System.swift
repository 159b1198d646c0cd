import Engine
import Foundation
import Hummingbird
import Store

extension AnchoreAPI {
    /// The engine version and DB schema version reported (what anchore-cli prints as Engine versions).
    static let engineVersion = "1.1.0"
    static let dbVersion = "0.0.16"

    func registerSystem(on group: RouterGroup<DrydockContext>) {
        group.get("system", use: system)
        group.get("system/services", use: services)
        group.get("system/services/:name", use: services)
        group.get("system/services/:name/:hostid", use: services)
        group.delete("system/services/:name/:hostid", use: deleteService)
        group.get("system/error_codes", use: errorCodes)
        group.get("status", use: status)
        group.get("account", use: whoamiAccount)
        group.get("user", use: whoamiUser)
    }

    /// What the processes sharing the store do, one entry per (process, role) under Anchore's service names, each
    /// `up` while the process's heartbeat is recent. One process with every role plays all five services.
    func serviceObjects(named name: String? = nil, hostID: String? = nil) async throws -> [[String: Any]] {
        let now = Date()
        var objects: [[String: Any]] = []
        for instance in try await store.serviceInstances() where hostID == nil || instance.hostID == hostID {
            let up = ProcessHeartbeat.isUp(instance, interval: ProcessHeartbeat.defaultInterval, now: now)
            for role in instance.roles.compactMap(ServiceRole.init(rawValue:)).sorted() {
                let service = role.anchoreServiceName
                guard name == nil || service == name else { continue }
                // An elected role the process does not lead: up, but a standby.
                let standby = role.isElected && !instance.leading.contains(role.rawValue)
                objects.append([
                    "hostid": instance.hostID, "servicename": service, "base_url": instance.baseURL, "status": up,
                    "status_message": up ? (standby ? "standby" : "available") : "unavailable", "version": Self.engineVersion,
                    "service_detail": [
                        "up": up, "available": up, "busy": false, "message": up ? "all good" : "no heartbeat since \(anchoreTimestamp(instance.heartbeatAt))",
                        "version": Self.engineVersion, "db_version": Self.dbVersion,
                        "detail": [
                            "drydock_version": instance.version, "started_at": anchoreTimestamp(instance.startedAt),
                            "last_heartbeat": anchoreTimestamp(instance.heartbeatAt), "roles": instance.roles,
                            "leading": instance.leading,
                        ] as [String: Any],
                    ] as [String: Any],
                ])
            }
        }
        return objects
    }

    @Sendable func system(_ request: Request, context: DrydockContext) async throws -> Response {
        _ = try context.account
        return try jsonResponse(object: ["service_states": try await serviceObjects()])
    }

    @Sendable func services(_ request: Request, context: DrydockContext) async throws -> Response {
        _ = try context.account
        let name = try context.parameters.get("name").map { _ in try context.parameters.decoded("name") }
        let hostID = try context.parameters.get("hostid").map { _ in try context.parameters.decoded("hostid") }
        let list = try await serviceObjects(named: name, hostID: hostID)
        if let name, list.isEmpty { throw APIError.notFound("service \(name)\(hostID.map { " on \($0)" } ?? "") not found") }
        return try jsonResponse(object: list)
    }

    /// `DELETE /system/services/{name}/{hostid}` (`system del`): forgets a process that stopped without saying so
    /// (its services show `down`). A process that is up is refused: it would record itself again at its next heartbeat.
    @Sendable func deleteService(_ request: Request, context: DrydockContext) async throws -> Response {
        let name = try context.parameters.decoded("name")
        let hostID = try context.parameters.decoded("hostid")
        let now = Date()
        let instances = try await store.serviceInstances().filter { instance in
            instance.hostID == hostID && instance.roles.compactMap(ServiceRole.init(rawValue:)).contains { $0.anchoreServiceName == name }
        }
        guard !instances.isEmpty else { throw APIError.notFound("service \(name) on \(hostID) not found") }
        if instances.contains(where: { ProcessHeartbeat.isUp($0, interval: ProcessHeartbeat.defaultInterval, now: now) }) {
            throw APIError(.conflict, "service \(name) on \(hostID) is up: only a service that is down can be deleted")
        }
        for instance in instances { try await store.removeServiceInstance(id: instance.id) }
        return try jsonResponse(object: true)
    }

    @Sendable func status(_ request: Request, context: DrydockContext) async throws -> Response {
        _ = try context.account
        return try jsonResponse(object: ["busy": false, "up": true, "message": "all good", "version": drydockVersion, "db_version": Self.dbVersion])
    }

    @Sendable func errorCodes(_ request: Request, context: DrydockContext) async throws -> Response {
        let codes: [(String, String)] = [
            ("REGISTRY_PERMISSION_DENIED", "Registry credentials are invalid or do not allow pulling the image"),
            ("REGISTRY_IMAGE_NOT_FOUND", "The image is not in the registry"),
            ("REGISTRY_NOT_ACCESSIBLE", "The registry cannot be reached"),
            ("REGISTRY_NOT_SUPPORTED", "The registry or image format is not supported"),
            ("UNKNOWN", "An unknown error"),
            ("FEED_SYNC_ALREADY_IN_PROGRESS", "A feed sync is already running"),
            ("OSARCH_MISMATCH", "The image's OS or architecture does not match"),
        ]
        return try jsonResponse(object: codes.map { ["name": $0.0, "description": $0.1] })
    }

    @Sendable func whoamiAccount(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let identity = context.identity else { throw UnauthorizedError() }
        let account = identity.account
        return try jsonResponse(object: [
            "name": account.name, "type": account.type.rawValue, "state": account.state.rawValue,
            "email": account.email as Any? ?? NSNull(), "created_at": rfc3339(account.createdAt),
            "last_updated": rfc3339(account.lastUpdated),
        ])
    }

    @Sendable func whoamiUser(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let identity = context.identity, let user = try await store.user(named: identity.user) else { throw UnauthorizedError() }
        return try jsonResponse(object: Self.userObject(user, in: identity.account))
    }
}
