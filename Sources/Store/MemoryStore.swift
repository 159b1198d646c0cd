public import Foundation
public import OCI

/// The second store: everything in memory, in one actor. It keeps the contract of every store protocol exactly as
/// ``SQLiteStore`` does (the conformance suite in `StoreTests` runs both), so the service's rules can be tested
/// without a database, and so each protocol's contract is written down twice.
public actor MemoryStore {
    var accountsByName: [String: Account] = [:]
    var usersByName: [String: User] = [:]
    var images: [ImageKey: StoredImage] = [:]
    var subscriptionsByKey: [AccountKey: Subscription] = [:]
    var artifactsByKey: [ArtifactKey: Data] = [:]
    var registriesByKey: [AccountKey: RegistryRecord] = [:]
    var eventsByKey: [AccountKey: Event] = [:]
    var notifications: [String: QueuedNotification] = [:]
    var policiesByKey: [AccountKey: PolicyRecord] = [:]
    var evaluationsByKey: [AccountKey: EvaluationRecord] = [:]
    var vexByKey: [AccountKey: VEXRecord] = [:]
    var feedsByName: [String: FeedRecord] = [:]
    var groups: [FeedGroupKey: (record: FeedGroupRecord, data: Data)] = [:]
    var matchInputs: [Digest: Data] = [:]
    var reports: [Digest: MatchReportUpdate] = [:]
    var instances: [String: ServiceInstance] = [:]
    var leaders: Set<String> = []
    var settings: [String: String] = [:]
    var webSessions: [String: WebSession] = [:]

    public init() {}

    struct AccountKey: Hashable {
        var account: String
        var id: String
    }

    struct ImageKey: Hashable {
        var account: String
        var digest: Digest
    }

    struct ArtifactKey: Hashable {
        var account: String
        var digest: Digest
        var kind: String
    }

    struct FeedGroupKey: Hashable {
        var feed: String
        var name: String
    }

    /// An image row: the record without its tags, its lease, and its tags in the order they were first written.
    struct StoredImage {
        var record: ImageRecord
        var leaseOwner: String?
        var leaseExpiresAt: Date?
    }
}

extension MemoryStore: AccountStore {
    public func account(named name: String) async throws(StoreError) -> Account? { accountsByName[name] }

    public func accounts() async throws(StoreError) -> [Account] { accountsByName.values.sorted { $0.name < $1.name } }

    public func insert(_ account: Account) async throws(StoreError) {
        guard accountsByName[account.name] == nil else { throw StoreError(.conflict, "the record already exists") }
        accountsByName[account.name] = account
    }

    public func update(_ account: Account) async throws(StoreError) {
        guard var stored = accountsByName[account.name] else { throw StoreError(.notFound, "account \(account.name) not found") }
        stored.state = account.state
        stored.email = account.email
        stored.lastUpdated = account.lastUpdated
        accountsByName[account.name] = stored
    }

    public func deleteAccount(named name: String) async throws(StoreError) {
        images = images.filter { $0.key.account != name }
        artifactsByKey = artifactsByKey.filter { $0.key.account != name }
        subscriptionsByKey = subscriptionsByKey.filter { $0.key.account != name }
        registriesByKey = registriesByKey.filter { $0.key.account != name }
        eventsByKey = eventsByKey.filter { $0.key.account != name }
        notifications = notifications.filter { $0.value.account != name }
        usersByName = usersByName.filter { $0.value.account != name }
        policiesByKey = policiesByKey.filter { $0.key.account != name }
        evaluationsByKey = evaluationsByKey.filter { $0.key.account != name }
        vexByKey = vexByKey.filter { $0.key.account != name }
        accountsByName[name] = nil
    }

    public func user(named username: String) async throws(StoreError) -> User? { usersByName[username] }

    public func users(account: String) async throws(StoreError) -> [User] {
        usersByName.values.filter { $0.account == account }.sorted { $0.username < $1.username }
    }

    public func insert(_ user: User) async throws(StoreError) {
        // As the database's keys do: a taken name, or an account that does not exist.
        guard usersByName[user.username] == nil, accountsByName[user.account] != nil else {
            throw StoreError(.conflict, "the record already exists")
        }
        usersByName[user.username] = user
    }

    public func update(_ user: User) async throws(StoreError) {
        guard var stored = usersByName[user.username] else { throw StoreError(.notFound, "user \(user.username) not found") }
        stored.passwordHash = user.passwordHash
        stored.role = user.role
        stored.lastUpdated = user.lastUpdated
        usersByName[user.username] = stored
    }

    public func deleteUser(named username: String) async throws(StoreError) { usersByName[username] = nil }
}

extension MemoryStore: ImageStore {
    public func image(account: String, digest: Digest) async throws(StoreError) -> ImageRecord? {
        images[ImageKey(account: account, digest: digest)].map(Self.withSortedTags)
    }

    public func images(account: String, filter: ImageFilter) async throws(StoreError) -> [ImageRecord] {
        images.values.map(\.record).filter { image in
            guard image.account == account else { return false }
            if let status = filter.analysisStatus, image.analysisStatus != status { return false }
            if let status = filter.imageStatus, image.imageStatus != status { return false }
            if let key = filter.tag,
               !image.tags.contains(where: { $0.registry == key.registry && $0.repository == key.repository && $0.tag == key.tag }) {
                return false
            }
            if let imageID = filter.imageID, !image.tags.contains(where: { $0.imageID == imageID }) { return false }
            return true
        }
        .sorted { ($1.createdAt, $0.digest.description) < ($0.createdAt, $1.digest.description) }
        .map { Self.withSortedTags(StoredImage(record: $0)) }
    }

