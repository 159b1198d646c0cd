public import Foundation

/// Alpine's secdb (`vX.Y/main.yaml` in the old alpine-secdb repository, `vX.Y/main.json` on secdb.alpinelinux.org):
/// `{distroversion: "v3.10", reponame: "main", packages: [{pkg: {name, secfixes: {"<fixed apk version>": ["CVE-…"]}}}]}`.
///
/// One record per (package, vulnerability, fixed version), namespace `alpine:3.10`, scheme `apk`. A secfix version
/// `0` means the package was never affected (not-affected). A secfix line is `ID [more ids or text]`: the first token
/// is the id (`CVE-2017-8904 XSA-214` → `CVE-2017-8904` aliased `XSA-214`; `CVE-2017-8073.patch` → `CVE-2017-8073`);
/// a line without an id (`CVE 2018-16859`) is skipped with a reason.
///
/// Wolfi's and Chainguard's security databases (`https://packages.wolfi.dev/os/security.json`,
/// `https://packages.cgr.dev/chainguard/security.json`) have the same shape without `distroversion`: they are
/// rolling distributions, namespace `wolfi:rolling` / `chainguard:rolling`.
public enum AlpineSecDBFeed {
    public static let feedName = "alpine-secdb"

    public enum Format: Sendable { case yaml, json }

    /// Whose database a document is.
    public enum Distribution: String, Sendable {
        /// Alpine: the release is the document's `distroversion`.
        case alpine
        /// Wolfi (`wolfi:rolling`).
        case wolfi
        /// Chainguard's enterprise packages (`chainguard:rolling`).
        case chainguard
    }

    public static func parse(_ data: Data, format: Format, distribution: Distribution = .alpine) throws(FeedError) -> FeedParseResult {
        let document = switch format {
        case .yaml: try FeedValue.yaml(data, context: "Alpine secdb YAML")
        case .json: try FeedValue.json(data, context: "Alpine secdb JSON")
        }
        guard document.members != nil else {
            throw FeedError(.malformed, "Alpine secdb: the top level must be an object, not \(document.kindName)")
        }
        let distroVersion: String
        let namespace: String
        if distribution == .alpine {
            guard let version = document["distroversion"]?.string else {
                throw FeedError(.malformed, "Alpine secdb: no `distroversion`")
            }
            guard let mapped = Self.namespace(forDistroVersion: version) else {
                throw FeedError(.unsupported, "Alpine secdb: distroversion `\(version)` is not `vX.Y`")
            }
            (distroVersion, namespace) = (version, mapped)
        } else {
            (distroVersion, namespace) = ("rolling", "\(distribution.rawValue):rolling")
        }
        let repository = document["reponame"]?.string ?? "unknown"
        let group = "\(distroVersion)/\(repository)"
        // An empty repository writes `packages:` with nothing after it (v3.3/community.yaml).
        let packages = document["packages"]?.isNull == true ? [] : document["packages"]?.array
        guard let packages else {
            throw FeedError(.malformed, "Alpine secdb \(group): `packages` must be a list")
        }
        var result = FeedParseResult()
        var seen = Set<VulnerabilityRecord>()
        for (index, item) in packages.enumerated() {
            let path = "\(group) packages[\(index)]"
            guard let pkg = item["pkg"], let name = pkg["name"]?.string, !name.isEmpty else {
                result.skip(path, "no `pkg.name`")
                continue
            }
            guard let secfixes = pkg["secfixes"]?.members else {
                result.skip("\(path) \(name)", "`secfixes` must be an object of fixed version → ids")
                continue
            }
            for (version, lines) in secfixes {
                guard let lines = lines.array else {
                    result.skip("\(path) \(name) \(version)", "expected a list of ids, found \(lines.kindName)")
                    continue
                }
                for line in lines {
                    guard let text = line.string, let (id, aliases) = identifiers(in: text) else {
                        result.skip("\(path) \(name) \(version)", "not a vulnerability id: \(line.string ?? line.kindName)")
                        continue
                    }
                    let notAffected = version == "0"
                    let record = VulnerabilityRecord(
                        namespace: namespace, id: id, aliases: aliases, packageName: name, versionScheme: "apk",
                        ranges: notAffected ? [] : [AffectedRange(type: "ECOSYSTEM", events: [.introduced("0"), .fixed(version)])],
                        fixedVersions: notAffected ? [] : [version], fixState: notAffected ? .notAffected : .fixed,
                        links: link(id, distribution),
                        source: FeedSource(feed: feedName, group: group)
                    )
                    if seen.insert(record).inserted { result.records.append(record) }
                }
            }
        }
        return result
    }

