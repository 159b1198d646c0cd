public import Foundation
import GRDB

extension SQLiteStore: EventStore {
    public func insert(_ event: Event) async throws(StoreError) {
        try await write { db in
            let details = String(decoding: try JSONEncoder().encode(event.details), as: UTF8.self)
            try db.execute(
                sql: """
                    INSERT INTO events (account, id, event_type, level, message, resource_id, resource_type,
                        source_service, source_host, details, event_timestamp, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    event.account, event.id, event.type, event.level.rawValue, event.message, event.resourceID,
                    event.resourceType, event.sourceService, event.sourceHost, details,
                    event.timestamp.timeIntervalSince1970, event.createdAt.timeIntervalSince1970,
                ])
        }
    }

    public func events(account: String, filter: EventFilter, page: Int, limit: Int) async throws(StoreError) -> (events: [Event], more: Bool) {
        try await read { db in
            let (condition, arguments) = SQLiteStore.condition(account: account, filter: filter)
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM events WHERE \(condition) ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                arguments: arguments + [limit + 1, max(0, page - 1) * limit])
            let events = try rows.prefix(limit).map(Event.init(row:))
            return (events, rows.count > limit)
        }
    }

    public func event(account: String, id: String) async throws(StoreError) -> Event? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM events WHERE account = ? AND id = ?", arguments: [account, id]).map(Event.init(row:))
        }
    }

    public func deleteEvents(account: String, filter: EventFilter) async throws(StoreError) -> [String] {
        try await write { db in
            let (condition, arguments) = SQLiteStore.condition(account: account, filter: filter)
            let ids = try String.fetchAll(db, sql: "SELECT id FROM events WHERE \(condition)", arguments: arguments)
            try db.execute(sql: "DELETE FROM events WHERE \(condition)", arguments: arguments)
            return ids
        }
    }

    public func deleteEvent(account: String, id: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM events WHERE account = ? AND id = ?", arguments: [account, id])
            return db.changesCount > 0
        }
    }

    static func condition(account: String, filter: EventFilter) -> (String, StatementArguments) {
        var clauses = ["account = ?"]
        var arguments: StatementArguments = [account]
        if let since = filter.since {
            clauses.append("created_at >= ?")
            arguments += [since.timeIntervalSince1970]
        }
        if let before = filter.before {
            clauses.append("created_at < ?")
            arguments += [before.timeIntervalSince1970]
        }
        let equal: [(String, String?)] = [
            ("level", filter.level?.rawValue), ("source_service", filter.sourceService), ("source_host", filter.sourceHost),
            ("resource_id", filter.resourceID), ("resource_type", filter.resourceType),
        ]
        for (column, value) in equal {
            if let value {
                clauses.append("\(column) = ?")
                arguments += [value]
            }
        }
        if let pattern = filter.typePattern {
            // Anchore matches event types as a prefix, with `*` as a wildcard.
            let like = pattern.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "\\_")
                .replacingOccurrences(of: "*", with: "%")
            clauses.append("event_type LIKE ? ESCAPE '\\'")
            arguments += [like.hasSuffix("%") ? like : like + "%"]
        }
        return (clauses.joined(separator: " AND "), arguments)
    }
}

extension Event {
    init(row: Row) throws {
        guard let level = Level(rawValue: row["level"]) else { throw StoreError(.corrupt, "event with an unknown level") }
        let detailsText: String = row["details"]
        let details = (try? JSONDecoder().decode([String: String].self, from: Data(detailsText.utf8))) ?? [:]
        self.init(
            id: row["id"], account: row["account"], type: row["event_type"], level: level, message: row["message"],
            resourceID: row["resource_id"], resourceType: row["resource_type"], sourceService: row["source_service"],
            sourceHost: row["source_host"], details: details,
            timestamp: Date(timeIntervalSince1970: row["event_timestamp"]), createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}
