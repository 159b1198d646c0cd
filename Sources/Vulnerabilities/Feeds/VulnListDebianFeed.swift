public import Foundation

/// aquasecurity/vuln-list-debian: the tracker's `data/CVE/list` and `data/DSA/list` (and `DLA`) parsed to one JSON
/// file per entry, `tracker/CVE/YYYY/CVE-….json` and `tracker/DSA/DSA-….json`:
/// `{Header: {ID, Description}, Annotations: [{Type, Release?, Package, Kind, Version?, Severity?, Description?, Bugs?}]}`.
///
/// Rules (what the tracker itself does):
/// - a `package` line without `Release` is about unstable → `debian:unstable`;
/// - a release with no line of its own inherits the unstable line (fixed-in-unstable version, or its open state) —
///   done for `DebianRelease.supported` and for every release a DSA/DLA names;
/// - a fix shipped by a DSA/DLA (`[bookworm] - glibc 2.36-9+deb12u3` in the advisory file, referenced by the CVE's
///   `{DSA-…}` xref) beats the inherited unstable state — otherwise a bookworm glibc is falsely vulnerable;
/// - kinds: `fixed` → fixed, `unfixed` → not-fixed, `postponed` → not-fixed, `no-dsa`/`ignored`/`end-of-life` →
///   wont-fix, `not-affected` → not-affected, `undetermined` → unknown;
/// - `removed` (the package left the archive) and `itp` (not yet in Debian) carry no state to match: skipped with a
///   reason, as Trivy does; a release inheriting such an unstable line gets no record either.
public enum VulnListDebianFeed {
    public static let feedName = "vuln-list-debian"

    /// Parses every `*.json` in a `CVE`, `DSA` or `DLA` folder under `directory` (a vuln-list-debian checkout, or its
    /// `tracker` folder). Other files of the layout (`source/`, `updates-source/`, `distributions.json`: package
    /// lists, not advisories) are not this driver's to read and are left alone.
    public static func parse(directory: URL, releases: [String] = DebianRelease.supported) throws(FeedError) -> FeedParseResult {
        var entries: [(String, FeedValue)] = []
        var result = FeedParseResult()
        for url in try FeedFile.files(under: directory, extensions: ["json"]) {
            let name = FeedFile.relativePath(url, to: directory)
            let folders = Set(name.split(separator: "/").dropLast().map(String.init))
            guard !folders.isDisjoint(with: ["CVE", "DSA", "DLA"]) else { continue }
            do {
                entries.append((name, try FeedValue.json(try FeedFile.read(url), context: name)))
            } catch {
                result.skip(name, error.message)
            }
        }
        result.append(parse(entries: entries, releases: releases))
        return result
    }

    /// Parses already-read entries, each named (for skip reasons) by its file path.
    static func parse(entries: [(String, FeedValue)], releases: [String]) -> FeedParseResult {
        var result = FeedParseResult()
        var cves: [VulnListEntry] = []
        var advisoryFixes: [String: [AdvisoryFix]] = [:]
        for (name, document) in entries {
            let entry: VulnListEntry
            switch VulnListEntry.parse(document, name: name) {
            case let .success(parsed): entry = parsed
            case let .failure(reason):
                result.skip(name, reason.text)
                continue
            }
            if entry.id.hasPrefix("DSA-") || entry.id.hasPrefix("DLA-") {
                for fix in entry.advisoryFixes(into: &result) {
                    advisoryFixes[fix.cve, default: []].append(fix)
                }
            } else {
                cves.append(entry)
            }
        }
        let known = Set(cves.map(\.id))
        for entry in cves {
            let records = VulnListRecords(entry: entry, fixes: advisoryFixes[entry.id] ?? [], releases: releases)
            result.append(records.build())
        }
        // A CVE fixed by an advisory whose own CVE file is absent: the advisory's fixes are all there is.
        for (cve, fixes) in advisoryFixes.sorted(by: { $0.key < $1.key }) where !known.contains(cve) {
            let entry = VulnListEntry(name: fixes[0].advisory, id: cve, description: nil, annotations: [])
            result.append(VulnListRecords(entry: entry, fixes: fixes, releases: []).build())
        }
        return result
    }
}

/// A fix a DSA/DLA shipped for one CVE in one release.
struct AdvisoryFix: Hashable, Sendable {
    var cve: String
    var advisory: String
    var release: String
    var package: String
    var version: String
}

/// One vuln-list file, decoded leniently.
struct VulnListEntry: Sendable {
    struct Annotation: Sendable {
        var type: String
        var release: String?
        var package: String?
        var kind: String?
        var version: String?
        var severity: String?
        var description: String?
        var bugs: [String]
    }

    var name: String
    var id: String
    var description: String?
    var annotations: [Annotation]

    static func parse(_ document: FeedValue, name: String) -> Result<VulnListEntry, SkipReason> {
        guard document.members != nil else { return .failure(SkipReason("expected an object, found \(document.kindName)")) }
        guard let id = document["Header"]?["ID"]?.string, !id.isEmpty else {
            return .failure(SkipReason("no Header.ID"))
        }
        guard let list = document["Annotations"]?.array else {
            return .failure(SkipReason("no Annotations list"))
        }
        var annotations: [Annotation] = []
        for item in list {
            guard let type = item["Type"]?.string else { continue }
            annotations.append(Annotation(
                type: type, release: item["Release"]?.string, package: item["Package"]?.string,
                kind: item["Kind"]?.string, version: item["Version"]?.string, severity: item["Severity"]?.string,
                description: item["Description"]?.string, bugs: item["Bugs"]?.array?.compactMap(\.string) ?? []
            ))
        }
        var description = document["Header"]?["Description"]?.string
        if let text = description, text.hasPrefix("("), text.hasSuffix(")") {
            description = String(text.dropFirst().dropLast())
        }
        return .success(VulnListEntry(name: name, id: id, description: description, annotations: annotations))
    }

    /// The CVEs this advisory references and, for each, the releases it fixed.
    func advisoryFixes(into result: inout FeedParseResult) -> [AdvisoryFix] {
        let cves = annotations.filter { $0.type == "xref" }.flatMap(\.bugs).filter { $0.hasPrefix("CVE-") }
        var fixes: [AdvisoryFix] = []
        let lines = annotations.filter { $0.type == "package" }
        if cves.isEmpty, !lines.isEmpty {
            result.skip("\(name) (\(id))", "the advisory names no CVE: its fixes cannot be attached to a vulnerability")
            return []
        }
        for line in lines {
            guard let release = line.release, let package = line.package, line.kind == "fixed",
                  let version = line.version, !version.isEmpty
            else {
                result.skip("\(name) (\(id))", "advisory line is not `[release] - package version`: kind \(line.kind ?? "none")")
                continue
            }
            for cve in cves {
                fixes.append(AdvisoryFix(cve: cve, advisory: id, release: release, package: package, version: version))
            }
        }
        return fixes
    }
}

/// A reason an entry was skipped, as an `Error` so it can travel in a `Result`.
struct SkipReason: Error, Sendable {
    var text: String
    init(_ text: String) { self.text = text }
}
