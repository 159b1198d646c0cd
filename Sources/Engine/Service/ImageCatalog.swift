public import Foundation
public import OCI
public import Registry
public import Store

/// What `POST /images` asks for, after the body is decoded.
public struct AddImageRequest: Sendable, Hashable {
    /// A tag pull string (`registry/repo:tag`).
    public var tag: String?
    /// A digest (`sha256:…`) or digest pull string; needs `tag` too.
    public var digest: String?
    /// Overrides the tag record's `created_at` (add by digest).
    public var createdAt: Date?
    /// The user's Dockerfile, base64.
    public var dockerfile: String?
    public var annotations: [String: String]
    public var force: Bool
    public var autosubscribe: Bool

    public init(
        tag: String? = nil, digest: String? = nil, createdAt: Date? = nil, dockerfile: String? = nil,
        annotations: [String: String] = [:], force: Bool = false, autosubscribe: Bool = false
    ) {
        self.tag = tag
        self.digest = digest
        self.createdAt = createdAt
        self.dockerfile = dockerfile
        self.annotations = annotations
        self.force = force
        self.autosubscribe = autosubscribe
    }
}

/// The answer to a delete: Anchore's `DeleteImageResponse`.
public struct DeleteResult: Sendable, Hashable {
    public enum Status: String, Sendable { case deleting, deleteFailed = "delete_failed", notFound = "not_found" }
    public var digest: Digest
    public var status: Status
    public var detail: String?
}

/// The image catalog: Anchore's add/list/get/delete semantics over a ``Store/DataStore``.
public struct ImageCatalog: Sendable {
    public let store: any DataStore
    public let resolver: any ImageResolver
    /// Refuse images whose compressed size exceeds this many MB; negative disables the check.
    public var maxCompressedImageSizeMB: Int
    /// Which image of a multi-platform index to analyze.
    public var platform: Platform
    public var clock: @Sendable () -> Date
    /// Where registry failures and new tags of analyzed images are reported.
    public var events: EventLog?

    public init(
        store: any DataStore, resolver: any ImageResolver, maxCompressedImageSizeMB: Int = -1,
        platform: Platform = .linuxAMD64, events: EventLog? = nil, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.events = events
        self.store = store
        self.resolver = resolver
        self.maxCompressedImageSizeMB = maxCompressedImageSizeMB
        self.platform = platform
        self.clock = clock
    }

    // MARK: Add

