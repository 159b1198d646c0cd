import Foundation

/// A package's license string read as an SPDX license expression where it can be: known names become canonical
/// SPDX identifiers (`GPL-2+` → `GPL-2.0-or-later`), operators are normalized to upper case, and anything not
/// recognized is kept as an ``Node/unknown(_:)`` name for the encoders to turn into a named license (CycloneDX)
/// or a `LicenseRef-` (SPDX). A string that does not parse at all is one unknown name.
struct LicenseExpression: Hashable {
    indirect enum Node: Hashable {
        /// A canonical SPDX license identifier.
        case license(String)
        /// A name that is not an SPDX identifier, as written.
        case unknown(String)
        /// `license WITH exception`, both canonical.
        case with(String, exception: String)
        case and([Node])
        case or([Node])
    }

    /// The license string as the package declared it, trimmed.
    let original: String
    let root: Node

    /// Reads a license string; nil when it says nothing (empty, `NOASSERTION`, `NONE`).
    init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !["NOASSERTION", "NONE"].contains(trimmed.uppercased()) else { return nil }
        original = trimmed
        if let id = SPDXLicenseList.license(trimmed) {
            root = .license(id)
        } else {
            var parser = Parser(tokens: Parser.tokenize(trimmed))
            root = parser.parseAll() ?? .unknown(trimmed)
        }
    }

    init(original: String, root: Node) {
        self.original = original
        self.root = root
    }

    /// The single SPDX identifier the string names, if that is all it is.
    var singleID: String? {
        if case .license(let id) = root { return id }
        return nil
    }

    /// Whether every name in the expression is an SPDX identifier.
    var isFullySPDX: Bool { root.unknownNames.isEmpty }

    /// The expression as SPDX text, with each unknown name written by `unknown`.
    func rendered(unknown: (String) -> String) -> String { root.rendered(unknown: unknown) }

    /// The conjunction (`AND`) of several declared licenses, duplicates removed; nil for none.
    static func all(_ expressions: [LicenseExpression]) -> LicenseExpression? {
        var seen = Set<Node>()
        let roots = expressions.map(\.root).filter { seen.insert($0).inserted }
        guard let first = roots.first else { return nil }
        let flattened = roots.flatMap { root -> [Node] in if case .and(let inner) = root { inner } else { [root] } }
        let root: Node = roots.count == 1 ? first : .and(flattened)
        return LicenseExpression(original: expressions.map(\.original).joined(separator: " AND "), root: root)
    }
}

extension LicenseExpression.Node {
    /// The unknown names, in order of appearance.
    var unknownNames: [String] {
        switch self {
        case .license, .with: []
        case .unknown(let name): [name]
        case .and(let nodes), .or(let nodes): nodes.flatMap(\.unknownNames)
        }
    }

    func rendered(unknown: (String) -> String) -> String {
        switch self {
        case .license(let id): id
        case .unknown(let name): unknown(name)
        case .with(let id, let exception): "\(id) WITH \(exception)"
        case .and(let nodes):
            nodes.map { node in
                if case .or = node { "(\(node.rendered(unknown: unknown)))" } else { node.rendered(unknown: unknown) }
            }.joined(separator: " AND ")
        case .or(let nodes):
            nodes.map { node in
                if case .and = node { "(\(node.rendered(unknown: unknown)))" } else { node.rendered(unknown: unknown) }
            }.joined(separator: " OR ")
        }
    }
}

/// A recursive-descent parser for `or := and (OR and)*`, `and := atom (AND atom)*`,
/// `atom := "(" or ")" | name [WITH name]`, where a name is a run of words (so `Apache 2.0` is one name).
private struct Parser {
    var tokens: [String]
    var position = 0

    static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        for character in text {
            if character == "(" || character == ")" || character.isWhitespace {
                if !word.isEmpty { tokens.append(word) }
                word = ""
                if !character.isWhitespace { tokens.append(String(character)) }
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { tokens.append(word) }
        return tokens
    }

    /// The whole expression, or nil when it is malformed (unbalanced parentheses, a dangling operator).
    mutating func parseAll() -> LicenseExpression.Node? {
        guard let node = parseOr(), position == tokens.count else { return nil }
        return node
    }

    private var peek: String? { position < tokens.count ? tokens[position] : nil }

    private func isOperator(_ token: String?, _ name: String) -> Bool { token?.uppercased() == name }

    private mutating func parseOr() -> LicenseExpression.Node? {
        guard let first = parseAnd() else { return nil }
        var nodes = [first]
        while isOperator(peek, "OR") {
            position += 1
            guard let next = parseAnd() else { return nil }
            nodes.append(next)
        }
        return nodes.count == 1 ? first : .or(nodes.flatMap { if case .or(let inner) = $0 { inner } else { [$0] } })
    }

    private mutating func parseAnd() -> LicenseExpression.Node? {
        guard let first = parseAtom() else { return nil }
        var nodes = [first]
        while isOperator(peek, "AND") {
            position += 1
            guard let next = parseAtom() else { return nil }
            nodes.append(next)
        }
        return nodes.count == 1 ? first : .and(nodes.flatMap { if case .and(let inner) = $0 { inner } else { [$0] } })
    }

    private mutating func parseAtom() -> LicenseExpression.Node? {
        if peek == "(" {
            position += 1
            guard let node = parseOr(), peek == ")" else { return nil }
            position += 1
            return node
        }
        guard let name = parseName() else { return nil }
        guard isOperator(peek, "WITH") else {
            return SPDXLicenseList.license(name).map { .license($0) } ?? .unknown(name)
        }
        position += 1
        guard let exceptionName = parseName() else { return nil }
        if let id = SPDXLicenseList.license(name), let exception = SPDXLicenseList.exception(exceptionName) {
            return .with(id, exception: exception)
        }
        return .unknown("\(name) WITH \(exceptionName)")
    }

    private mutating func parseName() -> String? {
        var words: [String] = []
        while let token = peek, token != "(", token != ")", !["AND", "OR", "WITH"].contains(token.uppercased()) {
            words.append(token)
            position += 1
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}
