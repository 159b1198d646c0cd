public import Foundation

/// An OpenVEX document (https://github.com/openvex/spec, v0.2.0): statements that a vulnerability does or does
/// not affect products. Drydock reads them per account and applies them to matches when it answers.
public struct OpenVEXDocument: Sendable, Hashable {
    /// The document's `@id`.
    public var id: String
    public var author: String
    public var timestamp: String
    public var version: Int
    public var statements: [VEXStatement]

    public init(id: String, author: String, timestamp: String, version: Int = 1, statements: [VEXStatement]) {
        self.id = id
        self.author = author
        self.timestamp = timestamp
        self.version = version
        self.statements = statements
    }

    /// Parses and validates a document: the fields the spec requires, a known status in every statement, and a
    /// justification or impact statement for each `not_affected` (as the spec requires).
    public static func parse(_ data: Data) throws(FeedError) -> OpenVEXDocument {
        let document = try FeedValue.json(data, context: "the VEX document")
        guard document.members != nil else { throw FeedError(.malformed, "a VEX document must be a JSON object, not \(document.kindName)") }
        // Canonical published its Ubuntu VEX with the document's own fields under `metadata` until 2026.
        let root = document["@context"] == nil && document["metadata"]?["@context"] != nil ? document["metadata"]! : document
        guard let context = root["@context"]?.string, context.hasPrefix("https://openvex.dev/ns") else {
            throw FeedError(.malformed, "not an OpenVEX document: `@context` must be https://openvex.dev/ns/…")
        }
        guard let id = root["@id"]?.string, !id.isEmpty else { throw FeedError(.malformed, "the VEX document has no `@id`") }
        guard let author = root["author"]?.string, !author.isEmpty else { throw FeedError(.malformed, "the VEX document has no `author`") }
        guard let timestamp = root["timestamp"]?.string, !timestamp.isEmpty else {
            throw FeedError(.malformed, "the VEX document has no `timestamp`")
        }
        var version = 1
        if case let .number(value)? = root["version"] { version = Int(value) }
        guard let list = document["statements"]?.array else { throw FeedError(.malformed, "the VEX document has no `statements` list") }
        var statements: [VEXStatement] = []
        for (index, item) in list.enumerated() {
            statements.append(try VEXStatement(item, index: index, documentTimestamp: timestamp))
        }
        return OpenVEXDocument(id: id, author: author, timestamp: timestamp, version: version, statements: statements)
    }
}

/// The four states OpenVEX gives.
public enum VEXStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case notAffected = "not_affected"
    case affected
    case fixed
    case underInvestigation = "under_investigation"

    /// The states that take a match out of the findings (it is shown apart, with the statement).
    public var suppresses: Bool { self == .notAffected || self == .fixed }
}

/// One statement: a vulnerability, the products it speaks of, and their status.
public struct VEXStatement: Sendable, Hashable, Codable {
    /// The vulnerability's name (`CVE-2023-1234`) and its aliases.
    public var vulnerability: String
    public var aliases: [String]
    /// Product identifiers: package URLs (`pkg:deb/debian/openssl@3.0.11-1`), an image (`pkg:oci/app@sha256:…` or a
    /// bare digest), each with optional subcomponents (package URLs inside it).
    public var products: [VEXProduct]
    public var status: VEXStatus
    public var justification: String?
    public var impactStatement: String?
    public var actionStatement: String?
    public var timestamp: String

    public init(
        vulnerability: String, aliases: [String] = [], products: [VEXProduct], status: VEXStatus, justification: String? = nil,
        impactStatement: String? = nil, actionStatement: String? = nil, timestamp: String
    ) {
        self.vulnerability = vulnerability
        self.aliases = aliases
        self.products = products
        self.status = status
        self.justification = justification
        self.impactStatement = impactStatement
        self.actionStatement = actionStatement
        self.timestamp = timestamp
    }

    /// The spec's justifications for `not_affected`.
    public static let justifications: Set<String> = [
        "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
        "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist",
    ]

