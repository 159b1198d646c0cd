import Foundation

/// The requests of `registry add|update|del|list|get` (`anchorecli/clients/apiexternal.py`).
extension AnchoreEndpoints {
    /// `get_registry`: `GET /registries[/<quote(registry, "")>]`.
    public func registries(_ registry: String? = nil) -> APIRequest {
        var target = root + "/registries"
        if let registry { target += "/" + PercentEncoding.quote(registry) }
        return APIRequest(.get, target)
    }

    /// `add_registry`: `POST /registries?validate=True|False`; `update_registry`: `PUT /registries/<quote>?validate=…`.
    /// Both send every key: `registry`, `registry_user`, `registry_pass`, `registry_type`, `registry_verify`
    /// (= not insecure), `registry_name`.
    public func saveRegistry(
        _ registry: String, user: String, password: String, type: String, insecure: Bool, validate: Bool, name: String,
        update: Bool
    ) -> APIRequest {
        let body: JSONValue = [
            "registry": .string(registry), "registry_user": .string(user), "registry_pass": .string(password),
            "registry_type": .string(type), "registry_verify": .bool(!insecure), "registry_name": .string(name),
        ]
        let target = root + "/registries" + (update ? "/" + PercentEncoding.quote(registry) : "") + "?validate=" + Self.python(validate)
        return APIRequest(update ? .put : .post, target, body: body.pythonJSON)
    }

    /// `delete_registry`: `DELETE /registries/<quote(registry, "")>`.
    public func deleteRegistry(_ registry: String) -> APIRequest {
        APIRequest(.delete, root + "/registries/" + PercentEncoding.quote(registry))
    }
}

extension PercentEncoding {
    /// `urllib.parse.quote(text, "")`: as ``quotePlus(_:)`` but a space is `%20`.
    public static func quote(_ text: String) -> String {
        quotePlus(text).replacingOccurrences(of: "+", with: "%20")
    }
}

/// `registry add|update|del|list|get` as anchore-cli 0.9.3 runs them (`anchorecli/cli/registry.py`).
extension ClientSession {
    static let registryTypes = ["docker_v2", "awsecr"]

    /// `registry add REGISTRY USER PASS [--insecure] [--registry-type T] [--skip-validate] [--registry-name N]`.
    public func addRegistry(
        _ registry: String, user: String, password: String, insecure: Bool = false, type: String? = nil,
        skipValidate: Bool = false, name: String? = nil
    ) async throws(ClientError) {
        if let type, !Self.registryTypes.contains(type) {
            throw ClientError(
                .invalidInput, "input registry type not supported (supported registry_types: ['docker_v2', 'awsecr']")
        }
        var chosen = type ?? "docker_v2"
        if type == nil, registry.range(of: #"^[0-9]+\.dkr\.ecr\..*\.amazonaws\.com"#, options: .regularExpression) != nil {
            console.progress(
                "WARN: setting registry type to 'awsecr' based on form of input registry name, remove and re-add using '--registry-type docker_v2' to override\n")
            chosen = "awsecr"
        }
        let request = endpoints.saveRegistry(
            registry, user: user, password: password, type: chosen, insecure: insecure, validate: !skipValidate,
            name: name.flatMap { $0.isEmpty ? nil : $0 } ?? registry, update: false)
        emit(try await payload(of: request), RegistryFormatter.records)
    }

    /// `registry update REGISTRY USER PASS [--insecure] [--registry-type T] [--skip-validate] [--registry-name N]`.
    public func updateRegistry(
        _ registry: String, user: String, password: String, insecure: Bool = false, type: String = "docker_v2",
        skipValidate: Bool = false, name: String? = nil
    ) async throws(ClientError) {
        let request = endpoints.saveRegistry(
            registry, user: user, password: password, type: type, insecure: insecure, validate: !skipValidate,
            name: name.flatMap { $0.isEmpty ? nil : $0 } ?? registry, update: true)
        emit(try await payload(of: request), RegistryFormatter.records)
    }

    /// `registry del REGISTRY`: `Success`.
    public func deleteRegistry(_ registry: String) async throws(ClientError) {
        emit(try await payload(of: endpoints.deleteRegistry(registry))) { _ in "Success" }
    }

    /// `registry list`: the table.
    public func listRegistries() async throws(ClientError) {
        emit(try await payload(of: endpoints.registries()), RegistryFormatter.list)
    }

    /// `registry get REGISTRY`.
    public func getRegistry(_ registry: String) async throws(ClientError) {
        emit(try await payload(of: endpoints.registries(registry)), RegistryFormatter.records)
    }
}
