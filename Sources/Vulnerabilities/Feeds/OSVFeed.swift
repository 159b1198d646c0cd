public import Foundation
import Catalog

/// OSV records (https://ossf.github.io/osv-schema/), JSON or YAML (pypa/advisory-database): one record per
/// `affected[]` entry whose ecosystem Drydock matches.
///
/// Withdrawn records are skipped; GIT ranges are skipped with a reason (they name commits, not versions); an
/// `affected[]` entry with no ECOSYSTEM/SEMVER range and no `versions[]` is skipped. The fix state is `fixed` when a
/// range has a `fixed` event, `not-fixed` otherwise (the ranges stay authoritative for matching). Vendor severity is
/// `database_specific.severity` (GHSA); `severity[]` CVSS vectors are kept.
public enum OSVFeed {
    public static let feedName = "osv"

    public enum Format: Sendable { case json, yaml }

    /// Parses one OSV document named `name` (its path, for groups and skip reasons).
    ///
    /// `now`: when given, a record whose `withdrawn` time is still in the future is kept (trivy's
    /// `withdrawn_after_now` case); when nil, every record with `withdrawn` is skipped.
    public static func parse(_ data: Data, format: Format, name: String, now: Date? = nil) throws(FeedError) -> FeedParseResult {
        let document = switch format {
        case .json: try FeedValue.json(data, context: name)
        case .yaml: try FeedValue.yaml(data, context: name)
        }
        return try parse(document: document, name: name, now: now)
    }

    /// Parses every `.json`, `.yaml` and `.yml` file under `directory`; a file that cannot be read or is not an
    /// OSV record is recorded in `skipped`.
    public static func parse(directory: URL, now: Date? = nil) throws(FeedError) -> FeedParseResult {
        var result = FeedParseResult()
        for url in try FeedFile.files(under: directory, extensions: ["json", "yaml", "yml"]) {
            let name = FeedFile.relativePath(url, to: directory)
            if isDatabaseIndex(name) { continue }
            do {
                let format: Format = url.pathExtension.lowercased() == "json" ? .json : .yaml
                result.append(try parse(try FeedFile.read(url), format: format, name: name, now: now))
            } catch {
                result.skip(name, error.message)
            }
        }
        return result
    }