    init(_ value: FeedValue, index: Int, documentTimestamp: String) throws(FeedError) {
        let at = "statements[\(index)]"
        let vulnerability = value["vulnerability"]
        guard let name = vulnerability?["name"]?.string ?? vulnerability?["@id"]?.string, !name.isEmpty else {
            throw FeedError(.malformed, "\(at): the vulnerability has no `name`")
        }
        guard let statusText = value["status"]?.string, let status = VEXStatus(rawValue: statusText) else {
            throw FeedError(.malformed, "\(at): `status` must be one of \(VEXStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var products: [VEXProduct] = []
        for (productIndex, product) in (value["products"]?.array ?? []).enumerated() {
            guard let id = product["@id"]?.string ?? product["identifiers"]?["purl"]?.string, !id.isEmpty else {
                throw FeedError(.malformed, "\(at).products[\(productIndex)]: no `@id`")
            }
            let subcomponents = (product["subcomponents"]?.array ?? []).compactMap { $0["@id"]?.string ?? $0["identifiers"]?["purl"]?.string }
            products.append(VEXProduct(id: id, subcomponents: subcomponents))
        }
        guard !products.isEmpty else { throw FeedError(.malformed, "\(at): a statement names at least one product") }
        let justification = value["justification"]?.string
        let impact = value["impact_statement"]?.string
        if status == .notAffected {
            guard justification != nil || impact != nil else {
                throw FeedError(.malformed, "\(at): a not_affected statement needs a `justification` or an `impact_statement`")
            }
            if let justification, !Self.justifications.contains(justification) {
                throw FeedError(.malformed, "\(at): `\(justification)` is not an OpenVEX justification")
            }
        }
        self.init(
            vulnerability: name, aliases: (vulnerability?["aliases"]?.array ?? []).compactMap(\.string), products: products,
            status: status, justification: justification, impactStatement: impact,
            actionStatement: value["action_statement"]?.string, timestamp: value["timestamp"]?.string ?? documentTimestamp)
    }

    /// Whether the statement speaks of vulnerability `ids` (a match's id and aliases) in `package` of `image`.
    public func applies(to ids: [String], package: VEXPackage, image: String) -> Bool {
        let names = Set([vulnerability] + aliases)
        guard ids.contains(where: names.contains) else { return false }
        return products.contains { $0.covers(package, image: image) }
    }
}

/// A product a statement names, with the components inside it it narrows to.
public struct VEXProduct: Sendable, Hashable, Codable {
    public var id: String
    public var subcomponents: [String]

    public init(id: String, subcomponents: [String] = []) {
        self.id = id
        self.subcomponents = subcomponents
    }

    /// The image (by digest) and every package in it, or the packages a subcomponent names; or, for a package URL
    /// product, that package.
    func covers(_ package: VEXPackage, image: String) -> Bool {
        if let digest = Self.imageDigest(id) {
            guard digest == image else { return false }
            return subcomponents.isEmpty || subcomponents.contains { package.matches(purl: $0) }
        }
        return package.matches(purl: id)
    }

    /// `sha256:…` from `pkg:oci/name@sha256%3A…` or a bare digest; nil for anything else.
    static func imageDigest(_ id: String) -> String? {
        // Some documents encode the digest's colon twice (`sha256%253A…`).
        var decoded = id
        for _ in 0..<3 {
            guard decoded.contains("%"), let once = decoded.removingPercentEncoding, once != decoded else { break }
            decoded = once
        }
        if decoded.hasPrefix("sha256:") { return decoded }
        guard decoded.hasPrefix("pkg:oci/"), let at = decoded.firstIndex(of: "@") else { return nil }
        let version = decoded[decoded.index(after: at)...].prefix { $0 != "?" && $0 != "#" }
        return version.hasPrefix("sha256:") ? String(version) : nil
    }
}

/// A matched package as VEX sees it: its package URL's parts.
public struct VEXPackage: Sendable, Hashable {
    /// The purl type: `deb`, `apk`, `rpm`, `pypi`, `npm`, `gem`, `maven`, `golang`, …
    public var type: String
    /// The purl namespace where it is part of the identity (Maven's group, npm's scope, Go's module path); nil otherwise.
    public var namespace: String?
    public var name: String
    public var version: String

    public init(type: String, namespace: String? = nil, name: String, version: String) {
        self.type = type
        self.namespace = namespace
        self.name = name
        self.version = version
    }

    /// The package of a match: Anchore's package type and name mapped to a purl's type and name.
    public init(match: VulnerabilityMatch) {
        var namespace: String?
        var name = match.packageName
        let type: String
        switch match.packageType.lowercased() {
        case "dpkg": type = "deb"
        case "apkg": type = "apk"
        case "rpm": type = "rpm"
        case "python": type = "pypi"
        case "gem": type = "gem"
        case "go": type = "golang"
        case "java", "maven": type = "maven"
        default: type = match.packageType.lowercased()
        }
        if type == "maven" || type == "npm" || type == "golang", let slash = name.lastIndex(of: type == "maven" ? ":" : "/") {
            namespace = String(name[..<slash])
            name = String(name[name.index(after: slash)...])
        }
        self.init(type: type, namespace: namespace, name: name, version: match.packageVersion)
    }

    /// Whether `purl` names this package: same type and name (and namespace, where it is part of the identity),
    /// and the same version when the purl gives one. Distro namespaces and qualifiers are not compared.
    public func matches(purl: String) -> Bool {
        guard purl.hasPrefix("pkg:") else { return false }
        var rest = Substring(purl.dropFirst(4))
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        var version: String?
        if let at = rest.lastIndex(of: "@") {
            version = String(rest[rest.index(after: at)...]).removingPercentEncoding
            rest = rest[..<at]
        }
        let parts = rest.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        guard parts.count >= 2, parts[0].lowercased() == type else { return false }
        let purlName = parts[parts.count - 1]
        let purlNamespace = parts.count > 2 ? parts[1..<(parts.count - 1)].joined(separator: "/") : nil
        let sameName = type == "pypi" ? Self.pep503(purlName) == Self.pep503(name) : purlName == name
        guard sameName else { return false }
        if let namespace, namespace != purlNamespace { return false }
        if let version, !version.isEmpty, version != self.version { return false }
        return true
    }

    static func pep503(_ name: String) -> String {
        name.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: ".", with: "-")
    }
}
