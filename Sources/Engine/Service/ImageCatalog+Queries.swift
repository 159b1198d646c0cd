public import Foundation
public import OCI
public import Store

extension ImageCatalog {
    /// `GET /images`: the account's images, or those of one tag (the newest only unless `history`). A `fulltag` of 64
    /// hex digits is an image ID, as Anchore reads it (a repository may not be named so): anchore-cli looks every
    /// image argument up this way, so `image content|metadata|vuln` and `evaluate check` take image IDs.
    public func images(
        account: String, fullTag: String? = nil, history: Bool = false, analysisStatus: AnalysisStatus? = nil,
        imageStatus: ImageStatus? = .active
    ) async throws(CatalogError) -> [ImageRecord] {
        guard let fullTag else {
            return try await storeCall { () async throws(StoreError) in
                try await store.images(account: account, filter: ImageFilter(analysisStatus: analysisStatus, imageStatus: imageStatus))
            }
        }
        if Self.isImageID(fullTag) {
            let images = try await storeCall { () async throws(StoreError) in
                try await store.images(account: account, filter: ImageFilter(analysisStatus: analysisStatus, imageStatus: imageStatus, imageID: fullTag.lowercased()))
            }
            guard !images.isEmpty else { throw CatalogError(.notFound, "image data not found in DB") }
            return images
        }
        let pull = try PullString(parsing: fullTag)
        guard let tag = pull.tag else {
            // A digest pull string: the image of that digest, if it has this repository.
            guard let digest = pull.digest, let image = try await image(account: account, digest: digest, required: false),
                  image.tags.contains(where: { $0.registry == pull.registry && $0.repository == pull.repository })
            else { throw CatalogError(.notFound, "image data not found in DB") }
            return [image]
        }
        let key = TagKey(registry: pull.registry, repository: pull.repository, tag: tag)
        var images = try await storeCall { () async throws(StoreError) in
            try await store.images(account: account, filter: ImageFilter(analysisStatus: analysisStatus, imageStatus: imageStatus, tag: key))
        }
        if let digest = pull.digest { images = images.filter { $0.digest == digest } }
        guard !images.isEmpty else { throw CatalogError(.notFound, "image data not found in DB") }
        images.sort { Self.tagTime($0, key) > Self.tagTime($1, key) }
        return history ? images : [images[0]]
    }

    /// Whether a `fulltag` is an image ID: 64 hex digits.
    static func isImageID(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
    }

    /// When the tag's row on this image was created: orders a tag's history.
    static func tagTime(_ image: ImageRecord, _ key: TagKey) -> Date {
        image.tags.filter { $0.registry == key.registry && $0.repository == key.repository && $0.tag == key.tag }
            .map(\.createdAt).max() ?? .distantPast
    }

    /// One image by digest; ``CatalogError/Code/notFound`` when unknown (or nil when not `required`).
    public func image(account: String, digest: Digest, required: Bool = true) async throws(CatalogError) -> ImageRecord? {
        let image = try await storeCall { () async throws(StoreError) in try await store.image(account: account, digest: digest) }
        if image == nil, required { throw CatalogError(.notFound, "image not found in DB") }
        return image
    }

    /// Images by image ID (the config digest's hex); falls back to treating the ID as a digest.
    public func images(account: String, imageID: String) async throws(CatalogError) -> [ImageRecord] {
        let images = try await storeCall { () async throws(StoreError) in
            try await store.images(account: account, filter: ImageFilter(imageStatus: nil, imageID: imageID))
        }
        if !images.isEmpty { return images }
        if let digest = Digest(imageID) ?? Digest("sha256:\(imageID)"),
           let image = try await image(account: account, digest: digest, required: false) {
            return [image]
        }
        throw CatalogError(.notFound, "image not found in DB")
    }

    /// `DELETE /images/{digest}`: refused while analyzing, or when the image is the latest of a tag that has an
    /// active subscription, unless `force` (which deactivates those subscriptions).
    public func deleteImage(account: String, digest: Digest, force: Bool) async throws(CatalogError) -> DeleteResult {
        guard let image = try await image(account: account, digest: digest, required: false) else {
            return DeleteResult(digest: digest, status: .notFound, detail: "image not found")
        }
        if !force, image.analysisStatus == .analyzing {
            return DeleteResult(digest: digest, status: .deleteFailed, detail: "cannot delete image that is being analyzed")
        }
        var blocking: [Subscription] = []
        for tag in image.tags {
            let key = TagKey(registry: tag.registry, repository: tag.repository, tag: tag.tag)
            let newest = try? await images(account: account, fullTag: key.fullTag, imageStatus: nil).first
            guard newest?.digest == digest else { continue }
            let subscriptions = try await storeCall { () async throws(StoreError) in
                try await store.subscriptions(account: account, key: key.fullTag, type: nil)
            }
            blocking += subscriptions.filter(\.active)
        }
        if !blocking.isEmpty, !force {
            return DeleteResult(
                digest: digest, status: .deleteFailed, detail: "cannot delete image that is the latest of its tags, and has active subscription")
        }
        let now = clock()
        for var subscription in blocking {
            subscription.active = false
            subscription.lastUpdated = now
            let save = subscription
            try await storeCall { () async throws(StoreError) in try await store.save(save) }
        }
        try await store.modify(account: account, digest: digest) { (image: inout ImageRecord?) throws(StoreError) in image = nil }
        return DeleteResult(digest: digest, status: .deleting, detail: nil)
    }
}
