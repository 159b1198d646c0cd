/// An account's VEX statements, indexed by vulnerability id for matching: what it says about one match.
public struct VEXStatements: Sendable {
    /// One statement with the document it came from.
    public struct Assessment: Sendable, Hashable, Codable {
        public var statement: VEXStatement
        /// Drydock's id of the document.
        public var document: String
        public var author: String

        public init(statement: VEXStatement, document: String, author: String) {
            self.statement = statement
            self.document = document
            self.author = author
        }
    }

    var assessments: [Assessment] = []
    /// Vulnerability name or alias → positions in `assessments`.
    var byID: [String: [Int]] = [:]

    public init() {}

    /// `documents` as (Drydock id, parsed document), oldest first, after `feeds`' statements (the system-wide VEX of
    /// `openvex` feeds): on equal timestamps the account's own statement wins.
    public init(_ documents: [(id: String, document: OpenVEXDocument)], feeds: [Assessment] = []) {
        for assessment in feeds { append(assessment) }
        for (id, document) in documents {
            for statement in document.statements { append(Assessment(statement: statement, document: id, author: document.author)) }
        }
    }

    mutating func append(_ assessment: Assessment) {
        let position = assessments.count
        assessments.append(assessment)
        for name in Set([assessment.statement.vulnerability] + assessment.statement.aliases) { byID[name, default: []].append(position) }
    }

    /// Every statement of `documents`, each named by the document's `@id`: what an `openvex` feed stores.
    public static func assessments(of documents: [OpenVEXDocument]) -> [Assessment] {
        documents.flatMap { document in document.statements.map { Assessment(statement: $0, document: document.id, author: document.author) } }
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
