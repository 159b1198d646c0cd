public import OCI
public import Store

extension ImageCatalog {
    /// The account's images with a tag in `registry/repository` (any state).
    func images(account: String, repository key: String) async throws(CatalogError) -> [ImageRecord] {
        let all = try await storeCall { () async throws(StoreError) in
            try await store.images(account: account, filter: ImageFilter(imageStatus: nil))
        }
        return all.filter { image in image.tags.contains { "\($0.registry)/\($0.repository)" == key } }
    }

    /// Cancel pending: deletes the repository's images that are still waiting for analysis. Returns their digests.
    public func cancelPending(account: String, repository text: String) async throws(CatalogError) -> [Digest] {
        let key = try Self.repositoryKey(text)
        var removed: [Digest] = []
        for image in try await images(account: account, repository: key) where image.analysisStatus == .notAnalyzed {
            // Re-checked inside the transaction: a worker may have claimed it meanwhile.
            let deleted = try await store.modify(account: account, digest: image.digest) { (record: inout ImageRecord?) throws(StoreError) -> Bool in
                guard record?.analysisStatus == .notAnalyzed else { return false }
                record = nil
                return true
            }
            if deleted { removed.append(image.digest) }
        }
        return removed
    }

    /// Remove repository: deletes every image of the repository in any state, its tag subscriptions and its
    /// `repo_update` subscription. Returns the deleted digests.
    public func removeRepository(account: String, repository text: String) async throws(CatalogError) -> [Digest] {
        let key = try Self.repositoryKey(text)
        // The watch goes first, so the repository watcher stops adding tags.
        let subscriptions = try await storeCall { () async throws(StoreError) in
            try await store.subscriptions(account: account, key: nil, type: nil)
        }
        for subscription in subscriptions where subscription.key == key || subscription.key.hasPrefix(key + ":") {
            try await storeCall { () async throws(StoreError) in try await store.deleteSubscription(account: account, id: subscription.id) }
        }
        var removed: [Digest] = []
        for image in try await images(account: account, repository: key) {
            let result = try await deleteImage(account: account, digest: image.digest, force: true)
            if result.status == .deleting { removed.append(image.digest) }
        }
        return removed
    }

    /// `registry/repository` from a repository string (a tag or digest in it is ignored).
    static func repositoryKey(_ text: String) throws(CatalogError) -> String {
        let pull = try PullString(parsing: text)
        return "\(pull.registry)/\(pull.repository)"
    }
}
