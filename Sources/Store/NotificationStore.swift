public import Foundation

/// A webhook notification waiting to be delivered (Anchore's `queues` record): what to send, to whom, how
/// often it was tried and until when it may be retried.
public struct QueuedNotification: Codable, Hashable, Sendable {
    /// The notification's id (`dataId` and the payload's `notificationId`).
    public var id: String
    /// The account it is for (`userId`).
    public var account: String
    /// `analysis_update`, `tag_update`, … (`queueId`).
    public var type: String
    /// The `notification_payload` object, JSON.
    public var payload: Data
    public var createdAt: Date
    public var lastUpdated: Date
    /// How many delivery attempts were made.
    public var tries: Int
    /// When the next attempt is due.
    public var nextAttemptAt: Date
    /// After this it is dropped (`max_tries` in Anchore's envelope: created + the retry timeout).
    public var expiresAt: Date
    /// The targets (`general`, or the notification type) that already accepted it; a retry skips them.
    public var deliveredTargets: [String]
    /// Why the last attempt failed.
    public var lastError: String?

    public init(
        id: String = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""), account: String, type: String,
        payload: Data, createdAt: Date, expiresAt: Date, tries: Int = 0, nextAttemptAt: Date? = nil,
        deliveredTargets: [String] = [], lastError: String? = nil, lastUpdated: Date? = nil
    ) {
        self.id = id
        self.account = account
        self.type = type
        self.payload = payload
        self.createdAt = createdAt
        self.lastUpdated = lastUpdated ?? createdAt
        self.tries = tries
        self.nextAttemptAt = nextAttemptAt ?? createdAt
        self.expiresAt = expiresAt
        self.deliveredTargets = deliveredTargets
        self.lastError = lastError
    }
}

/// The persisted webhook queue: a restart does not lose pending deliveries.
public protocol NotificationStore: Sendable {
    /// Inserts or replaces (by id) a notification.
    func saveNotification(_ notification: QueuedNotification) async throws(StoreError)
    /// Notifications whose next attempt is due at `now`, oldest first, at most `limit`.
    func dueNotifications(now: Date, limit: Int) async throws(StoreError) -> [QueuedNotification]
    /// Claims a notification for one delivery attempt: when it is due at `now`, its next attempt moves to `until`
    /// (the claim's lease: a notifier that dies leaves it due again then) and true is returned; false when another
    /// notifier claimed it first, or it is gone.
    func claimNotification(id: String, now: Date, until: Date) async throws(StoreError) -> Bool
    /// When the earliest pending notification is due; nil when the queue is empty.
    func nextNotificationDue() async throws(StoreError) -> Date?
    /// The pending notifications of an account (every account when nil), oldest first.
    func pendingNotifications(account: String?) async throws(StoreError) -> [QueuedNotification]
    /// Removes a delivered or dropped notification; false when there was none.
    @discardableResult
    func deleteNotification(id: String) async throws(StoreError) -> Bool
}
