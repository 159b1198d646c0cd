public import Foundation
public import OCI

extension MemoryStore: SubscriptionStore {
    public func subscriptions(account: String, key: String?, type: String?) async throws(StoreError) -> [Subscription] {
        subscriptionsByKey.values.filter {
            $0.account == account && (key == nil || $0.key == key) && (type == nil || $0.type == type)
        }.sorted { ($0.createdAt, $0.key, $0.type) < ($1.createdAt, $1.key, $1.type) }
    }

    public func subscription(account: String, id: String) async throws(StoreError) -> Subscription? {
        subscriptionsByKey[AccountKey(account: account, id: id)]
    }

    public func save(_ subscription: Subscription) async throws(StoreError) { upsert(subscription) }

    public func save(_ subscriptions: [Subscription]) async throws(StoreError) {
        for subscription in subscriptions { upsert(subscription) }
    }

    /// A new subscription, or a new value, state and time for an existing id (its type, key and age stay).
    func upsert(_ subscription: Subscription) {
        let key = AccountKey(account: subscription.account, id: subscription.id)
        guard var stored = subscriptionsByKey[key] else {
            subscriptionsByKey[key] = subscription
            return
        }
        stored.value = subscription.value
        stored.active = subscription.active
        stored.lastUpdated = subscription.lastUpdated
        subscriptionsByKey[key] = stored
    }

    public func deleteSubscription(account: String, id: String) async throws(StoreError) {
        subscriptionsByKey[AccountKey(account: account, id: id)] = nil
    }
}

extension MemoryStore: ArtifactStore {
    public func artifact(account: String, digest: Digest, kind: String) async throws(StoreError) -> Data? {
        artifactsByKey[ArtifactKey(account: account, digest: digest, kind: kind)]
    }

    public func putArtifact(account: String, digest: Digest, kind: String, data: Data) async throws(StoreError) {
        artifactsByKey[ArtifactKey(account: account, digest: digest, kind: kind)] = data
    }

    public func artifacts(account: String, digests: [Digest], kind: String) async throws(StoreError) -> [Digest: Data] {
        var result: [Digest: Data] = [:]
        for digest in digests {
            if let data = artifactsByKey[ArtifactKey(account: account, digest: digest, kind: kind)] { result[digest] = data }
        }
        return result
    }
}

extension MemoryStore: RegistryCredentialStore {
    public func registries(account: String) async throws(StoreError) -> [RegistryRecord] {
        registriesByKey.values.filter { $0.account == account }.sorted { $0.registry < $1.registry }
    }

    public func registry(account: String, registry: String) async throws(StoreError) -> RegistryRecord? {
        registriesByKey[AccountKey(account: account, id: registry)]
    }

    public func save(_ registry: RegistryRecord) async throws(StoreError) {
        let key = AccountKey(account: registry.account, id: registry.registry)
        var record = registry
        if let stored = registriesByKey[key] { record.createdAt = stored.createdAt }
        registriesByKey[key] = record
    }

    @discardableResult
    public func deleteRegistry(account: String, registry: String) async throws(StoreError) -> Bool {
        registriesByKey.removeValue(forKey: AccountKey(account: account, id: registry)) != nil
    }
}

extension MemoryStore: EventStore {
    public func insert(_ event: Event) async throws(StoreError) {
        let key = AccountKey(account: event.account, id: event.id)
        guard eventsByKey[key] == nil else { throw StoreError(.conflict, "the record already exists") }
        eventsByKey[key] = event
    }

    public func events(account: String, filter: EventFilter, page: Int, limit: Int) async throws(StoreError) -> (events: [Event], more: Bool) {
        let all = matching(account: account, filter: filter).sorted { ($1.createdAt, $0.id) < ($0.createdAt, $1.id) }
        let start = max(0, page - 1) * limit
        guard start < all.count else { return ([], false) }
        let end = min(all.count, start + limit)
        return (Array(all[start..<end]), all.count > end)
    }

    public func event(account: String, id: String) async throws(StoreError) -> Event? { eventsByKey[AccountKey(account: account, id: id)] }

    public func deleteEvents(account: String, filter: EventFilter) async throws(StoreError) -> [String] {
        let doomed = matching(account: account, filter: filter)
        for event in doomed { eventsByKey[AccountKey(account: account, id: event.id)] = nil }
        return doomed.map(\.id)
    }

    public func deleteEvent(account: String, id: String) async throws(StoreError) -> Bool {
        eventsByKey.removeValue(forKey: AccountKey(account: account, id: id)) != nil
    }

    func matching(account: String, filter: EventFilter) -> [Event] {
        let pattern = filter.typePattern.map(EventTypePattern.init)
        return eventsByKey.values.filter { event in
            guard event.account == account else { return false }
            if let since = filter.since, event.createdAt < since { return false }
            if let before = filter.before, event.createdAt >= before { return false }
            if let level = filter.level, event.level != level { return false }
            if let value = filter.sourceService, event.sourceService != value { return false }
            if let value = filter.sourceHost, event.sourceHost != value { return false }
            if let value = filter.resourceID, event.resourceID != value { return false }
            if let value = filter.resourceType, event.resourceType != value { return false }
            if let pattern, !pattern.matches(event.type) { return false }
            return true
        }
    }
}

/// Anchore's event type filter: a prefix, `*` matching any run of characters, ASCII letters in either case.
struct EventTypePattern {
    let parts: [String]

    init(_ pattern: String) {
        parts = pattern.replacingOccurrences(of: "%", with: "").lowercased().split(separator: "*", omittingEmptySubsequences: false).map(String.init)
    }

    func matches(_ type: String) -> Bool {
        var rest = Substring(type.lowercased())
        for (index, part) in parts.enumerated() {
            if index == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
            } else if !part.isEmpty {
                guard let range = rest.range(of: part) else { return false }
                rest = rest[range.upperBound...]
            }
        }
        return true
    }
}

extension MemoryStore: NotificationStore {
    public func saveNotification(_ notification: QueuedNotification) async throws(StoreError) {
        guard var stored = notifications[notification.id] else {
            notifications[notification.id] = notification
            return
        }
        stored.lastUpdated = notification.lastUpdated
        stored.tries = notification.tries
        stored.nextAttemptAt = notification.nextAttemptAt
        stored.expiresAt = notification.expiresAt
        stored.deliveredTargets = notification.deliveredTargets
        stored.lastError = notification.lastError
        notifications[notification.id] = stored
    }

    public func dueNotifications(now: Date, limit: Int) async throws(StoreError) -> [QueuedNotification] {
        Array(
            notifications.values.filter { $0.nextAttemptAt <= now }
                .sorted { ($0.nextAttemptAt, $0.createdAt, $0.id) < ($1.nextAttemptAt, $1.createdAt, $1.id) }
                .prefix(max(0, limit)))
    }

    public func claimNotification(id: String, now: Date, until: Date) async throws(StoreError) -> Bool {
        guard let stored = notifications[id], stored.nextAttemptAt <= now else { return false }
        notifications[id]?.nextAttemptAt = until
        return true
    }

    public func nextNotificationDue() async throws(StoreError) -> Date? { notifications.values.map(\.nextAttemptAt).min() }

    public func pendingNotifications(account: String?) async throws(StoreError) -> [QueuedNotification] {
        notifications.values.filter { account == nil || $0.account == account }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    @discardableResult
    public func deleteNotification(id: String) async throws(StoreError) -> Bool { notifications.removeValue(forKey: id) != nil }
}
