public import Foundation

/// Red Hat CSAF 2.0 advisories and VEX files (`https://security.access.redhat.com/data/csaf/v2/{advisories,vex}/`).
///
/// Products are resolved through the `product_tree`: a status names a relationship product
/// (`<platform>:<component>`), whose platform (followed through nested relationships, e.g. a module stream) carries
/// a CPE and whose component is an rpm (`python3.9-0:3.9.18-3.el9_4.5.src`, or a bare source name in VEX files).
/// Only RHEL platforms are kept: the main stream's (`cpe:/o:redhat:enterprise_linux:9`,
/// `cpe:/a:redhat:enterprise_linux:8::appstream`) as namespace `rhel:<major>`, an extended-support stream's
/// (`cpe:/o:redhat:rhel_eus:8.6::baseos`, also AUS, E4S and TUS) as `rhel:8.6+eus`; layered products are not matched
/// here. Fixed binary rpms are ignored: the record is about the SOURCE rpm.
///
/// One record per (namespace, source package, CVE). Fix state: `fixed` (EVRs of the fixed source rpms) over
/// `known_affected` (`not-fixed`, or `wont-fix` when every affected product has a `no_fix_planned` remediation) over
/// `known_not_affected`. Vendor severity is the `impact` threat, lower-cased; CVSS from `scores`; aliases are the
/// advisory ids (RHSA/RHBA/RHEA) of the document and of `vendor_fix` remediations.
public enum CSAFFeed {
    public static let feedName = "csaf"

    /// Parses one CSAF document named `name` (its path, for groups and skip reasons).
    public static func parse(_ data: Data, name: String) throws(FeedError) -> FeedParseResult {
        let document = try FeedValue.json(data, context: name)
        guard document.members != nil else {
            throw FeedError(.malformed, "\(name): a CSAF document must be an object, not \(document.kindName)")
        }
        guard document["document"]?.members != nil else {
            throw FeedError(.malformed, "\(name): no `document` object")
        }
        guard let vulnerabilities = document["vulnerabilities"]?.array else {
            throw FeedError(.malformed, "\(name): no `vulnerabilities` list")
        }
        let tree = CSAFProductTree(document["product_tree"])
        let advisory = advisoryID(document["document"]?["tracking"]?["id"]?.string)
        let advisoryLinks = (document["document"]?["references"]?.array ?? []).compactMap { reference -> String? in
            guard reference["category"]?.string == "self", let url = reference["url"]?.string, !url.hasSuffix(".json") else { return nil }
            return url
        }
        var result = FeedParseResult()
        for (index, vulnerability) in vulnerabilities.enumerated() {
            guard let cve = vulnerability["cve"]?.string, !cve.isEmpty else {
                result.skip("\(name) vulnerabilities[\(index)]", "no `cve` string")
                continue
            }
            result.append(records(vulnerability, id: cve, name: name, tree: tree, advisory: advisory, advisoryLinks: advisoryLinks))
        }
        return result
    }

    /// Parses every `.json` file under `directory`; a file that cannot be read or is not CSAF is recorded in `skipped`.
    public static func parse(directory: URL) throws(FeedError) -> FeedParseResult {
        try FeedFile.parseEach(under: directory, extensions: ["json"]) { data, name throws(FeedError) in try parse(data, name: name) }
    }

    /// The state of one source package in one namespace, gathered over its products.
    struct Group {
        var namespace: String
        var packageName: String
        var module: String?
        var productIDs: [String] = []
        var fixed: [String] = []
        var affected: [String] = []
        var notAffected = false
        var noFixPlanned: Set<String> = []
    }

