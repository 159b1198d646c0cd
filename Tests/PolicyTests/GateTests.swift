import Catalog
import Foundation
import Layers
import OCI
@testable import Policy
import Testing
import Vulnerabilities

func evaluate(_ rules: [String], items: String = "", extra: String = "", _ input: PolicyInput) throws -> PolicyEvaluation {
    try CompiledBundle(json: bundleJSON(rules: rules.joined(separator: ","), items: items, extra: extra)).evaluate(input, now: now)
}

func vuln(_ id: String, _ package: String, severity: String, fixed: [String] = [], type: String = "dpkg", path: String = "pkgdb",
          state: FixState = .fixed, nvd: Double? = nil, detected: Date = now.addingTimeInterval(-30 * 86400)) -> PolicyInput.Vulnerability {
    let scores = nvd.map { [ScoreSummary(id: id, cvssV2: .unknown, cvssV3: .init(baseScore: $0, exploitabilityScore: 3.9, impactScore: 5.9))] } ?? []
    return PolicyInput.Vulnerability(
        match: VulnerabilityMatch(
            id: id, aliases: [], packageName: package, packageVersion: "1.0", packageType: type, packagePath: path, fixedVersions: fixed,
            fixState: state, fixStateDetail: nil, severity: severity, url: "https://security-tracker.debian.org/tracker/\(id)",
            namespace: "debian:12", feed: "debian", nvd: scores, vendor: []),
        detectedAt: detected, fixObservedAt: fixed.isEmpty ? nil : detected)
}

@Suite("Gates and triggers")
struct GateTests {
    static let vulns = [
        vuln("CVE-2024-1", "openssl", severity: "Critical", fixed: ["3.0.14-1"], nvd: 9.8),
        vuln("CVE-2024-2", "zlib1g", severity: "Medium"),
        vuln("CVE-2024-3", "libc6", severity: "High", state: .wontFix),
        vuln("GHSA-xxxx", "requests", severity: "Low", fixed: ["2.32.0"], type: "python", path: "/usr/lib/python3/dist-packages/requests"),
    ]

    /// (name, rule, fired trigger ids)
    static let vulnerabilityCases: [(String, String, [String])] = [
        ("above medium", rule("vulnerabilities", "package", "STOP", [("package_type", "all"), ("severity_comparison", ">"), ("severity", "medium")]), ["CVE-2024-1+openssl"]),
        ("vendor_only false shows won't-fix", rule("vulnerabilities", "package", "STOP", [("package_type", "all"), ("severity_comparison", ">"), ("severity", "medium"), ("vendor_only", "false")]), ["CVE-2024-1+openssl", "CVE-2024-3+libc6"]),
        ("exactly medium", rule("vulnerabilities", "package", "WARN", [("package_type", "all"), ("severity_comparison", "="), ("severity", "medium")]), ["CVE-2024-2+zlib1g"]),
        ("non-os only", rule("vulnerabilities", "package", "STOP", [("package_type", "non-os")]), ["GHSA-xxxx+requests-1.0"]),
        ("fix available", rule("vulnerabilities", "package", "STOP", [("package_type", "os"), ("fix_available", "true")]), ["CVE-2024-1+openssl"]),
        ("no fix", rule("vulnerabilities", "package", "STOP", [("package_type", "os"), ("fix_available", "false"), ("severity_comparison", ">="), ("severity", "unknown")]), ["CVE-2024-2+zlib1g"]),
        ("cvss ≥ 9", rule("vulnerabilities", "package", "STOP", [("package_type", "all"), ("cvss_v3_base_score_comparison", ">="), ("cvss_v3_base_score", "9.0")]), ["CVE-2024-1+openssl"]),
        ("older than 60 days", rule("vulnerabilities", "package", "STOP", [("package_type", "all"), ("max_days_since_creation", "60")]), []),
        ("older than 7 days", rule("vulnerabilities", "package", "STOP", [("package_type", "os"), ("max_days_since_creation", "7")]), ["CVE-2024-1+openssl", "CVE-2024-2+zlib1g"]),
        ("path excluded", rule("vulnerabilities", "package", "STOP", [("package_type", "non-os"), ("package_path_exclude", "/usr/lib/python3/.*")]), []),
        ("denylist", rule("vulnerabilities", "blacklist", "STOP", [("vulnerability_ids", "CVE-2024-2, CVE-1999-0")]), []),
        ("stale feed fresh", rule("vulnerabilities", "stale_feed_data", "WARN", [("max_days_since_sync", "2")]), []),
        ("data available", rule("vulnerabilities", "vulnerability_data_unavailable", "WARN"), []),
    ]

