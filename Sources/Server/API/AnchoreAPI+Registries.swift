import Engine
import Foundation
import Hummingbird
import Registry
import Store

/// `POST /registries` and `PUT /registries/{registry}`: Anchore's `RegistryConfigurationRequest`.
/// `registry_insecure` (plain HTTP) is Drydock's own; Anchore's `registry_verify` is TLS verification.
struct RegistryRequest: Decodable, Sendable {
    var registry: String?
    var registryUser: String?
    var registryPass: String?
    var registryType: String?
    var registryVerify: Bool?
    var registryName: String?
    var registryInsecure: Bool?

    enum CodingKeys: String, CodingKey {
        case registry
        case registryUser = "registry_user"
        case registryPass = "registry_pass"
        case registryType = "registry_type"
        case registryVerify = "registry_verify"
        case registryName = "registry_name"
        case registryInsecure = "registry_insecure"
    }
}

/// Registry credentials of the request's account (reference 2.6). Passwords are sealed before they are stored
/// and never answered nor logged.
extension AnchoreAPI {
    func registerRegistries(on group: RouterGroup<DrydockContext>) {
        group.get("registries", use: listRegistries)
        group.post("registries", use: addRegistry)
        group.get("registries/:registry", use: getRegistry)
        group.put("registries/:registry", use: updateRegistry)
        group.delete("registries/:registry", use: deleteRegistry)
    }

    static let registryTypes = ["docker_v2", "awsecr"]

    /// Anchore's `RegistryConfiguration` (no password).
    static func registryObject(_ record: RegistryRecord) -> [String: Any] {
        [
            "registry": record.registry, "registry_name": record.name, "registry_user": record.username,
            "registry_type": record.type, "registry_verify": record.verifyTLS, "userId": record.account,
            "created_at": anchoreTimestamp(record.createdAt), "last_updated": anchoreTimestamp(record.lastUpdated),
        ]
    }

    @Sendable func listRegistries(_ request: Request, context: DrydockContext) async throws -> Response {
        let records = try await store.registries(account: try context.account)
        return try jsonResponse(object: records.map(Self.registryObject))
    }

    @Sendable func getRegistry(_ request: Request, context: DrydockContext) async throws -> Response {
        let name = try context.parameters.decoded("registry")
        guard let record = try await store.registry(account: try context.account, registry: name) else {
            throw APIError.notFound("registry not found in DB")
        }
        return try jsonResponse(object: [Self.registryObject(record)])
    }

    @Sendable func addRegistry(_ request: Request, context: DrydockContext) async throws -> Response {
        let account = try context.account
        let validate = try request.bool("validate", default: true)
        guard let body = try await request.decode(RegistryRequest.self, limit: maxRequestBytes) else {
            throw APIError.badRequest("the request body is empty")
        }
        let (record, password) = try registryRecord(body, account: account, now: Date())
        if try await store.registry(account: account, registry: record.registry) != nil {
            throw APIError(.conflict, "registry already exists in DB")  // Anchore answers 500; a client's mistake is a 4xx
        }
        if validate { try await validateLogin(record, password: password) }
        try await store.save(record)
        return try jsonResponse(object: [Self.registryObject(record)])
    }

    @Sendable func updateRegistry(_ request: Request, context: DrydockContext) async throws -> Response {
        let account = try context.account
        let name = try context.parameters.decoded("registry")
        let validate = try request.bool("validate", default: true)
        guard let body = try await request.decode(RegistryRequest.self, limit: maxRequestBytes) else {
            throw APIError.badRequest("the request body is empty")
        }
        guard body.registry == nil || body.registry == name else {
            throw APIError(.conflict, "registry name in path does not equal registry name in body")
        }
        guard let existing = try await store.registry(account: account, registry: name) else {
            throw APIError.notFound("could not find existing registry to update")
        }
        var body2 = body
        body2.registry = name
        var (record, password) = try registryRecord(body2, account: account, now: Date())
        record.createdAt = existing.createdAt
        if body.registryInsecure == nil { record.insecure = existing.insecure }
        if validate { try await validateLogin(record, password: password) }
        try await store.save(record)
        return try jsonResponse(object: [Self.registryObject(record)])
    }

    @Sendable func deleteRegistry(_ request: Request, context: DrydockContext) async throws -> Response {
        let name = try context.parameters.decoded("registry")
        guard try await store.deleteRegistry(account: try context.account, registry: name) else {
            throw APIError.notFound("registry not found in DB")
        }
        return try jsonResponse(object: true)
    }

    /// Checks a request and makes the record it asks for, with the password sealed.
    func registryRecord(_ body: RegistryRequest, account: String, now: Date) throws -> (RegistryRecord, String) {
        guard let registry = body.registry?.trimmingCharacters(in: .whitespaces), !registry.isEmpty else {
            throw APIError.badRequest("'registry' is a required property")
        }
        let lowered = registry.lowercased()
        if registry.hasSuffix("/") || lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            throw APIError(
                .conflict,
                "registry name (\(registry)) must not end in a '/' or begin with 'http(s)://' - must be of form 'host[:port][/repo[/*]]'")
        }
        guard registry.allSatisfy({ !$0.isWhitespace && $0.isASCII }) else {
            throw APIError.badRequest("registry name (\(registry)) must not contain spaces or non-ASCII characters")
        }
        guard let user = body.registryUser, !user.isEmpty else { throw APIError.badRequest("'registry_user' is a required property") }
        guard let password = body.registryPass, !password.isEmpty else {
            throw APIError.badRequest("'registry_pass' is a required property")
        }
        let type = body.registryType ?? "docker_v2"
        guard Self.registryTypes.contains(type) else {
            throw APIError.badRequest("input registry type not supported (supported registry_types: \(Self.registryTypes))")
        }
        guard type == "docker_v2" else {
            throw APIError(.notAcceptable, "registry type \(type) is not supported by this service; use docker_v2 with a user and password")
        }
        let sealed = try registryCredentials.cipher.seal(password, context: RegistryRecord.sealingContext(account: account, registry: registry))
        let name = body.registryName.flatMap { $0.isEmpty ? nil : $0 } ?? registry
        let record = RegistryRecord(
            account: account, registry: registry, name: name, type: type, username: user, encryptedPassword: sealed,
            verifyTLS: body.registryVerify ?? true, insecure: body.registryInsecure, createdAt: now)
        return (record, password)
    }

    /// A real login with the credentials; Anchore's 406 when the registry refuses them or cannot be reached.
    func validateLogin(_ record: RegistryRecord, password: String) async throws {
        do {
            try await registryCredentials.validate(record, password: password)
        } catch {
            let code = error.code == .unauthorized || error.code == .denied ? "REGISTRY_PERMISSION_DENIED" : "REGISTRY_NOT_ACCESSIBLE"
            throw APIError(
                .notAcceptable, "cannot ping supplied registry with supplied credentials - exception: \(error.message)",
                detail: ["raw_exception_message": error.message], errorCodes: [code])
        }
    }
}
