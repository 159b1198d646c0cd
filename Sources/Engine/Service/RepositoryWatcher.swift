public import Foundation
public import Logging
public import OCI
import Registry
public import ServiceLifecycle
public import Store

/// Lists a repository's tags in its registry.
public protocol TagLister: Sendable {
    func tags(of registry: String, repository: String, account: String) async throws(CatalogError) -> [String]
}

extension RegistryResolver: TagLister {
    public func tags(of registry: String, repository: String, account: String) async throws(CatalogError) -> [String] {
        // The Docker-normalized repository (`alpine` is `library/alpine` on Docker Hub).
        let name: Reference
        do {
            name = try Reference(parsing: "\(registry)/\(repository)")
        } catch {
            throw CatalogError(.badRequest, "invalid repository \"\(registry)/\(repository)\": \(error.message)")
        }
        do {
            let client = try await credentials?.client(account: account, registry: name.registry, repository: name.repository) ?? client
            return try await client.listTags(registry: name.registry, repository: name.repository)
        } catch {
            throw CatalogError(.registry, "cannot list the tags of \(registry)/\(repository): \(error.message)",
                               errorCodes: [Self.anchoreCode(error)], cause: error)
        }
    }
}

/// What a `repo_update` subscription keeps in its value (a JSON string, as Anchore does).
public struct RepositoryWatch: Codable, Sendable, Hashable {
    public var autosubscribe: Bool
    public var lookuptag: String
    public var tagcount: Int
    /// The tags already added.
    public var repotags: [String]

    public init(autosubscribe: Bool, lookuptag: String = "latest", tagcount: Int = 0, repotags: [String] = []) {
        self.autosubscribe = autosubscribe
        self.lookuptag = lookuptag
        self.tagcount = tagcount
        self.repotags = repotags
    }

    public init(json: String?) {
        self = json.flatMap { try? JSONDecoder().decode(RepositoryWatch.self, from: Data($0.utf8)) } ?? RepositoryWatch(autosubscribe: false)
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }
}

/// Repository analysis: adds every tag of a repository, and (the watcher) every tag that appears later.
public struct RepositoryWatcher: Service {
    public let catalog: ImageCatalog
    public let lister: any TagLister
    public let events: EventLog
    public var interval: Duration
    public let logger: Logger

    public init(catalog: ImageCatalog, lister: any TagLister, events: EventLog, interval: Duration, logger: Logger) {
        self.catalog = catalog
        self.lister = lister
        self.events = events
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await repeatEvery(interval) { await checkAll() }
    }

    /// `POST /repositories`: lists the tags and (unless a dry run) records an active `repo_update`
    /// subscription. The tags themselves are added by ``sync(account:key:)``, which the caller starts.
    public func addRepository(account: String, repository text: String, autosubscribe: Bool, dryRun: Bool, lookupTag: String?) async throws(CatalogError) -> Subscription {
        let pull = try PullString(parsing: text)
        let key = "\(pull.registry)/\(pull.repository)"
        let tags: [String]
        do {
            tags = try await lister.tags(of: pull.registry, repository: pull.repository, account: account)
        } catch {
            await events.record(.repositoryListFailed, account: account, resource: key, details: ["error": error.message])
            throw CatalogError(.notFound, "no tags could be added from input regrepo (\(text))", detail: ["error": error.message], errorCodes: error.errorCodes)
        }
        let now = catalog.clock()
        var watch = RepositoryWatch(autosubscribe: autosubscribe, lookuptag: lookupTag ?? "latest", tagcount: tags.count, repotags: tags.sorted())
        if dryRun {
            return Subscription(account: account, type: "repo_update", key: key, value: watch.json, active: false, createdAt: now)
        }
        let existing = try await catalog.subscription(account: account, id: Subscription.id(account: account, key: key, type: "repo_update"))
        var subscription = existing ?? Subscription(account: account, type: "repo_update", key: key, active: true, createdAt: now)
        let stored = RepositoryWatch(json: existing?.value)
        // The stored value lists the tags already added; the answer lists every tag found.
        subscription.value = RepositoryWatch(autosubscribe: autosubscribe, lookuptag: watch.lookuptag, tagcount: stored.tagcount, repotags: stored.repotags).json
        subscription.active = true
        subscription.lastUpdated = now
        let save = subscription
        try await storeCall { () async throws(StoreError) in try await catalog.store.save(save) }
        watch.tagcount = tags.count
        subscription.value = watch.json
        return subscription
    }

    /// One pass over every account's active `repo_update` subscriptions.
    public func checkAll() async {
        for subscription in await catalog.activeSubscriptions(type: "repo_update") {
            if Task.isCancelled { return }
            await sync(account: subscription.account, key: subscription.key)
        }
    }

    /// Adds the repository's tags that are not added yet; returns how many were added.
    @discardableResult
    public func sync(account: String, key: String) async -> Int {
        let id = Subscription.id(account: account, key: key, type: "repo_update")
        guard let subscription = try? await catalog.subscription(account: account, id: id), subscription.active else { return 0 }
        var watch = RepositoryWatch(json: subscription.value)
        let pull: PullString
        let tags: [String]
        do {
            pull = try PullString(parsing: key)
            tags = try await lister.tags(of: pull.registry, repository: pull.repository, account: account)
        } catch {
            await events.record(.repositoryListFailed, account: account, resource: key, details: ["error": error.message])
            return 0
        }
        let known = Set(watch.repotags)
        var added: [String] = []
        for tag in tags.sorted() where !known.contains(tag) {
            if Task.isCancelled { break }
            // Stop when the repository was unwatched or removed meanwhile.
            guard let current = try? await catalog.subscription(account: account, id: id), current.active else { break }
            do {
                _ = try await catalog.addImage(
                    account: account, AddImageRequest(tag: "\(key):\(tag)", autosubscribe: watch.autosubscribe))
                added.append(tag)
            } catch {
                logger.warning("cannot add a repository tag", metadata: ["tag": "\(key):\(tag)", "error": "\(error)"])
            }
        }
        guard !added.isEmpty || watch.tagcount != tags.count else { return 0 }
        watch.repotags = (watch.repotags + added).sorted()
        watch.tagcount = tags.count
        if !added.isEmpty {
            await events.record(.repositoryTagsAdded, account: account, resource: key, details: ["added": "\(added.count)", "tags": added.prefix(50).joined(separator: ",")])
        }
        // Write back only the value, on the subscription as it is now (its `active` may have changed).
        if var latest = try? await catalog.subscription(account: account, id: id) {
            latest.value = watch.json
            latest.lastUpdated = catalog.clock()
            let save = latest
            try? await catalog.store.save(save)
        }
        return added.count
    }
}
