import Foundation

/// The requests of `event list|get|delete` (`anchorecli/clients/apiexternal.py`).
extension AnchoreEndpoints {
    /// `list_events`: `GET /events` with, in this order and only when given, `since`, `before`, `level`,
    /// `source_servicename`, `source_hostid`, `resource_id`, `event_type`, `resource_type`, then `page`.
    public func events(_ filter: EventListFilter = EventListFilter(), page: Int? = nil) -> APIRequest {
        var pairs = filter.queryPairs
        if let page { pairs.append(("page", String(page))) }
        return APIRequest(.get, root + "/events" + (pairs.isEmpty ? "" : "?" + PercentEncoding.formEncode(pairs)))
    }

    /// `get_event`: `GET /events/<id>` (the id as given).
    public func event(id: String) -> APIRequest { APIRequest(.get, root + "/events/" + id) }

    /// `delete_event`: `DELETE /events/<id>`.
    public func deleteEvent(id: String) -> APIRequest { APIRequest(.delete, root + "/events/" + id) }

    /// `delete_events`: `DELETE /events[?since=…&before=…]`.
    public func deleteEvents(since: String? = nil, before: String? = nil) -> APIRequest {
        var pairs: [(String, String)] = []
        if let since, !since.isEmpty { pairs.append(("since", since)) }
        if let before, !before.isEmpty { pairs.append(("before", before)) }
        return APIRequest(.delete, root + "/events" + (pairs.isEmpty ? "" : "?" + PercentEncoding.formEncode(pairs)))
    }
}

/// `event list`'s filters; an empty value counts as not given (Python's `if since:`).
public struct EventListFilter: Sendable, Hashable {
    public var resource: String?
    public var since: String?
    public var before: String?
    public var level: String?
    public var service: String?
    public var host: String?
    public var eventType: String?
    public var resourceType: String?

    public init(
        resource: String? = nil, since: String? = nil, before: String? = nil, level: String? = nil, service: String? = nil,
        host: String? = nil, eventType: String? = nil, resourceType: String? = nil
    ) {
        self.resource = resource
        self.since = since
        self.before = before
        self.level = level
        self.service = service
        self.host = host
        self.eventType = eventType
        self.resourceType = resourceType
    }

    var queryPairs: [(String, String)] {
        let all: [(String, String?)] = [
            ("since", since), ("before", before), ("level", level), ("source_servicename", service),
            ("source_hostid", host), ("resource_id", resource), ("event_type", eventType), ("resource_type", resourceType),
        ]
        return all.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : (name, $0) } }
    }
}

/// `event list|get|delete` as anchore-cli 0.9.3 runs them (`anchorecli/cli/event.py`).
extension ClientSession {
    /// `event list [RESOURCE] [--since] [--before] [--level] [--service] [--host] [--event_type] [--resource_type]
    /// [--all] [--full]`: one page, or with `all` every page (`page=N+1` while `next_page` is true), the
    /// results gathered into the last page's payload.
    public func listEvents(_ filter: EventListFilter = EventListFilter(), all: Bool = false, full: Bool = false)
        async throws(ClientError)
    {
        var filter = filter
        if let level = filter.level, !level.isEmpty {
            guard ["info", "error"].contains(level.lowercased()) else {
                throw ClientError(.invalidInput, "\(level) is an invalid value for --level. Supported values are 'info' or 'error'")
            }
            filter.level = level.lowercased()
        }
        var result: JSONValue
        if all {
            var gathered: [JSONValue] = []
            var page: Int?
            while true {
                var payload = try await self.payload(of: endpoints.events(filter, page: page))
                gathered += try payload.item("results").iterated()
                if case .object(var object) = payload {
                    object["results"] = .array(gathered)
                    payload = .object(object)
                }
                result = payload
                // anchore-cli loops while `next_page is True`; anything else ends the listing here.
                guard try payload.item("next_page") == .bool(true) else { break }
                let current = try payload.item("page")
                guard let number = current.intValue else {
                    throw ClientError(.invalidResponse, "invalid literal for int() with base 10: \(current.pythonRepr)")
                }
                page = number + 1
            }
        } else {
            result = try await payload(of: endpoints.events(filter))
        }
        emit(result) { payload throws(ClientError) in
            full ? try EventFormatter.listFull(payload) : try EventFormatter.list(payload)
        }
    }

    /// `event get ID`: the event as YAML.
    public func getEvent(_ id: String) async throws(ClientError) {
        emit(try await payload(of: endpoints.event(id: id)), EventFormatter.get)
    }

    /// `event delete [ID] [--since] [--before] [--all] [--dontask]`. With an id: `DELETE /events/<id>`, printing
    /// nothing on success (as anchore-cli). Otherwise `--since`/`--before` delete at once, `--all` asks first
    /// (`confirm` shows anchore-cli's prompt and returns the answer; nil when there is no input) unless
    /// `dontask`, and only the answer `y` deletes; with none of them it is a usage error.
    public func deleteEvents(
        id: String? = nil, since: String? = nil, before: String? = nil, all: Bool = false, dontask: Bool = false,
        confirm: () -> String? = { nil }
    ) async throws(ClientError) {
        if let id, !id.isEmpty {
            _ = try await payload(of: endpoints.deleteEvent(id: id))
            return
        }
        let answer: String
        if all {
            answer = dontask ? "y" : confirm() ?? "n"
        } else if !(before ?? "").isEmpty || !(since ?? "").isEmpty {
            answer = "y"
        } else {
            throw ClientError(.invalidInput, "Must include either an event_id, --all, --since, or --before")
        }
        guard answer.lowercased() == "y" else { return }
        emit(try await payload(of: endpoints.deleteEvents(since: since, before: before)), EventFormatter.delete)
    }
}

extension JSONValue {
    /// Python's `int(value)` for the values a page number comes as.
    var intValue: Int? {
        switch self {
        case .int(let number): number
        case .double(let number) where number.isFinite: Int(number)
        case .bool(let flag): flag ? 1 : 0
        case .string(let text): Int(text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }
}
