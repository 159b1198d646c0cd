public import Foundation
import Versions

/// Amazon Linux security advisories (ALAS) from the yum repository's `updateinfo.xml`, the data `dnf updateinfo`
/// reads: the repository's `mirror.list` names a mirror, whose `repodata/repomd.xml` names the updateinfo file.
///
/// One record per (release, binary package, advisory), as Anchore and grype report Amazon: the id is the ALAS id
/// (`ALAS2023-2023-001`), its CVEs are the aliases, the fixed version is the package's `epoch:version-release`, and
/// the vendor severity is the advisory's. The release comes from the id: `ALAS-` is Amazon Linux 1 (`amzn:2018`),
/// `ALAS2-` Amazon Linux 2 (`amzn:2`), `ALAS2022-`/`ALAS2023-` theirs. Amazon Linux 2 Extras topics
/// (`ALAS2GOLANG1.19-…`, `ALAS2KERNEL-5.10-…`) are skipped: their fixes apply only to packages installed from that
/// topic, which an rpm database does not say. Amazon publishes fixed advisories only; there is no unfixed state.
public enum AmazonUpdateInfoFeed {
    public static let feedName = "amazon-updateinfo"

    /// Parses an `updateinfo.xml` document (already decompressed) named `name`.
    public static func parse(_ data: Data, name: String) throws(FeedError) -> FeedParseResult {
        let root = try FeedXML.parse(Array(data), context: name)
        guard root.name == "updates" else {
            throw FeedError(.malformed, "\(name): an updateinfo document's root is `<updates>`, not `<\(root.name)>`")
        }
        var result = FeedParseResult()
        for (index, update) in root.children("update").enumerated() {
            let id = update.child("id")?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let entry = id.isEmpty ? "\(name) update[\(index)]" : "\(name) \(id)"
            guard !id.isEmpty else {
                result.skip(entry, "no `<id>`")
                continue
            }
            guard update.attributes["type"] == "security" else {
                result.skip(entry, "a \(update.attributes["type"] ?? "untyped") update, not a security one")
                continue
            }
            guard let release = release(ofAdvisory: id) else {
                result.skip(entry, "an Amazon Linux Extras topic or unknown release (matched only through the core repository's advisories)")
                continue
            }
            result.append(records(update, id: id, release: release, entry: entry, name: name))
        }
        return result
    }

    static func records(_ update: FeedXML, id: String, release: String, entry: String, name: String) -> FeedParseResult {
        var result = FeedParseResult()
        var order: [String] = []
        var fixed: [String: String] = [:]
        for collection in update.child("pkglist")?.children("collection") ?? [] {
            for package in collection.children("package") {
                guard let packageName = package.attributes["name"], !packageName.isEmpty,
                      let version = package.attributes["version"], !version.isEmpty,
                      let packageRelease = package.attributes["release"], !packageRelease.isEmpty
                else {
                    result.skip(entry, "a package without name, version or release")
                    continue
                }
                let epoch = package.attributes["epoch"].flatMap { $0.isEmpty ? nil : $0 } ?? "0"
                let evr = "\(epoch):\(version)-\(packageRelease)"
                if fixed[packageName] == nil { order.append(packageName) }
                // The same package for several architectures: one fix, the greatest should they differ.
                if let known = fixed[packageName], let old = try? RPMVersion(parsing: known), let new = try? RPMVersion(parsing: evr),
                   new <= old { continue }
                fixed[packageName] = evr
            }
        }
        guard !order.isEmpty else {
            result.skip(entry, "no package in the advisory")
            return result
        }
        var cves: [String] = []
        for reference in update.child("references")?.children("reference") ?? [] where reference.attributes["type"] == "cve" {
            if let cve = reference.attributes["id"], !cve.isEmpty, !cves.contains(cve) { cves.append(cve) }
        }
        let severity = update.child("severity")?.text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let description = update.child("description")?.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let title = update.child("title")?.text
        var links = [advisoryPage(id: id)].compactMap { $0 }
        links += cves.map { "https://alas.aws.amazon.com/cve/html/\($0).html" }
        for packageName in order {
            guard let evr = fixed[packageName] else { continue }
            result.records.append(VulnerabilityRecord(
                namespace: "amzn:\(release)", id: id, aliases: cves, packageName: packageName, versionScheme: "rpm",
                fixedVersions: [evr], fixState: .fixed, severity: Severity(vendor: severity?.isEmpty == false ? severity : nil),
                description: description?.isEmpty == false ? description : title, links: links,
                source: FeedSource(feed: feedName, group: name)
            ))
        }
        return result
    }

    /// `ALAS-…` → `2018` (Amazon Linux 1's VERSION_ID is 2018.03), `ALAS2-…` → `2`, `ALAS2022-…`/`ALAS2023-…` → theirs;
    /// nil for an Extras topic (`ALAS2GOLANG1.19-…`) or anything else.
    public static func release(ofAdvisory id: String) -> String? {
        guard let match = id.wholeMatch(of: /ALAS(2|2022|2023)?-[0-9]{4}-[0-9]+/) else { return nil }
        return match.output.1.map(String.init) ?? "2018"
    }

    /// The advisory's page: `https://alas.aws.amazon.com/AL2/ALAS-2018-942.html` for `ALAS2-2018-942`.
    static func advisoryPage(id: String) -> String? {
        guard let release = release(ofAdvisory: id) else { return nil }
        let number = id.split(separator: "-", maxSplits: 1).last.map(String.init) ?? id
        switch release {
        case "2018": return "https://alas.aws.amazon.com/ALAS-\(number).html"
        case "2": return "https://alas.aws.amazon.com/AL2/ALAS-\(number).html"
        default: return "https://alas.aws.amazon.com/AL\(release)/ALAS-\(number).html"
        }
    }

    /// The mirrors a `mirror.list` names, in order (one URL per line).
    public static func mirrors(inList text: String) -> [URL] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let url = URL(string: trimmed),
                  let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http"
            else { return nil }
            return url
        }
    }

    /// The `updateinfo` file a `repomd.xml` names: its location relative to the mirror (`repodata/updateinfo.xml.gz`)
    /// and its checksum (or timestamp), which changes whenever the file does.
    public static func updateinfoLocation(inRepomd data: Data, name: String) throws(FeedError) -> (href: String, version: String) {
        let root = try FeedXML.parse(Array(data), context: name)
        guard root.name == "repomd" else {
            throw FeedError(.malformed, "\(name): a repository index's root is `<repomd>`, not `<\(root.name)>`")
        }
        let entry = root.children("data").first { $0.attributes["type"] == "updateinfo" }
        guard let href = entry?.child("location")?.attributes["href"], !href.isEmpty, !href.contains(".."), !href.hasPrefix("/") else {
            throw FeedError(.malformed, "\(name): the repository lists no updateinfo file")
        }
        let version = entry?.child("checksum")?.text ?? entry?.child("timestamp")?.text ?? ""
        return (href, version.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
