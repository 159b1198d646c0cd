import Foundation

/// The requests of `repo add` (`anchorecli/clients/apiexternal.py: add_repo`); the other `repo` commands use the
/// subscription requests with type `repo_update`.
extension AnchoreEndpoints {
    /// `add_repo`: `POST <os.path.join(url, "repositories")>?repository=…&autosubscribe=True|False&dryrun=True|False
    /// [&lookuptag=…]`, no body.
    public func addRepository(_ repository: String, autosubscribe: Bool, lookupTag: String? = nil, dryRun: Bool) -> APIRequest {
        var pairs = [("repository", repository), ("autosubscribe", Self.python(autosubscribe)), ("dryrun", Self.python(dryRun))]
        if let lookupTag, !lookupTag.isEmpty { pairs.append(("lookuptag", lookupTag)) }
        let joined = baseURL.hasSuffix("/") ? baseURL + "repositories" : baseURL + "/repositories"
        return APIRequest(.post, joined + "?" + PercentEncoding.formEncode(pairs))
    }
}

/// How anchore-cli names a repository: `parse_dockerimage_string(input)`'s `registry + "/" + repo`
/// (`alpine` → `docker.io/alpine`, `host:5000/team/app:1` → `host:5000/team/app`).
public enum RepositoryName {
    /// The normalized name; for a digest or an image id (which have no registry or no repo) the `TypeError`
    /// anchore-cli dies with.
    public static func normalize(_ input: String) throws(ClientError) -> String {
        let isImageID = input.unicodeScalars.count == 64 && input.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit }
        guard !input.hasPrefix("sha256:"), !isImageID else {
            var failure = ClientError(.invalidInput, "can only concatenate str (not \"NoneType\") to str")
            failure.exitStatusOverride = 1
            throw failure
        }
        let line = input.prefix { $0 != "\n" }
        var host: String
        var port: String?
        var remain = String(line)
        if let slash = line.firstIndex(of: "/") {
            let first = String(line[..<slash])
            remain = String(line[line.index(after: slash)...])
            if let colon = first.firstIndex(of: ":") {
                host = String(first[..<colon])
                port = String(first[first.index(after: colon)...])
            } else if ["docker.io", "localhost", "localhost.localdomain", "localbuild"].contains(first) {
                host = first
            } else if first.contains(".") {
                host = first
            } else {
                host = "docker.io"
                remain = String(line)
            }
        } else {
            host = "docker.io"
        }
        let repo: String
        if let at = remain.lastIndex(of: "@") {
            repo = String(remain[..<at])
        } else if let colon = remain.lastIndex(of: ":") {
            repo = String(remain[..<colon])
        } else {
            repo = remain
        }
        if let port, !port.isEmpty { host += ":" + port }
        return host + "/" + repo
    }
}

/// `repo add|list|get|watch|unwatch|del` as anchore-cli 0.9.3 runs them (`anchorecli/cli/repo.py`).
extension ClientSession {
    static let repoType = "repo_update"

    /// `repo add REPO [--noautosubscribe] [--lookuptag T] [--dryrun]`.
    public func addRepository(_ input: String, autosubscribe: Bool = true, lookupTag: String? = nil, dryRun: Bool = false)
        async throws(ClientError)
    {
        let repository = try RepositoryName.normalize(input)
        let request = endpoints.addRepository(repository, autosubscribe: autosubscribe, lookupTag: lookupTag, dryRun: dryRun)
        emit(try await payload(of: request)) { payload throws(ClientError) in
            try RepoFormatter.records(payload, dryRun: dryRun)
        }
    }

    /// `repo list`: every `repo_update` subscription.
    public func listRepositories() async throws(ClientError) {
        emit(try await repositoryRecords(nil), RepoFormatter.list)
    }

    /// `repo get REPO`: the `repo_update` subscription of that repository (an empty table when there is none).
    public func getRepository(_ input: String) async throws(ClientError) {
        let repository = try RepositoryName.normalize(input)
        emit(try await repositoryRecords(repository)) { payload throws(ClientError) in
            try RepoFormatter.records(payload, dryRun: false)
        }
    }

    /// `repo watch|unwatch REPO`: `subscription activate|deactivate repo_update REPO`, then the updated record.
    public func watchRepository(_ input: String, watch: Bool) async throws(ClientError) {
        let repository = try RepositoryName.normalize(input)
        emit(try await updateSubscription(type: Self.repoType, key: repository, active: watch)) { payload throws(ClientError) in
            try RepoFormatter.records(payload, dryRun: false)
        }
    }

    /// `repo del REPO`: look the subscription up, `DELETE /subscriptions/<id>`, `Success`.
    public func deleteRepository(_ input: String) async throws(ClientError) {
        let repository = try RepositoryName.normalize(input)
        let id = try await subscriptionID(type: Self.repoType, key: repository, purpose: "deletion")
        emit(try await payload(of: endpoints.deleteSubscription(id: id))) { _ in "Success" }
    }

    /// `get_repo`: `GET /subscriptions?subscription_type=repo_update`, keeping the `repo_update` records (of
    /// `repository`, when given).
    func repositoryRecords(_ repository: String?) async throws(ClientError) -> JSONValue {
        let payload = try await payload(of: endpoints.subscriptions(type: Self.repoType))
        var kept: [JSONValue] = []
        for record in try payload.iterated() {
            guard try record.item("subscription_type") == .string(Self.repoType) else { continue }
            if let repository, try record.item("subscription_key") != .string(repository) { continue }
            kept.append(record)
        }
        return .array(kept)
    }
}
