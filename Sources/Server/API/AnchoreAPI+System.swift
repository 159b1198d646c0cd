import Engine
import Foundation
import Hummingbird
import Store

extension AnchoreAPI {
    /// The service names anchore-cli's `system wait` waits for; one process plays all of them.
    static let serviceNames = ["apiext", "catalog", "simplequeue", "analyzer", "policy_engine"]
    /// The engine version and DB schema version reported (what anchore-cli prints as Engine versions).
    static let engineVersion = "1.1.0"
    static let dbVersion = "0.0.16"

    func registerSystem(on group: RouterGroup<DrydockContext>) {
        group.get("system", use: system)
        group.get("system/services", use: services)
        group.get("system/services/:name", use: services)
        group.get("system/services/:name/:hostid", use: services)
        group.get("system/error_codes", use: errorCodes)
        group.get("status", use: status)
        group.get("account", use: whoamiAccount)
        group.get("user", use: whoamiUser)
    }

    var hostID: String { EventLog.defaultHostID }

    func serviceObjects(named name: String? = nil) -> [[String: Any]] {
        Self.serviceNames.filter { name == nil || $0 == name }.map { service in
            [
                "hostid": hostID, "servicename": service, "base_url": baseURL, "status": true,
                "status_message": "available", "version": Self.engineVersion,
                "service_detail": [
                    "up": true, "available": true, "busy": false, "message": "all good",
                    "version": Self.engineVersion, "db_version": Self.dbVersion,
                    "detail": ["drydock_version": drydockVersion, "started_at": anchoreTimestamp(startedAt)],
                ] as [String: Any],
            ]
        }
    }

    @Sendable func system(_ request: Request, context: DrydockContext) async throws -> Response {
        _ = try context.account
        return try jsonResponse(object: ["service_states": serviceObjects()])
    }

    @Sendable func services(_ request: Request, context: DrydockContext) async throws -> Response {
        _ = try context.account
        let name = try context.parameters.get("name").map { _ in try context.parameters.decoded("name") }
        let list = serviceObjects(named: name)
        if let name, list.isEmpty { throw APIError.notFound("service \(name) not found") }
        return try jsonResponse(object: list)
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