    public func modifyImage<T: Sendable>(
        account: String, digest: Digest, _ transform: @escaping @Sendable (inout ImageRecord?) throws(StoreError) -> T
    ) async throws(StoreError) -> T {
        let key = ImageKey(account: account, digest: digest)
        let before = images[key].map(Self.withSortedTags)
        var image = before
        let result = try transform(&image)
        if let image {
            guard image.account == account, image.digest == digest else {
                throw StoreError(.conflict, "an image cannot change its account or digest")
            }
            if image != before { write(image) }
        } else if before != nil {
            images[key] = nil
            artifactsByKey = artifactsByKey.filter { $0.key.account != account || $0.key.digest != digest }
        }
        return result
    }

    public func analysisStatusCounts() async throws(StoreError) -> [AnalysisStatus: Int] {
        var counts: [AnalysisStatus: Int] = [:]
        for image in images.values { counts[image.record.analysisStatus, default: 0] += 1 }
        return counts
    }

    /// Upserts the image's fields and its tags (by registry, repository and tag; tags are never dropped). A status
    /// other than `analyzing` ends any lease.
    func write(_ image: ImageRecord) {
        let key = ImageKey(account: image.account, digest: image.digest)
        var stored = images[key] ?? StoredImage(record: image)
        var tags = stored.record.tags
        for tag in image.tags {
            if let index = tags.firstIndex(where: { $0.registry == tag.registry && $0.repository == tag.repository && $0.tag == tag.tag }) {
                tags[index] = tag
            } else {
                tags.append(tag)
            }
        }
        stored.record = image
        stored.record.tags = tags
        if image.analysisStatus != .analyzing {
            stored.leaseOwner = nil
            stored.leaseExpiresAt = nil
        }
        images[key] = stored
    }

    /// The record with its tags oldest first, as the database orders them.
    static func withSortedTags(_ stored: StoredImage) -> ImageRecord {
        var record = stored.record
        record.tags = record.tags.enumerated().sorted {
            ($0.element.createdAt, $0.element.tagDetectedAt, $0.offset) < ($1.element.createdAt, $1.element.tagDetectedAt, $1.offset)
        }.map(\.element)
        return record
    }
}

extension MemoryStore: AnalysisQueue {
    public func claimNextImage(worker: String, leaseUntil: Date, now: Date) async throws(StoreError) -> ImageRecord? {
        let waiting = images.filter { $0.value.record.analysisStatus == .notAnalyzed && $0.value.record.imageStatus == .active }
        guard let key = waiting.min(by: { Self.queueOrder($0.value.record) < Self.queueOrder($1.value.record) })?.key,
              var stored = images[key]
        else { return nil }
        stored.record.analysisStatus = .analyzing
        stored.record.lastUpdated = now
        stored.leaseOwner = worker
        stored.leaseExpiresAt = leaseUntil
        images[key] = stored
        return Self.withSortedTags(stored)
    }

    /// The queue's order: by when queued (never queued first, as SQL sorts NULL), then by age, then by digest.
    static func queueOrder(_ image: ImageRecord) -> (Date, Date, String) {
        (image.queuedAt ?? .distantPast, image.createdAt, image.digest.description)
    }

    public func renewLease(account: String, digest: Digest, worker: String, until: Date) async throws(StoreError) -> Bool {
        let key = ImageKey(account: account, digest: digest)
        guard holds(key, worker: worker) else { return false }
        images[key]?.leaseExpiresAt = until
        return true
    }

    public func finishAnalysis(_ image: ImageRecord, worker: String, artifacts: [String: Data]) async throws(StoreError) -> Bool {
        let key = ImageKey(account: image.account, digest: image.digest)
        guard holds(key, worker: worker), var stored = images[key] else { return false }
        // Only the analysis fields: tags and annotations may have changed while the analysis ran.
        stored.record.analysisStatus = image.analysisStatus
        stored.record.analyzedAt = image.analyzedAt
        stored.record.failureReason = image.failureReason
        stored.record.arch = image.arch
        stored.record.distro = image.distro
        stored.record.distroVersion = image.distroVersion
        stored.record.dockerfileMode = image.dockerfileMode
        stored.record.imageSize = image.imageSize
        stored.record.layerCount = image.layerCount
        stored.record.lastUpdated = image.lastUpdated
        stored.leaseOwner = nil
        stored.leaseExpiresAt = nil
        images[key] = stored
        for (kind, data) in artifacts { artifactsByKey[ArtifactKey(account: image.account, digest: image.digest, kind: kind)] = data }
        return true
    }

    public func releaseImage(account: String, digest: Digest, worker: String) async throws(StoreError) -> Bool {
        let key = ImageKey(account: account, digest: digest)
        guard holds(key, worker: worker) else { return false }
        images[key]?.record.analysisStatus = .notAnalyzed
        images[key]?.leaseOwner = nil
        images[key]?.leaseExpiresAt = nil
        return true
    }

    public func requeueAbandoned(now: Date, all: Bool) async throws(StoreError) -> Int {
        var count = 0
        for (key, stored) in images where stored.record.analysisStatus == .analyzing {
            if !all, let expires = stored.leaseExpiresAt, expires >= now { continue }
            images[key]?.record.analysisStatus = .notAnalyzed
            images[key]?.leaseOwner = nil
            images[key]?.leaseExpiresAt = nil
            count += 1
        }
        return count
    }

    func holds(_ key: ImageKey, worker: String) -> Bool {
        guard let stored = images[key] else { return false }
        return stored.leaseOwner == worker && stored.record.analysisStatus == .analyzing
    }
}