    /// Where a vulnerability is described: Alpine's tracker for CVEs, Chainguard's pages for Wolfi and Chainguard.
    static func link(_ id: String, _ distribution: Distribution) -> [String] {
        switch distribution {
        case .alpine: id.hasPrefix("CVE-") ? ["https://security.alpinelinux.org/vuln/\(id)"] : []
        case .wolfi, .chainguard: ["https://images.chainguard.dev/security/\(id)"]
        }
    }

    /// The releases an index page of secdb.alpinelinux.org links to (`v3.21/`, `edge/`), oldest first; other links
    /// (`../`, `last-update`, `license.txt`) are not releases.
    public static func releases(inIndex page: String) -> [String] {
        var found = Set<String>()
        for match in page.matches(of: /href\s*=\s*"([^"]*)"/) {
            let link = String(match.output.1).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            if link == "edge" || (link.hasPrefix("v") && namespace(forDistroVersion: link) != nil) { found.insert(link) }
        }
        func order(_ release: String) -> [Int] {
            release == "edge" ? [Int.max] : release.dropFirst().split(separator: ".").map { Int($0) ?? 0 }
        }
        return found.sorted { order($0).lexicographicallyPrecedes(order($1)) }
    }

    /// `v3.10` → `alpine:3.10`; `edge` → `alpine:edge`.
    public static func namespace(forDistroVersion version: String) -> String? {
        if version == "edge" { return "alpine:edge" }
        let digits = version.hasPrefix("v") ? version.dropFirst() : Substring(version)
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return nil
        }
        return "alpine:\(digits)"
    }

    /// The id and aliases in a secfix line, or nil when it names no id. Real lines are irregular: `CVE-2017-8904
    /// XSA-214`, `CVE-2017-13011 (BGP)`, `CVE-????-?????  XSA-295` (no CVE yet: the XSA is the id), `CVE_2019-2426`,
    /// `CVE 2018-16859`, `wnpa-sec-2017-18`.
    static func identifiers(in line: String) -> (String, [String])? {
        var tokens = line.split(whereSeparator: \.isWhitespace).map(String.init)
        if tokens.count >= 2, tokens[0] == "CVE", tokens[1].prefixMatch(of: /[0-9]{4}-[0-9]{4,}/) != nil {
            tokens.replaceSubrange(0...1, with: ["CVE-" + tokens[1]])
        }
        var ids: [String] = []
        for token in tokens {
            if let id = vulnerabilityID(prefixOf: token), !ids.contains(id) { ids.append(id) }
        }
        guard let id = ids.first else { return nil }
        return (id, ids.dropFirst().sorted())
    }

    /// A vulnerability id at the start of a token, with trailing junk (`.patch`, `-1`, `)`) cut: `CVE-YYYY-N…`
    /// (also misspelt `CVE_YYYY-N…`), `XSA-N`, `GHSA-xxxx-xxxx-xxxx`, `wnpa-sec-YYYY-N`, `ZBX-N`, `RUSTSEC-YYYY-N`,
    /// `GO-YYYY-N`, `PYSEC-YYYY-N`.
    static func vulnerabilityID(prefixOf token: String) -> String? {
        if let match = token.prefixMatch(of: /CVE[-_]([0-9]{4}-[0-9]{4,})/) { return "CVE-" + match.output.1 }
        if let match = token.prefixMatch(of: /(XSA|ZBX|OSV|ALPINE)-[0-9]+/) { return String(match.output.0) }
        if let match = token.prefixMatch(of: /wnpa-sec-[0-9]{4}-[0-9]+/) { return String(match.output) }
        if let match = token.prefixMatch(of: /GHSA(-[0-9a-z]{4}){3}/) { return String(match.output.0) }
        // Wolfi and Chainguard also fix language advisories in their packages.
        if let match = token.prefixMatch(of: /(RUSTSEC|GO|PYSEC)-[0-9]{4}-[0-9]+/) { return String(match.output.0) }
        return nil
    }
}
