/// Builds the records of one vuln-list CVE entry: per source package, unstable plus every release.
struct VulnListRecords {
    var entry: VulnListEntry
    var fixes: [AdvisoryFix]
    var releases: [String]

    /// A release's state, decoded from a `Kind`.
    struct State {
        var fixState: FixState
        var fixed: String?
        var detail: String?
        var severity: String?
    }

    func build() -> FeedParseResult {
        var result = FeedParseResult()
        let lines = entry.annotations.filter { $0.type == "package" }
        let xrefs = entry.annotations.filter { $0.type == "xref" }.flatMap(\.bugs)
        let links = [DebianRelease.trackerLink(entry.id)]
            + xrefs.map(DebianRelease.trackerLink)
            + entry.annotations.compactMap { line -> String? in
                guard line.type == "NOTE", let text = line.description, text.hasPrefix("http") else { return nil }
                return text.split(separator: " ").first.map(String.init)
            }
        var packages: [String] = []
        for line in lines {
            if let package = line.package, !packages.contains(package) { packages.append(package) }
        }
        for package in fixes.map(\.package) where !packages.contains(package) { packages.append(package) }

        for package in packages {
            let own = lines.filter { $0.package == package }
            var states: [(String, State)] = []
            var unstable: State?
            if let line = own.first(where: { $0.release == nil }) {
                switch Self.state(of: line) {
                case let .success(state):
                    unstable = state
                    states.append(("sid", state))
                case let .failure(reason):
                    result.skip("\(entry.id)/\(package)/sid", reason.text)
                }
            }
            var covered = Set(["sid"])
            for line in own {
                guard let release = line.release, !covered.contains(release) else { continue }
                covered.insert(release)
                switch Self.state(of: line) {
                case var .success(state):
                    // Release lines rarely repeat the urgency: it is the unstable line's.
                    state.severity = state.severity ?? unstable?.severity
                    states.append((release, state))
                case let .failure(reason): result.skip("\(entry.id)/\(package)/\(release)", reason.text)
                }
            }
            let packageFixes = fixes.filter { $0.package == package }
            var inheritors = releases
            for release in packageFixes.map(\.release) where !inheritors.contains(release) { inheritors.append(release) }
            for release in inheritors where !covered.contains(release) {
                covered.insert(release)
                if let fix = packageFixes.first(where: { $0.release == release }) {
                    states.append((release, State(fixState: .fixed, fixed: fix.version, detail: "fixed by \(fix.advisory)",
                                                  severity: unstable?.severity)))
                } else if var inherited = unstable {
                    inherited.detail = inherited.detail ?? "inherited from unstable"
                    states.append((release, inherited))
                }
            }
            let aliases = Array(Set(xrefs + packageFixes.map(\.advisory))).sorted()
            for (release, state) in states {
                if release == "experimental" {
                    result.skip("\(entry.id)/\(package)/\(release)", "`experimental` is not a release images are built from")
                    continue
                }
                guard let namespace = DebianRelease.namespace(forCodename: release) else {
                    result.skip("\(entry.id)/\(package)/\(release)", "unknown Debian release `\(release)`")
                    continue
                }
                let fixed = state.fixed.map { [$0] } ?? []
                result.records.append(VulnerabilityRecord(
                    namespace: namespace, id: entry.id, aliases: aliases, packageName: package, versionScheme: "dpkg",
                    ranges: fixed.map { AffectedRange(type: "ECOSYSTEM", events: [.introduced("0"), .fixed($0)]) },
                    fixedVersions: fixed, fixState: state.fixState, fixStateDetail: state.detail,
                    severity: Severity(vendor: DebianRelease.vendorSeverity(state.severity)),
                    description: entry.description, links: links,
                    source: FeedSource(feed: VulnListDebianFeed.feedName, group: release)
                ))
            }
        }
        return result
    }

    static func state(of line: VulnListEntry.Annotation) -> Result<State, SkipReason> {
        let note = line.description?.isEmpty == false ? line.description : nil
        func labelled(_ label: String) -> String { [label, note].compactMap(\.self).joined(separator: ": ") }
        switch line.kind {
        case "fixed":
            guard let version = line.version, !version.isEmpty else {
                return .failure(SkipReason("kind `fixed` without a version"))
            }
            if version == "0" {
                return .success(State(fixState: .notAffected, detail: note, severity: line.severity))
            }
            return .success(State(fixState: .fixed, fixed: version, detail: note, severity: line.severity))
        case "unfixed":
            return .success(State(fixState: .notFixed, detail: note, severity: line.severity))
        case "postponed":
            return .success(State(fixState: .notFixed, detail: labelled("postponed"), severity: line.severity))
        case "no-dsa", "ignored", "end-of-life":
            return .success(State(fixState: .wontFix, detail: labelled(line.kind!), severity: line.severity))
        case "not-affected":
            return .success(State(fixState: .notAffected, detail: note, severity: line.severity))
        case "undetermined":
            return .success(State(fixState: .unknown, detail: note, severity: line.severity))
        case "removed":
            return .failure(SkipReason("`<removed>`: the package left the archive, no state to match (skipped, as Trivy does)"))
        case "itp":
            return .failure(SkipReason("`<itp>`: the package is not in Debian yet"))
        case let kind:
            return .failure(SkipReason("unknown kind `\(kind ?? "none")`"))
        }
    }
}