    static func records(
        _ vulnerability: FeedValue, id: String, name: String, tree: CSAFProductTree, advisory: String?, advisoryLinks: [String]
    ) -> FeedParseResult {
        var result = FeedParseResult()
        let status = vulnerability["product_status"]
        var order: [String] = []
        var groups: [String: Group] = [:]  // keyed by "<namespace> <package>"
        var unmatched: [String] = []
        for category in ["fixed", "known_affected", "known_not_affected"] {
            for productID in (status?[category]?.array ?? []).compactMap(\.string) {
                guard let resolved = tree.resolve(productID) else {
                    unmatched.append(productID)
                    continue
                }
                if category == "fixed", resolved.component.arch != "src" { continue }
                // One group per stream: a module's fix (`nodejs:20`) is not the non-modular package's, nor another stream's.
                let key = "\(resolved.namespace) \(resolved.module ?? "") \(resolved.component.name)"
                if groups[key] == nil { order.append(key) }
                var group = groups[key, default: Group(namespace: resolved.namespace, packageName: resolved.component.name, module: resolved.module)]
                group.productIDs.append(productID)
                switch category {
                case "fixed":
                    if let evr = resolved.component.evr, !group.fixed.contains(evr) { group.fixed.append(evr) }
                case "known_affected": group.affected.append(productID)
                default: group.notAffected = true
                }
                groups[key] = group
            }
        }
        let remediations = vulnerability["remediations"]?.array ?? []
        for remediation in remediations where remediation["category"]?.string == "no_fix_planned" {
            let products = Set((remediation["product_ids"]?.array ?? []).compactMap(\.string))
            for key in order { groups[key]?.noFixPlanned.formUnion(products) }
        }
        if groups.isEmpty {
            let reason = unmatched.isEmpty
                ? "no fixed source rpm, affected or not-affected product"
                : "no RHEL product: \(unmatched.prefix(3).joined(separator: ", "))\(unmatched.count > 3 ? ", …" : "")"
            result.skip("\(name) \(id)", reason)
            return result
        }
        let notes = vulnerability["notes"]?.array ?? []
        let description = notes.first { $0["category"]?.string == "description" }?["text"]?.string
            ?? notes.first { $0["category"]?.string == "summary" }?["text"]?.string
            ?? vulnerability["title"]?.string
        var links: [String] = []
        for url in (vulnerability["references"]?.array ?? []).compactMap({ $0["url"]?.string }) + advisoryLinks where !links.contains(url) {
            links.append(url)
        }
        for key in order {
            guard let group = groups[key] else { continue }
            let products = Set(group.productIDs)
            var aliases = Set<String>()
            if let advisory { aliases.insert(advisory) }
            for remediation in remediations where remediation["category"]?.string == "vendor_fix" && applies(remediation["product_ids"], to: products) {
                if let alias = advisoryID(remediation["url"]?.string.map { String($0.split(separator: "/").last ?? "") }) {
                    aliases.insert(alias)
                }
            }
            let fixState: FixState
            var fixStateDetail: String?
            if !group.fixed.isEmpty {
                fixState = .fixed
            } else if !group.affected.isEmpty {
                let wontFix = group.affected.allSatisfy(group.noFixPlanned.contains)
                fixState = wontFix ? .wontFix : .notFixed
                let category = wontFix ? "no_fix_planned" : "none_available"
                fixStateDetail = remediations.first {
                    $0["category"]?.string == category && applies($0["product_ids"], to: Set(group.affected))
                }?["details"]?.string
            } else {
                fixState = .notAffected
            }
            result.records.append(VulnerabilityRecord(
                namespace: group.namespace, id: id, aliases: aliases.subtracting([id]).sorted(), packageName: group.packageName,
                versionScheme: "rpm", fixedVersions: group.fixed, fixState: fixState, fixStateDetail: fixStateDetail,
                severity: severity(vulnerability, products: products), description: description, links: links,
                source: FeedSource(feed: feedName, group: name), module: group.module
            ))
        }
        return result
    }

    /// The `impact` threat and the CVSS scores that apply to `products` (or to every product when they name none).
    static func severity(_ vulnerability: FeedValue, products: Set<String>) -> Severity {
        let threats = vulnerability["threats"]?.array ?? []
        let vendor = threats.first { $0["category"]?.string == "impact" && applies($0["product_ids"], to: products) }?["details"]?
            .string?.lowercased()
        var cvss: [CVSSScore] = []
        for score in vulnerability["scores"]?.array ?? [] where applies(score["products"], to: products) {
            for (key, type) in [("cvss_v3", "CVSS_V3"), ("cvss_v2", "CVSS_V2")] {
                guard let metric = score[key], let vector = metric["vectorString"]?.string else { continue }
                var number: Double?
                if case let .number(value)? = metric["baseScore"] { number = value }
                let entry = CVSSScore(type: type, vector: vector, score: number)
                if !cvss.contains(entry) { cvss.append(entry) }
            }
        }
        return Severity(vendor: vendor, cvss: cvss)
    }

