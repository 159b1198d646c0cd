public import Foundation
public import OCI

/// Accounts and their users.
public protocol AccountStore: Sendable {
    func account(named name: String) async throws(StoreError) -> Account?
    func accounts() async throws(StoreError) -> [Account]
    /// Inserts an account; ``StoreError/Code/conflict`` when the name is taken.
    func insert(_ account: Account) async throws(StoreError)
    /// Changes an account's state and email; ``StoreError/Code/notFound`` when it does not exist.
    func update(_ account: Account) async throws(StoreError)
    /// Deletes an account and everything that belongs to it: users, images, tags, artifacts, subscriptions,
    /// registries, events and notifications.
    func deleteAccount(named name: String) async throws(StoreError)
    func user(named username: String) async throws(StoreError) -> User?
    func users(account: String) async throws(StoreError) -> [User]
    /// Inserts a user; ``StoreError/Code/conflict`` when the name is taken.
    func insert(_ user: User) async throws(StoreError)
    /// Changes a user's password hash and role; ``StoreError/Code/notFound`` when it does not exist.
    func update(_ user: User) async throws(StoreError)
    func deleteUser(named username: String) async throws(StoreError)
}

/// Images and their tags.
public protocol ImageStore: Sendable {
    func image(account: String, digest: Digest) async throws(StoreError) -> ImageRecord?
    /// The account's images that pass the filter, newest first.
    func images(account: String, filter: ImageFilter) async throws(StoreError) -> [ImageRecord]
    /// Reads, changes and writes one image in one transaction: `transform` gets nil for an unknown digest and
    /// may create the record by assigning it, or delete it by setting it to nil. Tags are upserted, never dropped.
    func modifyImage<T: Sendable>(
        account: String, digest: Digest, _ transform: @escaping @Sendable (inout ImageRecord?) throws(StoreError) -> T
    ) async throws(StoreError) -> T
    /// How many images are in each analysis status, across accounts.
    func analysisStatusCounts() async throws(StoreError) -> [AnalysisStatus: Int]
}

/// The analysis queue: `not_analyzed` active images, claimed with a lease so a crashed worker's job comes back.
public protocol AnalysisQueue: Sendable {
    /// Moves the oldest queued image to `analyzing` under `worker`'s lease and returns it; nil when none waits.
    func claimNextImage(worker: String, leaseUntil: Date, now: Date) async throws(StoreError) -> ImageRecord?
    /// Extends the lease of an image the worker still holds; false when it no longer holds it.
    func renewLease(account: String, digest: Digest, worker: String, until: Date) async throws(StoreError) -> Bool
    /// Ends an analysis the worker holds: writes the record (analyzed or failed) and the artifacts in one
    /// transaction. False (and nothing written) when the worker no longer holds the image.
    func finishAnalysis(_ image: ImageRecord, worker: String, artifacts: [String: Data]) async throws(StoreError) -> Bool
    /// Puts an image the worker holds back in the queue (shutdown); false when it no longer holds it.
    func releaseImage(account: String, digest: Digest, worker: String) async throws(StoreError) -> Bool
    /// Requeues analyses whose lease ran out (their worker died), or every analysis when `all` (a restart of the
    /// only process). Returns how many were requeued.
    func requeueAbandoned(now: Date, all: Bool) async throws(StoreError) -> Int
}

/// Subscriptions of accounts.
public protocol SubscriptionStore: Sendable {
    func subscriptions(account: String, key: String?, type: String?) async throws(StoreError) -> [Subscription]
    func subscription(account: String, id: String) async throws(StoreError) -> Subscription?
    /// Inserts or replaces by id.
    func save(_ subscription: Subscription) async throws(StoreError)
    /// Inserts or replaces several, in one transaction.
    func save(_ subscriptions: [Subscription]) async throws(StoreError)
    func deleteSubscription(account: String, id: String) async throws(StoreError)
}

/// Analysis results of images, by kind (`analysis`, `manifest`, `config`, …).
public protocol ArtifactStore: Sendable {
    func artifact(account: String, digest: Digest, kind: String) async throws(StoreError) -> Data?
    func putArtifact(account: String, digest: Digest, kind: String, data: Data) async throws(StoreError)
    /// One kind of artifact of several images in one read; images without it are absent.
    func artifacts(account: String, digests: [Digest], kind: String) async throws(StoreError) -> [Digest: Data]
}

/// Everything the service keeps.
public typealias DataStore = AccountStore & ImageStore & AnalysisQueue & SubscriptionStore & ArtifactStore & RegistryCredentialStore & EventStore
    & NotificationStore & VulnerabilityDataStore & PolicyStore & VEXStore & ServiceInstanceStore
    & LeaderElection & SharedSettingStore & WebSessionStore