    @Test("vulnerabilities/package and friends fire per match with Anchore's trigger ids", arguments: vulnerabilityCases)
    func vulnerabilities(_ name: String, _ rule: String, _ expected: [String]) throws {
        let result = try evaluate([rule], makeInput(vulnerabilities: Self.vulns))
        if name == "denylist" {
            #expect(result.rows.count == 1)
            #expect(result.rows.first?.checkOutput == "Blacklisted vulnerabilities detected: ['CVE-2024-2']")
        } else {
            #expect(result.rows.map(\.triggerID).sorted() == expected.sorted(), "\(name)")
        }
    }

    @Test("The package trigger's check output is Anchore's")
    func packageMessage() throws {
        let result = try evaluate([rule("vulnerabilities", "package", "STOP", [("package_type", "all"), ("severity", "high")])], makeInput(vulnerabilities: Self.vulns))
        #expect(result.rows.map(\.checkOutput) == [
            "CRITICAL Vulnerability found in os package type (dpkg) - openssl (fixed in: 3.0.14-1)(CVE-2024-1 - https://security-tracker.debian.org/tracker/CVE-2024-1)",
        ])
        #expect(result.finalAction == .stop)
        #expect(result.status == "fail")
        // Score and age notes, in Anchore's order, with the match's own values.
        let noted = try evaluate([
            rule("vulnerabilities", "package", "STOP", [("package_type", "os"), ("cvss_v3_base_score", "9"), ("max_days_since_creation", "7")]),
            rule("vulnerabilities", "package", "WARN", [("package_type", "os"), ("severity", "high"), ("max_days_since_creation", "7")]),
        ], makeInput(vulnerabilities: Self.vulns))
        #expect(noted.rows.map(\.checkOutput) == [
            "CRITICAL Vulnerability found in os package type (dpkg) - openssl (fixed in: 3.0.14-1)(cvss_v3_base_score=9.8)(max_days_since_creation=2025-05-16)(CVE-2024-1 - https://security-tracker.debian.org/tracker/CVE-2024-1)",
            "CRITICAL Vulnerability found in os package type (dpkg) - openssl (fixed in: 3.0.14-1)(max_days_since_creation=2025-05-16)(CVE-2024-1 - https://security-tracker.debian.org/tracker/CVE-2024-1)",
        ])
    }

    @Test("Stale and missing feed data fire")
    func feeds() throws {
        let stale = makeInput(feed: .init(namespace: "debian:12", distroNamespace: "debian:12", oldestSync: now.addingTimeInterval(-5 * 86400)))
        #expect(try evaluate([rule("vulnerabilities", "stale_feed_data", "WARN", [("max_days_since_sync", "2")])], stale).rows.count == 1)
        let missing = makeInput(feed: .init(namespace: nil, distroNamespace: "ubuntu:24.04", oldestSync: nil))
        let result = try evaluate([rule("vulnerabilities", "vulnerability_data_unavailable", "WARN")], missing)
        #expect(result.rows.first?.checkOutput == "Distro-specific feed data not found for distro namespace: ubuntu:24.04. Cannot perform CVE scan OS/distro packages")
        #expect(result.finalAction == .warn)
        #expect(result.status == "pass")
    }

    static let dockerfile = ImageAnalysis.Dockerfile(mode: .guessed, contents: "FROM debian:12\nRUN apt-get update && \\\n  apt-get install -y curl\nEXPOSE 22 8080/tcp\nUSER app\n")

    static let dockerfileCases: [(String, String, Int)] = [
        ("port 22 denied", rule("dockerfile", "exposed_ports", "STOP", [("ports", "22"), ("type", "blacklist")]), 1),
        ("only 8080 allowed", rule("dockerfile", "exposed_ports", "STOP", [("ports", "8080"), ("type", "whitelist")]), 1),
        ("22 and 8080 allowed", rule("dockerfile", "exposed_ports", "STOP", [("ports", "22,8080"), ("type", "whitelist")]), 0),
        ("actual only skips guessed", rule("dockerfile", "exposed_ports", "STOP", [("ports", "22"), ("type", "blacklist"), ("actual_dockerfile_only", "true")]), 0),
        ("no HEALTHCHECK", rule("dockerfile", "instruction", "WARN", [("instruction", "HEALTHCHECK"), ("check", "not_exists")]), 1),
        ("FROM is debian", rule("dockerfile", "instruction", "WARN", [("instruction", "FROM"), ("check", "like"), ("value", "debian:.*")]), 1),
        ("continuation joined", rule("dockerfile", "instruction", "WARN", [("instruction", "RUN"), ("check", "like"), ("value", ".*install -y curl")]), 1),
        ("user denied", rule("dockerfile", "effective_user", "STOP", [("users", "root,app"), ("type", "blacklist")]), 1),
        ("user allowed", rule("dockerfile", "effective_user", "STOP", [("users", "app"), ("type", "whitelist")]), 0),
        ("no actual dockerfile", rule("dockerfile", "no_dockerfile_provided", "WARN"), 1),
    ]

    @Test("dockerfile triggers read the (guessed) Dockerfile", arguments: dockerfileCases)
    func dockerfileGate(_ name: String, _ rule: String, _ count: Int) throws {
        #expect(try evaluate([rule], makeInput(dockerfile: Self.dockerfile)).rows.count == count, "\(name)")
    }

    static let files = [
        FileRecord(path: "/usr/bin/passwd", kind: .regular, size: 10, mode: 0o4755, sha256: Digest("sha256:" + String(repeating: "c", count: 64))),
        FileRecord(path: "/etc/ssl/private/key.pem", kind: .regular, size: 10, mode: 0o600),
        FileRecord(path: "/etc/os-release", kind: .regular, size: 10, mode: 0o644),
    ]

    static let fileCases: [(String, String, [String])] = [
        ("suid", rule("files", "suid_or_guid_set", "WARN"), ["SUID or SGID found set on file /usr/bin/passwd. Mode: 0o104755"]),
        ("pem names", rule("files", "name_match", "STOP", [("regex", ".*[.]pem")]), ["Application of regex matched file found in container: file=/etc/ssl/private/key.pem regexp=.*[.]pem"]),
        ("mode equals", rule("files", "attribute_match", "STOP", [("filename", "/etc/ssl/private/key.pem"), ("mode", "00600"), ("mode_op", "equals")]), ["filename=/etc/ssl/private/key.pem and mode=0o600 op=equals specified_mode=0o600"]),
        ("checksum differs", rule("files", "attribute_match", "STOP", [("filename", "/usr/bin/passwd"), ("checksum", String(repeating: "d", count: 64)), ("checksum_match", "not_equals")]), ["filename=/usr/bin/passwd and checksum=\(String(repeating: "c", count: 64)) op=not_equals specified_checksum=\(String(repeating: "d", count: 64))"]),
        ("missing skipped", rule("files", "attribute_match", "STOP", [("filename", "/nope"), ("mode", "644")]), []),
        ("missing reported", rule("files", "attribute_match", "STOP", [("filename", "/nope"), ("skip_missing", "false")]), ["filename=/nope and skip_missing=False"]),
    ]

    @Test("files triggers", arguments: fileCases)
    func filesGate(_ name: String, _ rule: String, _ expected: [String]) throws {
        #expect(try evaluate([rule], makeInput(files: Self.files)).rows.map(\.checkOutput) == expected, "\(name)")
    }

    static let packages = [deb("openssl", "3.0.13-1", licenses: ["OpenSSL"]), deb("bash", "5.2.15-2", licenses: ["GPL-3+"]), deb("coreutils", "9.1-1", licenses: ["GPL-3+ BSD-4-clause"], files: ["/bin/ls", "/bin/gone"])]

    static let packageCases: [(String, String, [String])] = [
        ("required missing", rule("packages", "required_package", "STOP", [("name", "ca-certificates")]), ["Required input package (ca-certificates) is not present in container image"]),
        ("required present", rule("packages", "required_package", "STOP", [("name", "bash")]), []),
        ("minimum met", rule("packages", "required_package", "STOP", [("name", "openssl"), ("version", "3.0.2-1"), ("version_match_type", "minimum")]), []),
        ("minimum not met", rule("packages", "required_package", "STOP", [("name", "openssl"), ("version", "3.0.14-1"), ("version_match_type", "minimum")]), ["Required min-version input package (openssl) is present (3.0.13-1), but is lower version than what is specified in policy (3.0.14-1)"]),
        ("denied", rule("packages", "blacklist", "STOP", [("name", "bash")]), ["Package is blacklisted: bash"]),
        ("denied version", rule("packages", "blacklist", "STOP", [("name", "bash"), ("version", "1.0")]), []),
        ("verify missing", rule("packages", "verify", "WARN", [("check", "missing")]), ["VERIFY check against package db for package 'coreutils' failed on entry '/bin/gone' with status: 'missing'"]),
        ("license exact", rule("licenses", "blacklist_exact_match", "STOP", [("licenses", "GPL-3+")]), ["LICFULLMATCH Packages are installed that have blacklisted licenses: bash(GPL-3+), coreutils(GPL-3+)"]),
        ("license partial", rule("licenses", "blacklist_partial_match", "STOP", [("licenses", "BSD")]), ["LICSUBMATCH Packages are installed that have blacklisted licenses: coreutils(BSD-4-clause)"]),
    ]

    @Test("packages and licenses triggers", arguments: packageCases)
    func packagesGate(_ name: String, _ rule: String, _ expected: [String]) throws {
        let input = makeInput(packages: Self.packages, files: [FileRecord(path: "/bin/ls", kind: .regular)])
        #expect(try evaluate([rule], input).rows.map(\.checkOutput) == expected, "\(name)")
    }

    static let passwd = Data("root:x:0:0:root:/root:/bin/bash\nftp:x:14:50:FTP User:/var/ftp:/sbin/nologin\n".utf8)

    static let passwdCases: [(String, String, Int)] = [
        ("user", rule("passwd_file", "blacklist_usernames", "STOP", [("user_names", "ftp")]), 1),
        ("alias", rule("passwd_file", "blacklist_usernames", "STOP", [("usernameblacklist", "ftp,root")]), 2),
        ("uid", rule("passwd_file", "blacklist_userids", "STOP", [("user_ids", "0")]), 1),
        ("gid", rule("passwd_file", "blacklist_groupids", "STOP", [("group_ids", "50")]), 1),
        ("shell", rule("passwd_file", "blacklist_shells", "STOP", [("shells", "/bin/bash")]), 1),
        ("entry", rule("passwd_file", "blacklist_full_entry", "STOP", [("entry", "ftp:x:14:50:FTP User:/var/ftp:/sbin/nologin")]), 1),
        ("available", rule("passwd_file", "content_not_available", "WARN"), 0),
    ]

    @Test("passwd_file triggers read the retrieved /etc/passwd", arguments: passwdCases)
    func passwdGate(_ name: String, _ rule: String, _ count: Int) throws {
        #expect(try evaluate([rule], makeInput(retrievedFiles: ["/etc/passwd": Self.passwd])).rows.count == count, "\(name)")
        // Without the file, each says it cannot check rather than passing.
        #expect(try evaluate([rule], makeInput(retrievedFiles: nil)).rows.count == 1, "\(name) without /etc/passwd")
    }

    static let metadataCases: [(String, [(String, String)], Bool)] = [
        ("size over 50mb", [("attribute", "size"), ("check", ">"), ("value", "50mb")], true),
        ("size under 1gb", [("attribute", "size"), ("check", ">"), ("value", "1gb")], false),
        ("distro is debian", [("attribute", "distro"), ("check", "="), ("value", "debian")], true),
        ("distro in list", [("attribute", "distro"), ("check", "in"), ("value", "alpine, debian")], true),
        ("arch", [("attribute", "architecture"), ("check", "!="), ("value", "arm64")], true),
        ("layers ≥ 3", [("attribute", "layer_count"), ("check", ">="), ("value", "3")], false),
        ("like distro missing", [("attribute", "like_distro"), ("check", "not_exists")], true),
    ]

    @Test("metadata/attribute compares image values", arguments: metadataCases)
    func metadataGate(_ name: String, _ params: [(String, String)], _ fires: Bool) throws {
        #expect(try evaluate([rule("metadata", "attribute", "STOP", params)], makeInput()).rows.isEmpty != fires, "\(name)")
    }

    @Test("secret_scans and files/content_regex_match read the secret search")
    func secrets() throws {
        let input = makeInput(secrets: [SecretFinding(ruleID: "AWS_ACCESS_KEY", path: "/app/.env", line: 3, layer: 1, redactedMatch: "AKIA****")])
        #expect(try evaluate([rule("secret_scans", "content_regex_checks")], input).rows.count == 1)
        #expect(try evaluate([rule("secret_scans", "content_regex_checks", "STOP", [("content_regex_name", "PRIV_KEY")])], input).rows.isEmpty)
        #expect(try evaluate([rule("secret_scans", "content_regex_checks", "STOP", [("content_regex_name", "PRIV_KEY"), ("match_type", "notfound")])], input).rows.count == 1)
        #expect(try evaluate([rule("files", "content_regex_match")], input).rows.count == 1)
    }

    @Test("Enterprise gates: distro, tag_drift, ancestry, KEV")
    func enterprise() throws {
        let input = makeInput(packages: [deb("bash", "5.2"), deb("curl", "8.0")], previousPackages: [deb("bash", "5.1"), deb("wget", "1.0")])
        #expect(try evaluate([rule("distro", "deny", "STOP", [("distro", "debian"), ("version", "11"), ("check", ">")])], input).rows.count == 1)
        #expect(try evaluate([rule("distro", "deny", "STOP", [("distro", "debian"), ("version", "13"), ("check", ">=")])], input).rows.isEmpty)
        #expect(try evaluate([rule("tag_drift", "packages_added")], input).rows.map(\.checkOutput) == ["Package added: curl (8.0)"])
        #expect(try evaluate([rule("tag_drift", "packages_removed")], input).rows.map(\.checkOutput) == ["Package removed: wget (1.0)"])
        #expect(try evaluate([rule("tag_drift", "packages_modified")], input).rows.map(\.checkOutput) == ["Package modified: bash (5.1 -> 5.2)"])
        #expect(try evaluate([rule("ancestry", "no_ancestors_analyzed")], input).rows.count == 1)
        let child = makeInput(ancestors: [.init(digest: "sha256:base", tags: ["docker.io/library/debian:12"])])
        #expect(try evaluate([rule("ancestry", "allowed_base_image_tag", "STOP", [("base_tag", "docker.io/library/debian:*")])], child).rows.isEmpty)
        #expect(try evaluate([rule("ancestry", "allowed_base_image_digest", "STOP", [("base_digest", "sha256:other")])], child).rows.count == 1)
        let kev = makeInput(vulnerabilities: Self.vulns, knownExploited: ["CVE-2024-2"])
        #expect(try evaluate([rule("vulnerabilities", "kev_list")], kev).rows.map(\.triggerID) == ["CVE-2024-2+zlib1g"])
        #expect(try evaluate([rule("vulnerabilities", "kev_list")], makeInput(vulnerabilities: Self.vulns)).rows.count == 1, "no KEV data says so")
    }

    @Test("always, malware and the feed-less npm checks report instead of passing silently")
    func unavailable() throws {
        #expect(try evaluate([rule("always", "always")], makeInput()).rows.map(\.triggerID) == ["always"])
        #expect(try evaluate([rule("malware", "scan_not_run", "WARN")], makeInput()).rows.count == 1)
        #expect(try evaluate([rule("npms", "feed_data_unavailable", "WARN")], makeInput()).rows.count == 1)
        #expect(try evaluate([rule("retrieved_files", "content_not_available", "WARN", [("path", "/etc/app.conf")])], makeInput()).rows.count == 1)
    }

    /// Every rule of the cases above against one image that has everything: evaluating it with only what the rule's
    /// trigger declares it reads (``AnalysisParts``, what the service decodes for a bundle) gives the same rows as the
    /// whole image. Emptying everything changes the rows of every gate that declares a part, so the check bites.
    @Test("Each trigger reads only the parts of the image it declares")
    func triggersReadWhatTheyDeclare() throws {
        let full = makeInput(
            packages: Self.packages + [Package(type: .npm, name: "left-pad", version: "1.0.0", purl: "pkg:npm/left-pad@1.0.0")],
            files: Self.files + [FileRecord(path: "/bin/ls", kind: .regular)],
            secrets: [SecretFinding(ruleID: "AWS_ACCESS_KEY", path: "/app/.env", line: 3, layer: 1, redactedMatch: "AKIA****")],
            dockerfile: Self.dockerfile, vulnerabilities: Self.vulns, previousPackages: [deb("bash", "5.1"), deb("wget", "1.0")],
            retrievedFiles: ["/etc/passwd": Self.passwd], knownExploited: ["CVE-2024-2"])
        var rules = Self.vulnerabilityCases.map(\.1) + Self.dockerfileCases.map(\.1) + Self.fileCases.map(\.1) + Self.packageCases.map(\.1)
            + Self.passwdCases.map(\.1) + Self.metadataCases.map { rule("metadata", "attribute", "STOP", $0.1) }
        rules += [
            rule("secret_scans", "content_regex_checks"), rule("files", "content_regex_match"), rule("tag_drift", "packages_added"),
            rule("tag_drift", "packages_modified"), rule("vulnerabilities", "kev_list"), rule("npms", "blacklisted_name_version", "STOP", [("name", "left-pad")]),
            rule("retrieved_files", "content_regex", "STOP", [("path", "/etc/passwd"), ("check", "match"), ("regex", ".*root.*")]),
            rule("always", "always"), rule("distro", "deny", "STOP", [("distro", "debian")]),
        ]
        func rows(_ result: PolicyEvaluation) -> [String] { result.rows.map { "\($0.triggerID) \($0.action) \($0.checkOutput)" } }
        var bites: Set<String> = []
        for text in rules {
            let bundle = try CompiledBundle(json: bundleJSON(rules: text, items: "", extra: ""))
            let whole = rows(bundle.evaluate(full, now: now))
            #expect(rows(bundle.evaluate(full.keeping(bundle.reads), now: now)) == whole, "\(text)")
            if !bundle.reads.isEmpty, rows(bundle.evaluate(full.keeping([]), now: now)) != whole { bites.insert(bundle.gatesUsed.first ?? "") }
        }
        #expect(bites == ["vulnerabilities", "files", "packages", "licenses", "passwd_file", "secret_scans", "tag_drift", "npms", "retrieved_files"])
    }
}