    /// Adds (or re-adds) an image by tag, or by digest and tag, and queues it for analysis when needed.
    public func addImage(account: String, _ request: AddImageRequest) async throws(CatalogError) -> ImageRecord {
        let now = clock()
        guard let tagText = request.tag, !tagText.isEmpty else {
            if request.digest != nil {
                throw CatalogError(.badRequest, "For a digest-based analysis, the tag property must also be populated")
            }
            throw CatalogError(.badRequest, "Must include either \"tag\", \"tag\" and \"digest\", or \"source\" property in body")
        }
        let tag = try PullString(parsing: tagText)
        guard tag.digest == nil, let tagName = tag.tag else {
            throw CatalogError(.badRequest, "Must have tag-based pull string, got \"\(tagText)\"")
        }
        if let dockerfile = request.dockerfile {
            guard dockerfile.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) }),
                  Data(base64Encoded: dockerfile) != nil
            else { throw CatalogError(.badRequest, "dockerfile must be base64 encoded") }
        }
        var pull = tag
        if let digestText = request.digest {
            let digest: Digest
            if let parsed = Digest(digestText) {
                digest = parsed
            } else {
                let digestPull = try PullString(parsing: digestText)
                guard let parsed = digestPull.digest else {
                    throw CatalogError(.badRequest, "digest \"\(digestText)\" is neither a digest nor a digest pull string")
                }
                digest = parsed
            }
            pull = PullString(registry: tag.registry, repository: tag.repository, tag: nil, digest: digest)
        }
        let resolved: ImageLookup
        do {
            resolved = try await resolver.lookup(try pull.reference, platform: platform, account: account)
        } catch {
            if error.code == .registry {
                await events?.record(.registryLookupFailed, account: account, resource: pull.description, details: ["error": error.message], at: now)
            }
            throw error
        }
        try checkSize(resolved)

        let key = TagKey(registry: tag.registry, repository: tag.repository, tag: tagName)
        let (record, newTagOnAnalyzed) = try await store.modify(account: account, digest: resolved.manifestDigest) { (image: inout ImageRecord?) throws(StoreError) -> Result<(ImageRecord, Bool), CatalogError> in
            if image != nil, request.dockerfile != nil, !request.force {
                return .failure(CatalogError(.badRequest, "Cannot specify dockerfile for an image that already exists unless using force=True for re-analysis"))
            }
            if request.digest != nil, request.force, image == nil {
                return .failure(CatalogError(.badRequest, "image digest must already exist to force re-analyze using tag+digest"))
            }
            var record = image ?? ImageRecord(
                account: account, digest: resolved.manifestDigest, parentDigest: resolved.parentDigest, createdAt: now,
                compressedSize: resolved.compressedSize)
            let previous = record.tags.firstIndex { $0.registry == key.registry && $0.repository == key.repository && $0.tag == key.tag }
            let newTagOnAnalyzed = previous == nil && image?.analysisStatus == .analyzed && !request.force
            var createdAt = request.createdAt ?? now
            if request.digest != nil, request.force, request.createdAt == nil, let previous { createdAt = record.tags[previous].createdAt }
            var tagRecord = TagRecord(
                registry: key.registry, repository: key.repository, tag: key.tag, imageID: resolved.imageID.encoded,
                dockerfile: request.dockerfile, createdAt: createdAt, lastUpdated: now, tagDetectedAt: now)
            if let previous {
                tagRecord.tagDetectedAt = record.tags[previous].tagDetectedAt
                if request.dockerfile == nil { tagRecord.dockerfile = record.tags[previous].dockerfile }
                record.tags[previous] = tagRecord
            } else {
                record.tags.append(tagRecord)
            }
            for (name, value) in request.annotations {
                if value == "null" { record.annotations[name] = nil } else { record.annotations[name] = value }
            }
            if request.dockerfile != nil { record.dockerfileMode = "Actual" }
            // Anchore's next_analysis_state.
            if image == nil || request.force || record.analysisStatus == .analysisFailed || record.imageStatus != .active {
                record.analysisStatus = .notAnalyzed
                record.imageStatus = .active
                record.failureReason = nil
                record.queuedAt = now
            }
            record.lastUpdated = now
            image = record
            return .success((record, newTagOnAnalyzed))
        }.get()
        if newTagOnAnalyzed {
            // The tag is new to an analyzed image: its analysis is available for the tag right away.
            await events?.record(.analysisCompleted, account: account, resource: key.fullTag, details: ["imageDigest": "\(record.digest)"], at: now)
        }
        let manifest = resolved.manifestData
        if record.analysisStatus == .notAnalyzed {
            try await storeCall { () async throws(StoreError) in
                try await store.putArtifact(account: account, digest: resolved.manifestDigest, kind: "manifest", data: manifest)
            }
        }
        try await initializeSubscriptions(account: account, fullTag: key.fullTag, autosubscribe: request.autosubscribe, now: now)
        return record
    }

    func checkSize(_ image: ImageLookup) throws(CatalogError) {
        guard maxCompressedImageSizeMB >= 0 else { return }
        let megabytes = (Double(image.compressedSize) / 1_048_576 * 100).rounded() / 100
        guard image.compressedSize > Int64(maxCompressedImageSizeMB) * 1_048_576 else { return }
        throw CatalogError(
            .badRequest,
            "Image size is too large based on max size specified in the configuration: \(megabytes) MB is over \(maxCompressedImageSizeMB) MB",
            detail: ["requested_image_compressed_size_mb": "\(megabytes)", "max_compressed_image_size_mb": "\(maxCompressedImageSizeMB)"])
    }

    /// Makes the four tag subscriptions (inactive) if missing, then activates `analysis_update` always and
    /// `tag_update` when `autosubscribe`.
    func initializeSubscriptions(account: String, fullTag: String, autosubscribe: Bool, now: Date) async throws(CatalogError) {
        let existing = try await storeCall { () async throws(StoreError) in
            try await store.subscriptions(account: account, key: fullTag, type: nil)
        }
        var changes: [Subscription] = []
        for type in Subscription.tagTypes {
            var subscription = existing.first { $0.type == type }
                ?? Subscription(account: account, type: type, key: fullTag, active: false, createdAt: now)
            let activate = type == "analysis_update" || (type == "tag_update" && autosubscribe)
            let isNew = !existing.contains { $0.type == type }
            guard isNew || (activate && !subscription.active) else { continue }
            if activate {
                subscription.active = true
                subscription.lastUpdated = now
            }
            changes.append(subscription)
        }
        let save = changes
        try await storeCall { () async throws(StoreError) in try await store.save(save) }
    }
}

/// Runs a store call, turning its error into an internal ``CatalogError``.
func storeCall<T>(_ body: () async throws(StoreError) -> T) async throws(CatalogError) -> T {
    do {
        return try await body()
    } catch {
        throw CatalogError(.internalError, "the catalog store failed: \(error.message)", cause: error)
    }
}

extension ImageStore {
    /// ``modifyImage(account:digest:_:)`` with the store's error mapped to a ``CatalogError``.
    func modify<T: Sendable>(
        account: String, digest: Digest, _ transform: @escaping @Sendable (inout ImageRecord?) throws(StoreError) -> T
    ) async throws(CatalogError) -> T {
        try await storeCall { () async throws(StoreError) in try await modifyImage(account: account, digest: digest, transform) }
    }
}
