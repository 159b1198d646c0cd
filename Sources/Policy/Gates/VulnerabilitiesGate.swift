import Layers
import Catalog
import Foundation
import Vulnerabilities

/// `vulnerabilities`: matches of the image's packages against the feeds, the freshness of those feeds, and
/// (Anchore Enterprise) CISA's Known Exploited Vulnerabilities.
enum VulnerabilitiesGate {
    static let severities = ["unknown", "negligible", "low", "medium", "high", "critical"]
    static let nonOSTypes: Set<String> = ["java", "python", "npm", "gem", "go", "binary", "nuget", "rust", "php", "dotnet"]

    static func scoreParams(_ prefix: String, _ what: String) -> [ParameterSpec] {
        [
            .init("\(prefix)_comparison", .enumeration(Comparison.names), example: ">", "The type of comparison to perform for \(what) evaluation."),
            .init(prefix, .float, example: "5.0", "\(what.prefix(1).uppercased() + what.dropFirst()) to compare against."),
        ]
    }

    static let spec = GateSpec(
        "vulnerabilities", "CVE/Vulnerability checks.",
        reads: .vulnerabilities,
        triggers: [
            TriggerSpec(
                "package", "Triggers if a found vulnerability in an image meets the comparison criteria.",
                parameters: [
                    .init("package_type", .enumeration(["all", "os", "non-os"]), required: true, example: "all", "Only trigger for specific package type."),
                    .init("severity_comparison", .enumeration(Comparison.names), example: ">", "The type of comparison to perform for severity evaluation."),
                    .init("severity", .enumeration(severities), example: "high", "Severity to compare against."),
                ] + scoreParams("cvss_v3_base_score", "CVSS v3 base score")
                    + scoreParams("cvss_v3_exploitability_score", "CVSS v3 exploitability sub score")
                    + scoreParams("cvss_v3_impact_score", "CVSS v3 impact sub score") + [
                    .init("fix_available", .boolean, example: "true", "If present, the fix availability for the vulnerability record must match the value of this parameter."),
                    .init("vendor_only", .boolean, example: "true", "If True, an available fix for this CVE must not be explicitly marked as wont be addressed by the vendor"),
                    .init("max_days_since_creation", .integer, example: "7", "If provided, this CVE must be older than the days provided to trigger."),
                    .init("max_days_since_fix", .integer, example: "30", "If provided (only evaluated when fix_available option is also set to true), the fix first observed time must be older than days provided, to trigger."),
                ] + scoreParams("vendor_cvss_v3_base_score", "vendor specified CVSS v3 base score")
                    + scoreParams("vendor_cvss_v3_exploitability_score", "vendor specified CVSS v3 exploitability sub score")
                    + scoreParams("vendor_cvss_v3_impact_score", "vendor specified CVSS v3 impact sub score") + [
                    .init("package_path_exclude", .regex, example: #".*test\.jar*"#, "The regex to evaluate against the package path to exclude vulnerabilities"),
                ],
                body: package),
            TriggerSpec(
                "stale_feed_data",
                "Triggers if the CVE data for the image's distro is older than the window specified by the parameter MAXAGE (unit is number of days).",
                parameters: [.init("max_days_since_sync", .integer, required: true, example: "10", "Fire the trigger if the last sync was more than this number of days ago.")],
                body: staleFeed),
            TriggerSpec(
                "vulnerability_data_unavailable",
                "Triggers if vulnerability data is unavailable for the image's distro packages such as rpms or dpkg. Non-OS packages like npms and java are not considered in this evaluation",
                body: { run in
                    guard run.input.feed.namespace == nil else { return }
                    run.fire("Distro-specific feed data not found for distro namespace: \(run.input.feed.distroNamespace). Cannot perform CVE scan OS/distro packages")
                }),
            TriggerSpec(
                "blacklist", "Triggers if any of a list of specified vulnerabilities has been detected in the image.",
                parameters: [
                    .init("vulnerability_ids", .stringList, required: true, example: "CVE-2019-1234", "List of vulnerability IDs, will cause the trigger to fire if any are detected."),
                    .init("vendor_only", .boolean, example: "true", "If set to True, discard matches against this vulnerability if vendor has marked as will not fix in the vulnerability record."),
                ],
                body: denylist),
            TriggerSpec(
                "denylist", "Triggers if any of a list of specified vulnerabilities has been detected in the image (Anchore Enterprise's name for blacklist).",
                parameters: [
                    .init("vulnerability_ids", .stringList, required: true, example: "CVE-2019-1234", "List of vulnerability IDs, will cause the trigger to fire if any are detected."),
                    .init("vendor_only", .boolean, example: "true", "If set to True, discard matches against this vulnerability if vendor has marked as will not fix in the vulnerability record."),
                ],
                body: denylist),
            TriggerSpec(
                "kev_list", "Triggers if any vulnerability found in the image is in CISA's Known Exploited Vulnerabilities catalog.",
                body: kev),
        ])

    /// A score parameter in use by a rule: its threshold, comparison, which score and whose (NVD or vendor).
    struct ScoreRequirement {
        /// The bit of this note in a message signature: 0–2 NVD base, exploitability, impact; 3–5 the vendor's.
        var bit: Int
        var name: String
        var threshold: Double
        var comparison: Comparison
        var score: PreparedImage.Scores.Kind
        var vendor: Bool
    }

    static let scoreParameters: [(String, PreparedImage.Scores.Kind, Bool)] = [
        ("cvss_v3_base_score", .base, false), ("cvss_v3_exploitability_score", .exploitability, false),
        ("cvss_v3_impact_score", .impact, false), ("vendor_cvss_v3_base_score", .base, true),
        ("vendor_cvss_v3_exploitability_score", .exploitability, true), ("vendor_cvss_v3_impact_score", .impact, true),
    ]

    static func package(_ run: inout TriggerRun) {
        guard let vulnerabilities = run.input.vulnerabilities else { return }
        let facts = run.prepared.vulnerabilityFacts
        let p = run.params
        let packageType = p.string("package_type") ?? "all"
        let wantOS = packageType != "non-os"
        let wantNonOS = packageType != "os"
        let threshold = severities.firstIndex(of: p.string("severity") ?? "unknown") ?? 0
        let severityOp = Comparison(rawValue: p.string("severity_comparison") ?? ">") ?? .greater
        let fixAvailable = p.bool("fix_available")
        let vendorOnly = p.bool("vendor_only") ?? true
        let creationCutoff = p.int("max_days_since_creation").map { run.now.addingTimeInterval(-Double($0) * 86400) }
        let fixCutoff = p.int("max_days_since_fix").map { run.now.addingTimeInterval(-Double($0) * 86400) }
        let exclude = p.regex("package_path_exclude")
        let requirements = scoreParameters.compactMap { name, score, vendor -> ScoreRequirement? in
            guard let wanted = p.double(name) else { return nil }
            return ScoreRequirement(
                bit: (vendor ? 3 : 0) + (score == .base ? 0 : score == .exploitability ? 1 : 2), name: name, threshold: wanted, comparison: Comparison(rawValue: p.string(name + "_comparison") ?? ">=") ?? .greaterOrEqual,
                score: score, vendor: vendor)
        }
        // By index: a fact holds several strings, and copying it out of the array would retain each of them.
        for index in facts.indices {
            guard facts[index].nonOS ? wantNonOS : wantOS, severityOp.holds(facts[index].severity, threshold) else { continue }
            let fact = facts[index]
            if fact.nonOS, let exclude, exclude.matchesPrefix(of: vulnerabilities[index].match.packagePath) { continue }
            if vendorOnly, fact.willNotFix { continue }
            var signature = 0
            if let creationCutoff {
                if fact.detectedAt > creationCutoff { continue }
                signature |= 1 << 6
            }
            if fixAvailable == true, let fixCutoff, fact.hasFix, let observed = fact.fixObservedAt {
                if observed > fixCutoff { continue }
                signature |= 1 << 7
            }
            var passes = true
            for requirement in requirements {
                let actual = (requirement.vendor ? fact.vendor : fact.nvd).value(requirement.score)
                guard requirement.comparison.holds(actual, requirement.threshold) else {
                    passes = false
                    break
                }
                if actual != 0 { signature |= 1 << requirement.bit }
            }
            guard passes else { continue }
            if let fixAvailable, fixAvailable != fact.hasFix { continue }
            let key = index << 8 | signature
            let message: String
            if let known = run.prepared.packageMessages[key] {
                message = known
            } else {
                message = packageMessage(fact, vulnerabilities, index, signature: signature)
                run.prepared.packageMessages[key] = message
            }
            run.fire(message, id: run.prepared.vulnerabilityTriggerID(index))
        }
    }

    /// Anchore's message for a match: `<SEV> Vulnerability found in …` with the fix, then the notes the signature's
    /// bits ask for (NVD scores, ages, vendor scores, in Anchore's order), then `(<id> - <link>)`.
    static func packageMessage(
        _ fact: PreparedImage.VulnerabilityFact, _ vulnerabilities: [PolicyInput.Vulnerability], _ index: Int, signature: Int
    ) -> String {
        var message = fact.head
        message += fact.nonOS ? vulnerabilities[index].match.packagePath : vulnerabilities[index].match.packageName
        message += " "
        if fact.hasFix {
            var first = true
            for fix in vulnerabilities[index].match.fixedVersions where !fix.isEmpty {
                message += first ? "(fixed in: " : ", "
                message += fix
                first = false
            }
            message += ")"
        }
        /// `(name=value …)` of the scores whose bits are set (bits `first`, `first + 1`, `first + 2`).
        func notes(_ first: Int, _ prefix: String, _ scores: PreparedImage.Scores) {
            var open = false
            for (offset, name, value) in [(0, "cvss_v3_base_score", scores.base), (1, "cvss_v3_exploitability_score", scores.exploitability), (2, "cvss_v3_impact_score", scores.impact)]
            where signature & (1 << (first + offset)) != 0 {
                message += open ? " " : "("
                message += prefix
                message += name
                message += "="
                message += pythonFloat(value)
                open = true
            }
            if open { message += ")" }
        }
        if signature & 0b111 != 0 { notes(0, "", fact.nvd) }
        let fixAge = signature & (1 << 7) != 0 ? fact.fixObservedAt : nil
        if signature & (1 << 6) != 0 {
            message += "(max_days_since_creation="
            message += day(fact.detectedAt)
            if let fixAge {
                message += " max_days_since_fix="
                message += day(fixAge)
            }
            message += ")"
        } else if let fixAge {
            message += "(max_days_since_fix="
            message += day(fixAge)
            message += ")"
        }
        if signature & 0b111000 != 0 { notes(3, "vendor_", fact.vendor) }
        message += "("
        message += vulnerabilities[index].match.id
        message += " - "
        message += vulnerabilities[index].match.url
        message += ")"
        return message
    }

    /// `YYYY-MM-DD` of a time, in UTC (Python's `date()` of the match's time).
    static func day(_ date: Date) -> String {
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm): no calendar object per finding.
        let days = Int((date.timeIntervalSince1970 / 86400).rounded(.down))
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))"
    }

    static func staleFeed(_ run: inout TriggerRun) {
        guard let days = run.params.int("max_days_since_sync") else { return }
        let message = "The vulnerability feed for this image distro is older than MAXAGE (\(days)) days"
        guard let oldest = run.input.feed.oldestSync else {
            run.fire(message)
            return
        }
        if oldest < run.now.addingTimeInterval(-Double(days) * 86400) { run.fire(message) }
    }

    static func denylist(_ run: inout TriggerRun) {
        guard let ids = run.params.list("vulnerability_ids"), let vulnerabilities = run.input.vulnerabilities else { return }
        let vendorOnly = run.params.bool("vendor_only") ?? true
        let present = Set(vulnerabilities.lazy.filter { !(vendorOnly && $0.match.willNotFix) }.map(\.match.id))
        let found = ids.filter(present.contains)
        guard !found.isEmpty else { return }
        run.fire("Blacklisted vulnerabilities detected: [" + found.map { "'\($0)'" }.joined(separator: ", ") + "]")
    }

    static func kev(_ run: inout TriggerRun) {
        guard let vulnerabilities = run.input.vulnerabilities else { return }
        guard let kev = run.input.knownExploited else {
            run.fire("Known Exploited Vulnerabilities data is not available: no KEV feed has been synced, so the image cannot be checked against it")
            return
        }
        var seen = Set<String>()
        for v in vulnerabilities {
            let ids = [v.match.id] + v.match.aliases
            guard let hit = ids.first(where: kev.contains), seen.insert(hit + "+" + v.match.packageName).inserted else { continue }
            run.fire("\(hit) in package \(v.match.packageName) (\(v.match.packageVersion)) is in the CISA Known Exploited Vulnerabilities catalog",
                     id: hit + "+" + v.match.packageName)
        }
    }
}