    static func parse(document: FeedValue, name: String, now: Date?) throws(FeedError) -> FeedParseResult {
        guard document.members != nil else {
            throw FeedError(.malformed, "\(name): an OSV record must be an object, not \(document.kindName)")
        }
        guard let recordID = document["id"]?.string, !recordID.isEmpty else {
            throw FeedError(.malformed, "\(name): no `id` string")
        }
        var result = FeedParseResult()
        // Ubuntu's notices restate the fixes of CVEs that have their own records: matching both would report
        // each vulnerability twice.
        if recordID.hasPrefix("USN-") || recordID.hasPrefix("LSN-") {
            result.skip(recordID, "an Ubuntu security notice: its CVEs are read from their own records")
            return result
        }
        // osv.dev keys Canonical's CVE records `UBUNTU-CVE-…`; the vulnerability is the CVE (as Canonical and the
        // peers name it), the osv.dev id an alias.
        let id = recordID.hasPrefix("UBUNTU-CVE-") ? String(recordID.dropFirst("UBUNTU-".count)) : recordID
        if let withdrawn = document["withdrawn"], !withdrawn.isNull {
            let text = withdrawn.scalarText ?? ""
            let when = timestamp(text)
            if let now, let when, when > now {
                // Withdrawal scheduled for later: still in force.
            } else {
                result.skip(id, "withdrawn \(text)" + (when == nil && now != nil ? " (unreadable time: treated as withdrawn)" : ""))
                return result
            }
        }
        guard let affected = document["affected"]?.array, !affected.isEmpty else {
            result.skip(id, "no `affected` packages")
            return result
        }
        // An AlmaLinux or Rocky advisory (ALSA-, RLSA-) names the CVEs it fixes under `related`: they are what the
        // advisory is about (NVD scores, KEV entries and allowlists go by them).
        let advisoryCVEs = id.hasPrefix("ALSA-") || id.hasPrefix("RLSA-")
            ? (document["related"]?.array ?? []).compactMap(\.string).filter { $0.hasPrefix("CVE-") } : []
        let aliases = Array(Set((document["aliases"]?.array ?? []).compactMap(\.string) + advisoryCVEs + [recordID]).subtracting([id])).sorted()
        let description = document["details"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? document["summary"]?.string
        var links = (document["references"]?.array ?? []).compactMap { $0["url"]?.string }
        if let url = document["database_specific"]?["url"]?.string, !links.contains(url) { links.append(url) }
        let recordSeverity = severity(of: document)

        for (index, item) in affected.enumerated() {
            let path = "\(id) affected[\(index)]"
            guard let ecosystemName = item["package"]?["ecosystem"]?.string,
                  let packageName = item["package"]?["name"]?.string, !packageName.isEmpty
            else {
                result.skip(path, "no `package.ecosystem` and `package.name` strings")
                continue
            }
            guard let ecosystem = OSVEcosystem(ecosystemName) else {
                result.skip(path, "unsupported ecosystem `\(ecosystemName)`")
                continue
            }
            var ranges: [AffectedRange] = []
            for (rangeIndex, range) in (item["ranges"]?.array ?? []).enumerated() {
                switch parseRange(range) {
                case let .success(parsed): ranges.append(parsed)
                case let .failure(reason): result.skip("\(path).ranges[\(rangeIndex)]", reason.text)
                }
            }
            let versions = (item["versions"]?.array ?? []).compactMap(\.scalarText)
            guard !ranges.isEmpty || !versions.isEmpty else {
                result.skip(path, "no ECOSYSTEM/SEMVER range and no `versions`")
                continue
            }
            let fixed = ranges.flatMap(\.events).filter { $0.kind == .fixed }.map(\.version)
            // A fix built for a module stream (`…module+el9.3.0+…`) applies to that stream only; an image's rpm does
            // not say which stream it came from, so such a record cannot be matched without false results.
            if ecosystem.versionScheme == "rpm", fixed.contains(where: { $0.contains(".module+") || $0.contains(".module_") }) {
                result.skip(path, "a fix for a module stream: module streams are not matched")
                continue
            }
            var itemSeverity = severity(of: item)
            // Canonical rates each package's exposure (`ubuntu_priority`: negligible … critical, or untriaged).
            if let priority = item["ecosystem_specific"]?["ubuntu_priority"]?.string, priority != "untriaged" {
                itemSeverity.vendor = priority.lowercased()
            }
            if itemSeverity.vendor == nil { itemSeverity.vendor = recordSeverity.vendor }
            itemSeverity.cvss = recordSeverity.cvss + itemSeverity.cvss.filter { !recordSeverity.cvss.contains($0) }
            var itemLinks = links
            if let url = item["database_specific"]?["url"]?.string, !itemLinks.contains(url) { itemLinks.append(url) }
            result.records.append(VulnerabilityRecord(
                namespace: ecosystem.namespace, id: id, aliases: aliases,
                packageName: ecosystem.normalizedName(packageName), versionScheme: ecosystem.versionScheme,
                ranges: ranges, affectedVersions: versions, fixedVersions: fixed,
                fixState: fixed.isEmpty ? .notFixed : .fixed, severity: itemSeverity,
                description: description, links: itemLinks, source: FeedSource(feed: feedName, group: name),
                subscription: ecosystem.subscription, symbols: Self.symbols(item)
            ))
        }
        return result
    }

    /// The Go database's vulnerable symbols (`ecosystem_specific.imports[].symbols`, qualified by the import path):
    /// `github.com/notaryproject/notation-go.Sign`; an import without symbols is the whole package.
    static func symbols(_ item: FeedValue) -> [String] {
        var list: [String] = []
        for entry in item["ecosystem_specific"]?["imports"]?.array ?? [] {
            guard let path = entry["path"]?.string else { continue }
            let symbols = (entry["symbols"]?.array ?? []).compactMap(\.string)
            list += symbols.isEmpty ? [path] : symbols.map { "\(path).\($0)" }
        }
        return list
    }

    static func parseRange(_ range: FeedValue) -> Result<AffectedRange, SkipReason> {
        guard let type = range["type"]?.string else { return .failure(SkipReason("no range `type`")) }
        guard type == "ECOSYSTEM" || type == "SEMVER" else {
            return .failure(SkipReason("\(type) range skipped: it names commits, not versions"))
        }
        guard let events = range["events"]?.array, !events.isEmpty else {
            return .failure(SkipReason("\(type) range without `events`"))
        }
        var parsed: [RangeEvent] = []
        for event in events {
            guard let members = event.members, members.count == 1, let (key, value) = members.first,
                  let kind = RangeEvent.Kind(rawValue: key), let version = value.scalarText, !version.isEmpty
            else {
                return .failure(SkipReason("malformed event (want one of introduced/fixed/last_affected/limit): \(event.kindName)"))
            }
            parsed.append(RangeEvent(kind, version))
        }
        return .success(AffectedRange(type: type, events: parsed))
    }

    /// `severity[]` CVSS entries and `database_specific.severity` of a record or an `affected[]` entry.
    static func severity(of value: FeedValue) -> Severity {
        let cvss = (value["severity"]?.array ?? []).compactMap { entry -> CVSSScore? in
            guard let type = entry["type"]?.string, let vector = entry["score"]?.scalarText else { return nil }
            return CVSSScore(type: type, vector: vector, score: Double(vector))
        }
        let vendor = value["database_specific"]?["severity"]?.string?.lowercased()
        return Severity(vendor: vendor, cvss: cvss)
    }

    /// An RFC 3339 time as OSV writes it, with or without fractional seconds.
    static func timestamp(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

extension OSVFeed {
    /// Whether a file of an OSV database is one of its index files rather than a record: the Go vulnerability
    /// database (`https://vuln.go.dev/vulndb.zip`, or a mirror of vuln.go.dev) keeps `index/db.json`,
    /// `index/modules.json` and `index/vulns.json` at its root, beside its records in `ID/`. They are left alone,
    /// not skipped.
    static func isDatabaseIndex(_ path: String) -> Bool {
        path.hasPrefix("index/")
    }

    /// The largest single record read from an OSV zip (16 MiB; real records are a few KiB).
    public static let zipEntryLimit = 16 * 1024 * 1024
    /// The most bytes inflated from one OSV zip in all (2 GiB).
    public static let zipTotalLimit = 2 * 1024 * 1024 * 1024

    /// Parses every `.json` entry of an OSV ecosystem export
    /// (`https://osv-vulnerabilities.storage.googleapis.com/<Ecosystem>/all.zip`), one record per entry, each named
    /// by its entry name. An entry that cannot be read (too large, bad CRC, not OSV JSON) is recorded in `skipped`;
    /// an archive that is not a zip, or that inflates past `totalLimit`, throws.
    public static func parse(
        zip data: Data, entryLimit: Int = zipEntryLimit, totalLimit: Int = zipTotalLimit
    ) throws(FeedError) -> FeedParseResult {
        let archive: ZipArchive
        do {
            archive = try ZipArchive(ArraySlice(data))
        } catch {
            throw FeedError(.malformed, "OSV zip: \(error.description)", cause: error)
        }
        var result = FeedParseResult()
        var inflated = 0
        for entry in archive.entries where !entry.isDirectory && entry.name.lowercased().hasSuffix(".json") && !isDatabaseIndex(entry.name) {
            guard entry.uncompressedSize <= entryLimit else {
                result.skip(entry.name, "\(entry.uncompressedSize) bytes is over the \(entryLimit)-byte limit for a record")
                continue
            }
            let remaining = totalLimit - inflated
            guard entry.uncompressedSize <= remaining else {
                throw FeedError(.unreadable, "OSV zip: \(entry.name) takes the archive past its \(totalLimit)-byte limit")
            }
            let bytes: ArraySlice<UInt8>
            do {
                bytes = try archive.contents(of: entry, limit: min(entryLimit, remaining))
            } catch {
                result.skip(entry.name, error.description)
                continue
            }
            inflated += bytes.count
            do {
                result.append(try parse(Data(bytes), format: .json, name: entry.name))
            } catch {
                result.skip(entry.name, error.message)
            }
        }
        return result
    }
}
