public import Foundation

/// The Debian security tracker's JSON (`https://security-tracker.debian.org/tracker/data/json`):
/// `{source package: {CVE: {description, debianbug?, scope?, releases: {codename: {status, repositories,
/// fixed_version?, urgency, nodsa?, nodsa_reason?}}}}}`.
///
/// One record per (source package, CVE, release). Release rules, as the tracker states them:
/// - `resolved` with `fixed_version` `0` → not-affected (the tracker's way of writing `<not-affected>`);
///   `resolved` with another version → fixed in it;
/// - `open` → not-fixed, unless `nodsa` is set: then wont-fix (`<no-dsa>`, and `nodsa_reason` `ignored`),
///   except `nodsa_reason` `postponed`, which stays not-fixed (a fix is deferred to a later update);
/// - `undetermined` → unknown;
/// - `urgency` is the vendor severity (`unimportant` kept as such: open but negligible).
public enum DebianTrackerFeed {
    public static let feedName = "debian-tracker"

    public static func parse(_ data: Data) throws(FeedError) -> FeedParseResult {
        let document = try FeedValue.json(data, context: "Debian tracker JSON")
        guard let packages = document.members else {
            throw FeedError(.malformed, "Debian tracker JSON: the top level must be an object of source packages, not \(document.kindName)")
        }
        var result = FeedParseResult()
        for (package, cves) in packages {
            guard let cves = cves.members else {
                result.skip(package, "expected an object of vulnerabilities, found \(cves.kindName)")
                continue
            }
            for (id, entry) in cves {
                parseEntry(package: package, id: id, entry: entry, into: &result)
            }
        }
        return result
    }

    private static func parseEntry(package: String, id: String, entry: FeedValue, into result: inout FeedParseResult) {
        let path = "\(package)/\(id)"
        guard entry.members != nil else {
            result.skip(path, "expected an object, found \(entry.kindName)")
            return
        }
        guard let releases = entry["releases"]?.members else {
            // The live tracker writes an entry without releases as `"releases": []`.
            let empty = entry["releases"]?.array?.isEmpty == true
            result.skip(path, empty ? "no releases listed" : "no `releases` object")
            return
        }
        let description = entry["description"]?.string
        var links = [DebianRelease.trackerLink(id)]
        if let bug = entry["debianbug"]?.scalarText {
            links.append("https://bugs.debian.org/\(bug)")
        }
        for (codename, release) in releases {
            let releasePath = "\(path)/\(codename)"
            guard let namespace = DebianRelease.namespace(forCodename: codename) else {
                result.skip(releasePath, "unknown Debian release `\(codename)`")
                continue
            }
            guard release.members != nil else {
                result.skip(releasePath, "expected an object, found \(release.kindName)")
                continue
            }
            guard let status = release["status"]?.string else {
                result.skip(releasePath, "no `status` string")
                continue
            }
            let fixedVersion = release["fixed_version"]?.string
            var state: FixState
            var detail: String?
            var fixed: [String] = []
            switch status {
            case "resolved":
                guard let fixedVersion, !fixedVersion.isEmpty else {
                    result.skip(releasePath, "status `resolved` without a `fixed_version`")
                    continue
                }
                if fixedVersion == "0" {
                    state = .notAffected
                } else {
                    state = .fixed
                    fixed = [fixedVersion]
                }
            case "open":
                (state, detail) = openState(nodsa: release["nodsa"]?.string, reason: release["nodsa_reason"]?.string)
            case "undetermined":
                state = .unknown
            default:
                result.skip(releasePath, "unknown status `\(status)`")
                continue
            }
            result.records.append(VulnerabilityRecord(
                namespace: namespace, id: id, packageName: package, versionScheme: "dpkg",
                ranges: fixed.map { AffectedRange(type: "ECOSYSTEM", events: [.introduced("0"), .fixed($0)]) },
                fixedVersions: fixed, fixState: state, fixStateDetail: detail,
                severity: Severity(vendor: DebianRelease.vendorSeverity(release["urgency"]?.string)),
                description: description, links: links,
                source: FeedSource(feed: feedName, group: codename)
            ))
        }
    }

    /// `open` with the tracker's `nodsa` marks.
    static func openState(nodsa: String?, reason: String?) -> (FixState, String?) {
        let reason = reason?.isEmpty == false ? reason : nil
        guard let nodsa else {
            return (.notFixed, reason)
        }
        let note = nodsa.isEmpty ? nil : nodsa
        switch reason {
        case "postponed":
            return (.notFixed, ["postponed", note].compactMap(\.self).joined(separator: ": "))
        case "ignored":
            return (.wontFix, ["ignored", note].compactMap(\.self).joined(separator: ": "))
        default:
            return (.wontFix, ["no-dsa", note].compactMap(\.self).joined(separator: ": "))
        }
    }
}
