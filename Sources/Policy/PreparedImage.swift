import Catalog
import Foundation
import Layers
import Vulnerabilities

/// Views of an image's facts that several rules share, each computed on first use during one evaluation (the
/// evaluation runs on one thread; nothing here outlives it).
final class PreparedImage: @unchecked Sendable {
    let input: PolicyInput

    init(input: PolicyInput) {
        self.input = input
        triggerIDs = [String?](repeating: nil, count: input.vulnerabilities?.count ?? 0)
    }

    /// Dockerfile lines by upper-cased instruction, continuation lines joined (Anchore's `prepared_dockerfile`);
    /// nil when the image has no Dockerfile, actual or guessed.
    lazy var dockerfile: [String: [String]]? = {
        guard let contents = input.analysis.dockerfile?.contents else { return nil }
        var directives: [String: [String]] = [:]
        var buffer = ""
        for raw in contents.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.hasSuffix("\\") {
                buffer += line.dropLast()
                continue
            }
            buffer += line
            let directive = String(buffer.prefix { $0 != " " && $0 != "\t" }).uppercased()
            directives[directive, default: []].append(buffer)
            buffer = ""
        }
        return directives
    }()

    /// Files by path.
    lazy var filesByPath: [String: FileRecord] = Dictionary(input.analysis.files.map { ($0.path, $0) }, uniquingKeysWith: { _, b in b })

    /// `/etc/passwd` entries by user name (the rest of each line's fields), nil when the file was not retrieved.
    lazy var passwd: [(user: String, fields: [String])]? = {
        guard let data = input.retrievedFiles?["/etc/passwd"] else { return nil }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard let user = fields.first, !user.isEmpty else { return nil }
            return (user, Array(fields.dropFirst()))
        }
    }()

    /// CVSS v3 scores, the most of each kind over a match's ids (-1 when unknown).
    struct Scores {
        enum Kind: Sendable { case base, exploitability, impact }
        var base = -1.0
        var exploitability = -1.0
        var impact = -1.0

        func value(_ kind: Kind) -> Double {
            switch kind {
            case .base: base
            case .exploitability: exploitability
            case .impact: impact
            }
        }
    }

    /// What every `vulnerabilities/package` rule derives from a match, derived once per evaluation: the rules
    /// of a bundle differ in their filters, not in what they say about a match. The texts (message, trigger id) are
    /// made only for the matches that fire.
    struct VulnerabilityFact {
        /// Index into `unknown, negligible, low, medium, high, critical`.
        var severity: Int
        var nonOS: Bool
        var willNotFix: Bool
        var hasFix: Bool
        var detectedAt: Date
        var fixObservedAt: Date?
        var nvd: Scores
        var vendor: Scores
        /// `<SEV> Vulnerability found in <class> package type (<type>) - `, one string shared by the matches of a
        /// severity and package type.
        var head: String
    }

    lazy var vulnerabilityFacts: [VulnerabilityFact] = {
        var heads: [String: (head: String, severity: Int, nonOS: Bool)] = [:]
        return (input.vulnerabilities ?? []).map { vulnerability in
            let match = vulnerability.match
            let headKey = match.severity + "\u{1F}" + match.packageType
            let head: (head: String, severity: Int, nonOS: Bool)
            if let known = heads[headKey] {
                head = known
            } else {
                let nonOS = VulnerabilitiesGate.nonOSTypes.contains(match.packageType.lowercased())
                head = (
                    "\(match.severity.uppercased()) Vulnerability found in \(nonOS ? "non-os" : "os") package type (\(match.packageType)) - ",
                    VulnerabilitiesGate.severities.firstIndex(of: match.severity.lowercased()) ?? 0, nonOS)
                heads[headKey] = head
            }
            return VulnerabilityFact(
                severity: head.severity, nonOS: head.nonOS, willNotFix: match.willNotFix,
                hasFix: match.fixedVersions.contains { !$0.isEmpty }, detectedAt: vulnerability.detectedAt,
                fixObservedAt: vulnerability.fixObservedAt, nvd: Self.scores(match.nvd), vendor: Self.scores(match.vendor), head: head.head)
        }
    }()

    /// Anchore's `<vuln id>+<package>` trigger id of a match (the package is its file name for java, gem and npm
    /// matches, `name-version` for other non-OS ones), made once per match.
    func vulnerabilityTriggerID(_ index: Int) -> String {
        if let known = triggerIDs[index] { return known }
        let match = input.vulnerabilities![index].match
        var name = match.packageName
        if vulnerabilityFacts[index].nonOS {
            let parts = match.packagePath.split(separator: "/")
            var fileName: Substring?
            switch match.packageType.lowercased() {
            case "java", "gem": fileName = parts.last
            case "npm": fileName = parts.count >= 2 ? parts[parts.count - 2] : nil
            default: fileName = nil
            }
            name = fileName.map(String.init) ?? "\(match.packageName)-\(match.packageVersion)"
        }
        let id = match.id + "+" + name
        triggerIDs[index] = id
        return id
    }

    /// Made trigger ids by match. Not `lazy`: a lazy array is read and written back whole, so each write would copy it.
    var triggerIDs: [String?]

    static func scores(_ list: [ScoreSummary]) -> Scores {
        var s = Scores()
        for summary in list where summary.cvssV3.baseScore >= 0 {
            s.base = max(s.base, summary.cvssV3.baseScore)
            s.exploitability = max(s.exploitability, summary.cvssV3.exploitabilityScore)
            s.impact = max(s.impact, summary.cvssV3.impactScore)
        }
        return s
    }

    /// Messages of `vulnerabilities/package` findings by fact and by which notes the rule adds (a bit per score and
    /// age parameter): every such note is the fact's own value, so rules with the same kinds of parameters say the
    /// same thing about a match, and the message is built once.
    var packageMessages: [Int: String] = [:]

    /// Each package's license words (its license texts split at white space, as Anchore splits them).
    lazy var licenseWords: [(package: String, license: String)] = input.analysis.packages.flatMap { package in
        package.licenses.flatMap { text in
            text.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }).map { (package.name, String(Substring($0))) }
        }
    }

    /// Packages by name.
    lazy var packagesByName: [String: [Package]] = Dictionary(grouping: input.analysis.packages, by: \.name)
}
