/// An account's VEX statements, indexed by vulnerability id for matching: what it says about one match.
public struct VEXStatements: Sendable {
    /// One statement with the document it came from.
    public struct Assessment: Sendable, Hashable {
        public var statement: VEXStatement
        /// Drydock's id of the document.
        public var document: String
        public var author: String
    }

    var assessments: [Assessment] = []
    /// Vulnerability name or alias → positions in `assessments`.
    var byID: [String: [Int]] = [:]

    public init() {}

    /// `documents` as (Drydock id, parsed document), oldest first.
    public init(_ documents: [(id: String, document: OpenVEXDocument)]) {
        for (id, document) in documents {
            for statement in document.statements {
                let position = assessments.count
                assessments.append(Assessment(statement: statement, document: id, author: document.author))
                for name in Set([statement.vulnerability] + statement.aliases) { byID[name, default: []].append(position) }
            }
        }
    }

    public var isEmpty: Bool { assessments.isEmpty }
    public var count: Int { assessments.count }

    /// The statement that speaks last (latest timestamp, then latest imported) of `match` in image `image`
    /// (`sha256:…`), or nil.
    public func assessment(for match: VulnerabilityMatch, image: String) -> Assessment? {
        guard !assessments.isEmpty else { return nil }
        let ids = [match.id] + match.aliases
        var positions = Set<Int>()
        for id in ids { positions.formUnion(byID[id] ?? []) }
        guard !positions.isEmpty else { return nil }
        let package = VEXPackage(match: match)
        var best: Int?
        for position in positions.sorted() where assessments[position].statement.applies(to: ids, package: package, image: image) {
            if let current = best, assessments[current].statement.timestamp > assessments[position].statement.timestamp { continue }
            best = position
        }
        return best.map { assessments[$0] }
    }
}