    static func applies(_ list: FeedValue?, to products: Set<String>) -> Bool {
        guard let ids = list?.array else { return true }
        return ids.contains { $0.string.map(products.contains) ?? false }
    }

    /// `RHSA-2024:6163` (also RHBA/RHEA), or nil.
    static func advisoryID(_ text: String?) -> String? {
        guard let text, text.wholeMatch(of: /RH[SBE]A-[0-9]{4}:[0-9]+/) != nil else { return nil }
        return text
    }
}

/// The `product_tree` of a CSAF document: products from its branches, and relationships (component of platform).
struct CSAFProductTree {
    struct Product {
        var name: String?
        var cpe: String?
        var purl: String?
    }

    struct Relationship {
        var component: String
        var platform: String
    }

    /// An rpm as a product names it: `python3.9-0:3.9.18-3.el9_4.5.src`, a purl, or a bare (source) name.
    struct RPM: Hashable {
        var name: String
        /// `epoch:version-release`, when the product names a version.
        var evr: String?
        var arch: String?
    }

    var products: [String: Product] = [:]
    var relationships: [String: Relationship] = [:]

    init(_ tree: FeedValue?) {
        var pending = tree.map { [$0] } ?? []
        while let node = pending.popLast() {
            if let product = node["product"], let id = product["product_id"]?.string {
                let helper = product["product_identification_helper"]
                products[id] = Product(name: product["name"]?.string, cpe: helper?["cpe"]?.string, purl: helper?["purl"]?.string)
            }
            pending += node["branches"]?.array ?? []
        }
        for relationship in tree?["relationships"]?.array ?? [] {
            guard let id = relationship["full_product_name"]?["product_id"]?.string,
                  let component = relationship["product_reference"]?.string,
                  let platform = relationship["relates_to_product_reference"]?.string
            else { continue }
            relationships[id] = Relationship(component: component, platform: platform)
        }
    }

    /// The namespace, rpm and module stream of a status product id, when it is an rpm on a RHEL platform.
    func resolve(_ productID: String) -> (namespace: String, component: RPM, module: String?)? {
        guard let relationship = relationships[productID], let namespace = namespace(of: relationship.platform),
              let component = rpm(relationship.component)
        else { return nil }
        return (namespace, component, module(component: relationship.component, platform: relationship.platform))
    }

    /// The module stream (`nodejs:20`) an rpm product belongs to, as Red Hat writes it: the component's purl
    /// (`?rpmmod=nodejs:20:8100020240807161023:a75119d5`), a VEX component named `nodejs:20/nodejs`, or a platform
    /// that is itself the module on a product (`AppStream-8.10.0.Z.MAIN:nodejs:20:8100020240807161023:a6b9a9a2`).
    func module(component: String, platform: String) -> String? {
        if let purl = products[component]?.purl, let query = purl.split(separator: "?", maxSplits: 1).dropFirst().first {
            for item in query.split(separator: "&") where item.hasPrefix("rpmmod=") {
                if let stream = Self.stream(String(item.dropFirst(7)).removingPercentEncoding ?? "") { return stream }
            }
        }
        if let slash = component.firstIndex(of: "/"), let stream = Self.stream(String(component[..<slash])) { return stream }
        if let parent = relationships[platform] {
            if let purl = products[parent.component]?.purl, purl.hasPrefix("pkg:rpmmod/"),
               let at = purl.firstIndex(of: "@") {
                let name = purl[..<at].split(separator: "/").last.map(String.init) ?? ""
                let version = purl[purl.index(after: at)...].prefix { $0 != "?" }
                if let stream = Self.stream("\(name):\(version)") { return stream }
            }
            // `name:stream:version:context`, the way module products are named.
            let parts = parent.component.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 4, parts[2].allSatisfy(\.isNumber) { return Self.stream(parent.component) }
        }
        return nil
    }

    /// `name:stream` from `name:stream[:version[:context]]`.
    static func stream(_ text: String) -> String? {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[0].contains("/") else { return nil }
        return parts[0] + ":" + parts[1]
    }

