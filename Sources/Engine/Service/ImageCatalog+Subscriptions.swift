public import Foundation
public import Store

extension ImageCatalog {
    /// `GET /subscriptions`, optionally by key and type (an unknown type is a bad request).
    public func subscriptions(account: String, key: String? = nil, type: String? = nil) async throws(CatalogError) -> [Subscription] {
        if let type { try Self.checkType(type) }
        return try await storeCall { () async throws(StoreError) in try await store.subscriptions(account: account, key: key, type: type) }
    }

    public func subscription(account: String, id: String) async throws(CatalogError) -> Subscription? {
        try await storeCall { () async throws(StoreError) in try await store.subscription(account: account, id: id) }
    }

    /// `POST /subscriptions`: a new subscription; a duplicate is a conflict.
    public func createSubscription(account: String, type: String, key: String, value: String?, active: Bool) async throws(CatalogError) -> Subscription {
        try Self.checkType(type)
        guard !key.isEmpty else { throw CatalogError(.badRequest, "subscription_key is required") }
        let subscription = Subscription(account: account, type: type, key: key, value: value, active: active, createdAt: clock())
        if try await self.subscription(account: account, id: subscription.id) != nil {
            throw CatalogError(.conflict, "subscription already exists in DB")
        }
        try await storeCall { () async throws(StoreError) in try await store.save(subscription) }
        return subscription
    }

    /// `PUT /subscriptions/{id}`: changes `active` and/or the value; key and type never change.
    public func updateSubscription(account: String, id: String, active: Bool?, value: String?) async throws(CatalogError) -> Subscription {
        guard var subscription = try await subscription(account: account, id: id) else {
            throw CatalogError(.notFound, "subscription \(id) not found")
        }
        if let active { subscription.active = active }
        if let value { subscription.value = value }
        subscription.lastUpdated = clock()
        let save = subscription
        try await storeCall { () async throws(StoreError) in try await store.save(save) }
        return subscription
    }

    public func deleteSubscription(account: String, id: String) async throws(CatalogError) {
        guard try await subscription(account: account, id: id) != nil else {
            throw CatalogError(.notFound, "subscription \(id) not found")
        }
        try await storeCall { () async throws(StoreError) in try await store.deleteSubscription(account: account, id: id) }
    }

    /// The active subscriptions of one type across every enabled account: what the watchers walk.
    public func activeSubscriptions(type: String) async -> [Subscription] {
        guard let accounts = try? await store.accounts() else { return [] }
        var active: [Subscription] = []
        for account in accounts where account.state == .enabled {
            let subscriptions = (try? await subscriptions(account: account.name, type: type)) ?? []
            active += subscriptions.filter(\.active)
        }
        return active
    }

    static func checkType(_ type: String) throws(CatalogError) {
        guard Subscription.allTypes.contains(type) else {
            throw CatalogError(.badRequest, "\(type) is not a supported subscription type")
        }
    }
}
