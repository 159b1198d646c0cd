/// One event of an OSV `affected[].ranges[].events` list.
public enum OSVEvent: Hashable, Sendable {
    /// "0" means "from the beginning".
    case introduced(String)
    case fixed(String)
    case lastAffected(String)
    case limit(String)
}

extension VersionScheme {
    /// Whether `version` falls in the range an OSV event list describes (an ECOSYSTEM/SEMVER range), following
    /// the OSV evaluation: events sorted by version; a version is affected when the closest event at or below
    /// it is an `introduced` (or it equals a `last_affected`); `limit` events bound the search.
    public func isAffected(_ version: String, events: [OSVEvent]) throws(VersionError) -> Bool {
        try validate(version)
        func value(_ e: OSVEvent) -> String {
            switch e {
            case let .introduced(v), let .fixed(v), let .lastAffected(v), let .limit(v): v
            }
        }
        func isZero(_ e: OSVEvent) -> Bool { if case .introduced("0") = e { true } else { false } }
        // Limits: the version must be below some limit when limits are given.
        let limits = events.filter { if case .limit = $0 { true } else { false } }
        if !limits.isEmpty {
            var below = false
            for l in limits {
                if value(l) == "*" { below = true } else if try compare(version, value(l)) == .less { below = true }
            }
            if !below { return false }
        }
        // Walk the events in version order (introduced "0" first); the last event at or below `version` decides.
        var affected = false
        var sorted: [(OSVEvent, String)] = []
        for e in events {
            if case .limit = e { continue }
            sorted.append((e, value(e)))
        }
        var ordered: [(OSVEvent, String)] = []
        for item in sorted {
            var k = ordered.count
            while k > 0 {
                let prev = ordered[k - 1]
                let before: Bool
                if isZero(item.0) { before = !isZero(prev.0) } else if isZero(prev.0) { before = false } else {
                    before = try compare(item.1, prev.1) == .less
                }
                if !before { break }
                k -= 1
            }
            ordered.insert(item, at: k)
        }
        for (event, v) in ordered {
            let order: VersionOrder = isZero(event) ? .greater : try compare(version, v)
            switch event {
            case .introduced: if order != .less { affected = true }
            case .fixed: if order != .less { affected = false }
            case .lastAffected: if order == .greater { affected = false }
            case .limit: break
            }
        }
        return affected
    }
}