    /// `rhel:<major>` for a platform whose CPE is RHEL's, following nested relationships (module streams).
    func namespace(of platform: String, depth: Int = 0) -> String? {
        if let cpe = products[platform]?.cpe {
            return Self.namespace(cpe: cpe)
        }
        guard depth < 8, let relationship = relationships[platform] else { return nil }
        return namespace(of: relationship.platform, depth: depth + 1)
    }

    /// `cpe:/o:redhat:enterprise_linux:9::baseos`, `cpe:/a:redhat:enterprise_linux:8::appstream`,
    /// `cpe:2.3:o:redhat:enterprise_linux:9.4:…` → `rhel:9`; an extended-support stream's
    /// (`cpe:/o:redhat:rhel_eus:8.6::baseos`, `rhel_aus`, `rhel_e4s`, `rhel_tus`) → `rhel:8.6+eus`, vunnel's name for it,
    /// which only images whose content manifests name that stream are matched in (``Distro/channel``).
    static func namespace(cpe: String) -> String? {
        if let match = cpe.wholeMatch(of: /cpe:(?:\/|2\.3:)[aoh]:redhat:enterprise_linux:([0-9]+)(?:[.:].*)?/) {
            return "rhel:\(match.output.1)"
        }
        if let match = cpe.wholeMatch(of: /cpe:(?:\/|2\.3:)[aoh]:redhat:rhel_(eus|aus|e4s|tus):([0-9]+\.[0-9]+)(?::.*)?/) {
            return "rhel:\(match.output.2)+\(match.output.1)"
        }
        return nil
    }

    func rpm(_ reference: String) -> RPM? {
        if let parsed = Self.nevra(reference) { return parsed }
        if let purl = products[reference]?.purl, let parsed = Self.rpm(purl: purl) { return parsed }
        // A VEX component: a bare source name, or `module:stream/name`.
        let name = String(reference.split(separator: "/").last ?? "")
        guard !name.isEmpty, !name.contains(":") else { return nil }
        return RPM(name: name, evr: nil, arch: nil)
    }

    static let arches: Set<String> = ["src", "noarch", "x86_64", "aarch64", "ppc64le", "s390x", "i686", "i386", "ppc64", "s390"]

    /// `name-epoch:version-release[.arch]` (the epoch is required: that is how Red Hat names its rpm products).
    static func nevra(_ text: String) -> RPM? {
        var rest = Substring(text)
        var arch: String?
        if let dot = rest.lastIndex(of: "."), arches.contains(String(rest[rest.index(after: dot)...])) {
            arch = String(rest[rest.index(after: dot)...])
            rest = rest[..<dot]
        }
        guard let match = rest.wholeMatch(of: /(.+)-([0-9]+):([^-:]+)-([^-:]+)/) else { return nil }
        let (_, name, epoch, version, release) = match.output
        return RPM(name: String(name), evr: "\(epoch):\(version)-\(release)", arch: arch)
    }

    /// `pkg:rpm/redhat/python3.9@3.9.18-3.el9_4.5?arch=src&epoch=1`.
    static func rpm(purl: String) -> RPM? {
        guard purl.hasPrefix("pkg:rpm/") else { return nil }
        let (path, query) = purl.split(separator: "?", maxSplits: 1).map(String.init).splitPair
        let (namePart, version) = path.split(separator: "@", maxSplits: 1).map(String.init).splitPair
        guard let name = namePart.split(separator: "/").last.map(String.init), !name.isEmpty else { return nil }
        var qualifiers: [String: String] = [:]
        for item in (query ?? "").split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { qualifiers[parts[0]] = parts[1].removingPercentEncoding ?? parts[1] }
        }
        // A purl's version is percent-encoded (`2.5.9-111.module%2Bel8.9.0%2B19193%2B435404ae`).
        let evr = version.map { "\(qualifiers["epoch"] ?? "0"):\($0.removingPercentEncoding ?? $0)" }
        return RPM(name: name.removingPercentEncoding ?? name, evr: evr, arch: qualifiers["arch"])
    }
}

private extension Array where Element == String {
    /// The first element and, when there is one, the second.
    var splitPair: (String, String?) { (first ?? "", count > 1 ? self[1] : nil) }
}
