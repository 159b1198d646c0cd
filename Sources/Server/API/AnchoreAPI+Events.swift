import Engine
import Foundation
import Hummingbird
import Store

extension AnchoreAPI {
    func registerEvents(on group: RouterGroup<DrydockContext>) {
        group.get("events", use: listEvents)
        group.delete("events", use: deleteEvents)
        group.get("events/:id", use: getEvent)
        group.delete("events/:id", use: deleteEvent)
        group.get("event_types", use: eventTypes)
    }

    /// The filter from `since`, `before`, `level`, `source_servicename`, `source_hostid`, `resource_id`,
    /// `resource_type` and `event_type` (a prefix, `*` as wildcard).
    func eventFilter(_ request: Request) throws -> EventFilter {
        var filter = EventFilter()
        filter.since = try request.query("since").map { try Self.parseEventTime($0, name: "since") }
        filter.before = try request.query("before").map { try Self.parseEventTime($0, name: "before") }
        if let since = filter.since, let before = filter.before, since >= before {
            throw APIError.badRequest("since must be earlier than before")
        }
        if let level = request.query("level") {
            guard let parsed = Event.Level(rawValue: level.lowercased()) else {
                throw APIError.badRequest("level must be info or error, got \"\(level)\"")
            }
            filter.level = parsed
        }
        filter.sourceService = request.query("source_servicename")
        filter.sourceHost = request.query("source_hostid")
        filter.resourceID = request.query("resource_id")
        filter.resourceType = request.query("resource_type")
        if let type = request.query("event_type") {
            guard type.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || "-_.*".contains($0)) }) else {
                throw APIError.badRequest("event_type \"\(type)\" may contain only a-z, 0-9, -, _, . and *")
            }
            filter.typePattern = type
        }
        return filter
    }

    static func parseEventTime(_ text: String, name: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
            [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate, .withFractionalSeconds],
            [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate], [.withFullDate],
        ] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        throw APIError.badRequest("\(name) \"\(text)\" is not a date-time (use RFC 3339, e.g. 2021-09-30T12:34:56Z)")
    }

    static func eventObject(_ event: Event) -> [String: Any] {
        [
            "generated_uuid": event.id, "created_at": rfc3339(event.createdAt),
            "event": [
                "type": event.type, "level": event.level.rawValue, "message": event.message, "details": event.details,
                "timestamp": rfc3339(event.timestamp),
                "resource": ["user_id": event.account, "id": event.resourceID, "type": event.resourceType],
                "source": ["servicename": event.sourceService, "hostid": event.sourceHost, "base_url": NSNull(), "request_id": NSNull()] as [String: Any],
            ] as [String: Any],
        ]
    }

    @Sendable func listEvents(_ request: Request, context: DrydockContext) async throws -> Response {
        let page = Int(request.query("page") ?? "1") ?? 0
        let limit = Int(request.query("limit") ?? "100") ?? 0
        guard page >= 1 else { throw APIError.badRequest("page must be an integer of at least 1") }
        guard (1...1000).contains(limit) else { throw APIError.badRequest("limit must be an integer from 1 to 1000") }
        let (events, more) = try await store.events(account: try context.account, filter: try eventFilter(request), page: page, limit: limit)
        return try jsonResponse(object: [
            "results": events.map(Self.eventObject), "next_page": more, "item_count": events.count, "page": page,
        ])
    }

    @Sendable func getEvent(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let event = try await store.event(account: try context.account, id: try context.parameters.decoded("id")) else {
            throw APIError.notFound("Event not found")
        }
        return try jsonResponse(object: Self.eventObject(event))
    }

    @Sendable func deleteEvent(_ request: Request, context: DrydockContext) async throws -> Response {
        guard try await store.deleteEvent(account: try context.account, id: try context.parameters.decoded("id")) else {
            throw APIError.notFound("Event not found")
        }
        return try jsonResponse(object: NSNull())
    }

    @Sendable func deleteEvents(_ request: Request, context: DrydockContext) async throws -> Response {
        let ids = try await store.deleteEvents(account: try context.account, filter: try eventFilter(request))
        return try jsonResponse(object: ids)
    }

    @Sendable func eventTypes(_ request: Request, context: DrydockContext) async throws -> Response {
        var categories: [String: [String: [[String: Any]]]] = [:]
        for kind in EventLog.Kind.allCases {
            let parts = kind.rawValue.split(separator: ".")
            let category = String(parts[0])
            let subcategory = parts.count > 2 ? parts[1...(parts.count - 2)].joined(separator: ".") : ""
            categories[category, default: [:]][subcategory, default: []].append([
                "name": String(parts.last ?? ""), "type": kind.rawValue, "message": kind.message, "resource_type": kind.resourceType,
            ])
        }
        let list: [[String: Any]] = categories.keys.sorted().map { category in
            [
                "name": category, "description": category == "user" ? "Events of interest to users" : "Events about the system",
                "subcategories": categories[category]!.keys.sorted().map { sub in
                    ["name": sub, "description": sub, "events": categories[category]![sub]!] as [String: Any]
                },
            ]
        }
        return try jsonResponse(object: list)
    }
}
