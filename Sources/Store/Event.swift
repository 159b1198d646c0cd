public import Foundation

/// A notable thing that happened (Anchore's `EventRecord`): analysis started/completed/failed, a tag that
/// moved, a registry that could not be reached, a webhook that failed.
public struct Event: Codable, Hashable, Sendable {
    public enum Level: String, Codable, Sendable, CaseIterable { case info, error }

    /// The event's id (`generated_uuid`).
    public var id: String
    public var account: String
    /// The fully qualified type, e.g. `user.image.analysis.completed`.
    public var type: String
    public var level: Level
    public var message: String
    /// What the event is about: its id (a full tag, a digest, `registry/repo`) and kind (`image_tag`, …).
    public var resourceID: String
    public var resourceType: String
    /// Which part of the service raised it (`analyzer`, `catalog`, …).
    public var sourceService: String
    public var sourceHost: String
    /// Extra facts, a JSON object.
    public var details: [String: String]
    public var timestamp: Date
    public var createdAt: Date

    public init(
        id: String = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""), account: String, type: String,
        level: Level = .info, message: String, resourceID: String, resourceType: String, sourceService: String,
        sourceHost: String, details: [String: String] = [:], timestamp: Date, createdAt: Date? = nil
    ) {
        self.id = id
        self.account = account
        self.type = type
        self.level = level
        self.message = message
        self.resourceID = resourceID
        self.resourceType = resourceType
        self.sourceService = sourceService
        self.sourceHost = sourceHost
        self.details = details
        self.timestamp = timestamp
        self.createdAt = createdAt ?? timestamp
    }
}

/// Which events a listing or bulk delete covers.
public struct EventFilter: Sendable, Hashable {
    public var since: Date?
    public var before: Date?
    public var level: Event.Level?
    public var sourceService: String?
    public var sourceHost: String?
    public var resourceID: String?
    public var resourceType: String?
    /// A type prefix or pattern with `*` wildcards (`user.image.*`).
    public var typePattern: String?

    public init(
        since: Date? = nil, before: Date? = nil, level: Event.Level? = nil, sourceService: String? = nil,
        sourceHost: String? = nil, resourceID: String? = nil, resourceType: String? = nil, typePattern: String? = nil
    ) {
        self.since = since
        self.before = before
        self.level = level
        self.sourceService = sourceService
        self.sourceHost = sourceHost
        self.resourceID = resourceID
        self.resourceType = resourceType
        self.typePattern = typePattern
    }
}

/// The account's events.
public protocol EventStore: Sendable {
    func insert(_ event: Event) async throws(StoreError)
    /// A page of events, newest first, and whether another page follows.
    func events(account: String, filter: EventFilter, page: Int, limit: Int) async throws(StoreError) -> (events: [Event], more: Bool)
    func event(account: String, id: String) async throws(StoreError) -> Event?
    /// Deletes the events that pass the filter; returns their ids.
    func deleteEvents(account: String, filter: EventFilter) async throws(StoreError) -> [String]
    /// Deletes one event; false when there was none.
    func deleteEvent(account: String, id: String) async throws(StoreError) -> Bool
}
