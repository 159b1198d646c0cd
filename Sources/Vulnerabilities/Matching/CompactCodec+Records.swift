/// Vulnerability records in the compact line format: what the service stores per feed group and reads back into
/// the index at every start and sync. A million records decode in about a second where JSON took sixteen, and the
/// strings records repeat (namespace, scheme, feed, group, severity, and a CVE's description shared by every package
/// and release it names) are read once and shared.
extension CompactCodec {
    /// One `R` line per record (no trailing newline after the last).
    public static func encodeRecords(_ records: [VulnerabilityRecord]) -> String {
        var out = ""
        out.reserveCapacity(records.count * 160)
        for (index, record) in records.enumerated() {
            if index > 0 { out += "\n" }
            out += line(record)
        }
        return out
    }

    static func line(_ r: VulnerabilityRecord) -> String {
        let ranges = r.ranges.map { range in list([range.type] + range.events.map { eventCode($0.kind) + $0.version }) }
        let cvss = r.severity.cvss.map { list([$0.type, $0.vector, $0.score.map { "\($0)" } ?? ""]) }
        var fields = ["R", escape(r.namespace), escape(r.id), list(r.aliases), escape(r.packageName), escape(r.versionScheme)]
        fields += [list(ranges), list(r.affectedVersions), list(r.fixedVersions), r.fixState.rawValue, optional(r.fixStateDetail)]
        fields += [optional(r.severity.vendor), list(cvss), optional(r.description), list(r.links), escape(r.source.feed)]
        fields += [escape(r.source.group), optional(r.subscription), optional(r.module)]
        // A twentieth field only for records that name symbols.
        if !r.symbols.isEmpty { fields.append(list(r.symbols)) }
        return fields.joined(separator: "\t")
    }

    static func eventCode(_ kind: RangeEvent.Kind) -> String {
        switch kind {
        case .introduced: "i"
        case .fixed: "f"
        case .lastAffected: "l"
        case .limit: "m"
        }
    }

    /// Shares equal strings among the records of one decode: the previous value of each field is kept and reused
    /// when the bytes are the same (records come grouped, so runs are long), and descriptions by vulnerability id
    /// (one CVE's text is repeated for every package and release it names). Bytes are compared, never hashed as
    /// Unicode text, which would cost more than the strings it saves.
    struct Interner {
        var last: [String] = Array(repeating: "", count: 19)
        var lastRaw: [Substring] = Array(repeating: "\u{0}", count: 19)
        var descriptions: [String: String] = [:]

        mutating func callAsFunction(_ text: Substring, field: Int) -> String {
            if text.utf8.elementsEqual(lastRaw[field].utf8) { return last[field] }
            let made = unescape(text)
            last[field] = made
            lastRaw[field] = text
            return made
        }

        mutating func optional(_ text: Substring, field: Int) -> String? { text.isEmpty ? nil : self(text.dropFirst(), field: field) }

        mutating func description(_ text: Substring, id: String) -> String? {
            guard !text.isEmpty else { return nil }
            let body = text.dropFirst()
            if let known = descriptions[id], known.utf8.count == body.utf8.count, !body.utf8.contains(0x5C), known.utf8.elementsEqual(body.utf8) {
                return known
            }
            let made = unescape(body)
            descriptions[id] = made
            return made
        }
    }

    /// The records of `text` (`R` lines).
    public static func decodeRecords(_ text: String) throws(DecodingError) -> [VulnerabilityRecord] {
        let lines = split(text[...], on: 0x0A, keepingEmpty: false)
        var records: [VulnerabilityRecord] = []
        records.reserveCapacity(lines.count)
        var shared = Interner()
        for line in lines {
            let f = fields(line)
            guard f.count == 19 || f.count == 20, f[0] == "R", let state = FixState(rawValue: String(f[9])) else {
                throw DecodingError(description: "a malformed record line in a stored feed group")
            }
            var ranges: [AffectedRange] = []
            for text in list(f[6]) {
                let parts = list(text[...])
                guard let type = parts.first else { throw DecodingError(description: "an empty range in a stored record") }
                var events: [RangeEvent] = []
                for event in parts.dropFirst() {
                    let kind: RangeEvent.Kind
                    switch event.first {
                    case "i": kind = .introduced
                    case "f": kind = .fixed
                    case "l": kind = .lastAffected
                    case "m": kind = .limit
                    default: throw DecodingError(description: "an unknown range event in a stored record")
                    }
                    events.append(RangeEvent(kind, String(event.dropFirst())))
                }
                ranges.append(AffectedRange(type: type, events: events))
            }
            var cvss: [CVSSScore] = []
            for text in list(f[12]) {
                let parts = list(text[...])
                guard parts.count == 3 else { throw DecodingError(description: "a malformed score in a stored record") }
                cvss.append(CVSSScore(type: parts[0], vector: parts[1], score: Double(parts[2])))
            }
            let id = unescape(f[2])
            records.append(VulnerabilityRecord(
                namespace: shared(f[1], field: 1), id: id, aliases: list(f[3]), packageName: shared(f[4], field: 4),
                versionScheme: shared(f[5], field: 5), ranges: ranges, affectedVersions: list(f[7]), fixedVersions: list(f[8]),
                fixState: state, fixStateDetail: shared.optional(f[10], field: 10),
                severity: Severity(vendor: shared.optional(f[11], field: 11), cvss: cvss), description: shared.description(f[13], id: id),
                links: list(f[14]), source: FeedSource(feed: shared(f[15], field: 15), group: shared(f[16], field: 16)),
                subscription: shared.optional(f[17], field: 17), module: shared.optional(f[18], field: 18),
                symbols: f.count == 20 ? list(f[19]) : []))
        }
        return records
    }
}
