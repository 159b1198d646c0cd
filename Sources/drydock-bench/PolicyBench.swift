import ArgumentParser
import Archive
import Catalog
import Engine
import Foundation
import Layers
import Logging
import OCI
import Policy
import Store
import Vulnerabilities

/// `drydock-bench policy`: policy evaluation on the service's own code paths — one evaluation of Anchore's default
/// bundle plus 50 rules against a 500-package, 700-vulnerability image (compiled once, as the service caches it),
/// and the re-evaluation of 10,000 stored images after the active bundle changes (each image's analysis facts and
/// report read from SQLite and decoded, evaluated, the result stored), as the analyzer workers store them.
struct PolicyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy", abstract: "Benchmark policy evaluation.")

    @Option(help: "Stored images to re-evaluate.")
    var images = 10_000

    @Option(help: "Evaluations timed for the per-image figure.")
    var runs = 200

    @Option(help: "Append the report (markdown) to this file.")
    var results: String?

    func run() async throws {
        let analysis = Self.analysis()
        let report = Self.report()
        let bundleJSON = Self.bundle()
        let compiled = try CompiledBundle(json: bundleJSON)
        let ruleCount = compiled.bundle.policies.reduce(0) { $0 + $1.rules.count }
        let now = Date()
        let input = PolicyInput(
            imageID: String(repeating: "a", count: 64), digest: "sha256:" + String(repeating: "b", count: 64),
            tag: .init(registry: "registry.example.com", repository: "bench/app", tag: "1.0"), analysis: analysis,
            vulnerabilities: report.matches.map { .init(match: $0, detectedAt: now.addingTimeInterval(-40 * 86400), fixObservedAt: now.addingTimeInterval(-10 * 86400)) },
            feed: .init(namespace: "debian:12", distroNamespace: "debian:12", oldestSync: now.addingTimeInterval(-3600)))
        var result = compiled.evaluate(input, now: now)
        var durations: [Duration] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            result = compiled.evaluate(input, now: now)
            durations.append(start.duration(to: .now))
        }
        durations.sort()
        let p50 = durations[durations.count / 2]
        let p99 = durations[min(durations.count - 1, durations.count * 99 / 100)]

        // The service: `images` stored images (the same analysis and report under different digests), evaluated
        // once against the default bundle, then all again after the bundle above is activated.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-bench-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var logger = Logger(label: "drydock-bench")
        logger.logLevel = .error
        let store = try SQLiteStore(path: scratch.appendingPathComponent("drydock.sqlite").path)
        try await store.insert(Account(name: "admin", type: .admin, createdAt: now))
        let events = EventLog(store: store, logger: logger)
        let vulnerabilities = VulnerabilityService(store: store, sources: [], fetcher: nil, events: events, logger: logger)
        let policies = PolicyService(store: store, vulnerabilities: vulnerabilities, events: events, logger: logger)
        try await policies.ensureDefaultBundle(account: "admin")
        let artifact = Data(try Compressor.compress(Array(try NativeEncoder.encode(analysis, pretty: false)), as: .zstd, level: 3))
        let facts = try AnalysisFacts.encode(analysis)
        let reportData = Data(try Compressor.compress(Array(report.compactEncoded()), as: .zstd, level: 1))
        for index in 0..<images {
            let digest = Digest(String(format: "sha256:%064x", index + 1))!
            let record = ImageRecord(
                account: "admin", digest: digest, analysisStatus: .analyzed, createdAt: now, analyzedAt: now, compressedSize: 1,
                tags: [TagRecord(registry: "registry.example.com", repository: "bench/app", tag: "v\(index)", imageID: String(format: "%064x", index + 7), createdAt: now)])
            try await store.modifyImage(account: "admin", digest: digest) { $0 = record }
            try await store.putArtifact(account: "admin", digest: digest, kind: ArtifactKind.analysis, data: artifact)
            try await store.putArtifact(account: "admin", digest: digest, kind: ArtifactKind.facts, data: facts)
            try await store.saveMatchReport(digest: digest, data: reportData, fingerprint: report.fingerprint, indexVersion: nil)
        }
        let first = await policies.reevaluate(account: "admin")
        var record = try await policies.add(account: "admin", json: bundleJSON)
        // Activating it re-evaluates every image in the background: the figure is that re-evaluation's.
        record = try await policies.update(account: "admin", id: record.id, json: nil, active: true)
        guard let after = await policies.waitForReevaluation() else { throw ValidationError("the activation started no re-evaluation") }
        let verdicts = try await store.latestEvaluations(account: "admin", policyID: record.id)

        let text = """
            ## Policy evaluation (drydock-bench policy)

            The bundle: Anchore's default bundle plus a policy of 50 rules over every gate (\(ruleCount) rules). The image: \
            \(analysis.packages.count) packages, \(report.matches.count) vulnerability matches, \(analysis.files.count) files.

            | measure | value |
            |---|---|
            | evaluate one image (compiled bundle), p50 / p99 | \(VulnBench.ms(p50)) / \(VulnBench.ms(p99)) ms (\(result.rows.count) rows, final action \(result.finalAction.rawValue)) |
            | first evaluation of \(images) stored images against the default bundle | \(String(format: "%.1f", first.seconds)) s (\(first.evaluated) evaluated, \(first.failed) failed) |
            | re-evaluation of \(images) stored images after a bundle change | \(String(format: "%.1f", after.seconds)) s (\(after.evaluated) evaluated, \(after.failed) failed, \(verdicts.filter { $0.status == "fail" }.count) fail) |

            """
        print(text)
        if let results {
            let existing = (try? String(contentsOfFile: results, encoding: .utf8)) ?? ""
            try (existing + "\n" + text).write(toFile: results, atomically: true, encoding: .utf8)
        }
    }

    /// A Debian image: 450 deb and 50 python packages, 2,000 files (a few setuid, a few keys), a guessed
    /// Dockerfile that exposes 8080, `/etc/passwd` retrieved.
    static func analysis() -> ImageAnalysis {
        var packages: [Package] = []
        for i in 0..<450 {
            packages.append(Package(
                type: .deb, name: "pkg-\(i)", version: "1.\(i % 9).0-1", purl: "pkg:deb/debian/pkg-\(i)@1.0", licenses: [i % 5 == 0 ? "GPL-3+" : "MIT"],
                locations: ["/var/lib/dpkg/status"], files: ["/usr/lib/pkg-\(i)/lib.so"]))
        }
        for i in 0..<50 {
            packages.append(Package(type: .python, name: "py\(i)", version: "0.\(i)", purl: "pkg:pypi/py\(i)@0.\(i)", licenses: ["BSD-3-Clause"],
                                    locations: ["/usr/lib/python3/dist-packages/py\(i)-0.\(i).dist-info/METADATA"]))
        }
        var files: [FileRecord] = []
        for i in 0..<2000 {
            let path = i < 450 ? "/usr/lib/pkg-\(i)/lib.so" : "/usr/share/data/\(i % 40)/file-\(i)\(i % 97 == 0 ? ".pem" : ".txt")"
            files.append(FileRecord(path: path, kind: .regular, size: Int64(i), mode: i % 211 == 0 ? 0o4755 : 0o644, layer: i % 3))
        }
        let imageID = Digest("sha256:" + String(repeating: "a", count: 64))!
        return ImageAnalysis(
            analyzer: .init(version: "bench"), analyzedAt: Date(timeIntervalSince1970: 1_700_000_000),
            source: .init(imageID: imageID, mediaType: MediaType("application/vnd.oci.image.manifest.v1+json"),
                          platform: Platform(os: "linux", architecture: "amd64"), uncompressedSize: 200 << 20),
            metadata: .init(architecture: "amd64", os: "linux", exposedPorts: ["8080/tcp"]),
            dockerfile: .init(mode: .guessed, contents: "FROM debian:12\nRUN apt-get install -y stuff\nEXPOSE 8080\nUSER app\n"),
            distro: Distro(id: "debian", version: "12", prettyName: "Debian GNU/Linux 12 (bookworm)", namespace: "debian:12"),
            packages: packages, files: files,
            secrets: [SecretFinding(ruleID: "AWS_ACCESS_KEY", path: "/app/.env", line: 1, layer: 2, redactedMatch: "AKIA****")],
            retrievedFiles: [RetrievedFile(path: "/etc/passwd", layer: 0, content: Data("root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/app:/bin/sh\n".utf8))])
    }

    /// 700 matches over the packages: every severity, half with fixes, some won't-fix, NVD scores.
    static func report() -> MatchReport {
        let severities = ["Negligible", "Low", "Medium", "High", "Critical", "Unknown"]
        let matches = (0..<700).map { i -> VulnerabilityMatch in
            let python = i % 14 == 0
            let name = python ? "py\(i % 50)" : "pkg-\(i % 450)"
            let score = ScoreSummary(id: "CVE-2099-\(i)", cvssV2: .unknown, cvssV3: .init(baseScore: Double(i % 100) / 10, exploitabilityScore: 3.9, impactScore: 5.9))
            return VulnerabilityMatch(
                id: python ? "PYSEC-2099-\(i)" : "CVE-2099-\(i)", aliases: [], packageName: name, packageVersion: "1.0", packageType: python ? "python" : "dpkg",
                packagePath: python ? "/usr/lib/python3/dist-packages/\(name)" : "pkgdb", fixedVersions: i % 2 == 0 ? ["2.0"] : [],
                fixState: i % 11 == 0 ? .wontFix : (i % 2 == 0 ? .fixed : .notFixed), fixStateDetail: nil, severity: severities[i % 6],
                url: "https://security-tracker.debian.org/tracker/CVE-2099-\(i)", namespace: python ? "pypi" : "debian:12", feed: python ? "pypa" : "debian",
                nvd: [score], vendor: [])
        }
        return MatchReport(matches: matches, osNamespace: "debian:12")
    }

    /// Anchore's default bundle with a second policy of 50 rules, both mapped to every image.
    static func bundle() -> Data {
        func rule(_ i: Int, _ gate: String, _ trigger: String, _ action: String, _ params: [(String, String)]) -> [String: Any] {
            ["id": "bench-\(i)", "gate": gate, "trigger": trigger, "action": action, "params": params.map { ["name": $0.0, "value": $0.1] }]
        }
        var rules: [[String: Any]] = []
        let severities = ["unknown", "negligible", "low", "medium", "high", "critical"]
        for i in 0..<20 {
            rules.append(rule(i, "vulnerabilities", "package", i % 3 == 0 ? "STOP" : "WARN", [
                ("package_type", ["all", "os", "non-os"][i % 3]), ("severity_comparison", [">=", "=", ">"][i % 3]), ("severity", severities[i % 6]),
                ("cvss_v3_base_score_comparison", ">="), ("cvss_v3_base_score", "\(i % 10).0"), ("fix_available", i % 2 == 0 ? "true" : "false"),
                ("max_days_since_creation", "\(i)"),
            ]))
        }
        for i in 20..<30 { rules.append(rule(i, "packages", "blacklist", "STOP", [("name", "pkg-\(i * 7)")])) }
        for i in 30..<35 { rules.append(rule(i, "files", "name_match", "WARN", [("regex", ".*/file-\(i)[0-9]*\\.pem")])) }
        rules.append(rule(35, "files", "suid_or_guid_set", "WARN", []))
        rules.append(rule(36, "files", "attribute_match", "WARN", [("filename", "/usr/lib/pkg-3/lib.so"), ("mode", "00644"), ("mode_op", "equals")]))
        rules.append(rule(37, "licenses", "blacklist_exact_match", "WARN", [("licenses", "GPL-3+")]))
        rules.append(rule(38, "licenses", "blacklist_partial_match", "WARN", [("licenses", "AGPL")]))
        rules.append(rule(39, "metadata", "attribute", "WARN", [("attribute", "size"), ("check", ">"), ("value", "100mb")]))
        rules.append(rule(40, "dockerfile", "effective_user", "STOP", [("users", "root"), ("type", "blacklist")]))
        rules.append(rule(41, "dockerfile", "exposed_ports", "WARN", [("ports", "8080,443"), ("type", "whitelist")]))
        rules.append(rule(42, "dockerfile", "instruction", "WARN", [("instruction", "RUN"), ("check", "like"), ("value", ".*curl.*")]))
        rules.append(rule(43, "secret_scans", "content_regex_checks", "STOP", [("content_regex_name", "AWS_ACCESS_KEY")]))
        rules.append(rule(44, "passwd_file", "blacklist_userids", "WARN", [("user_ids", "0")]))
        rules.append(rule(45, "passwd_file", "blacklist_shells", "WARN", [("shells", "/bin/bash")]))
        rules.append(rule(46, "vulnerabilities", "blacklist", "STOP", [("vulnerability_ids", "CVE-2099-5,CVE-2099-77")]))
        rules.append(rule(47, "packages", "required_package", "WARN", [("name", "pkg-1"), ("version", "1.0.0-1"), ("version_match_type", "minimum")]))
        rules.append(rule(48, "distro", "deny", "WARN", [("distro", "debian"), ("version", "11"), ("check", "<")]))
        rules.append(rule(49, "vulnerabilities", "stale_feed_data", "WARN", [("max_days_since_sync", "2")]))
        var bundle = (try? JSONSerialization.jsonObject(with: PolicyBundle.defaultBundleJSON) as? [String: Any]) ?? [:]
        bundle["id"] = "bench-bundle"
        var policies = bundle["policies"] as? [[String: Any]] ?? []
        policies.append(["id": "bench-rules", "name": "Bench", "version": "1_0", "rules": rules])
        bundle["policies"] = policies
        var mappings = bundle["mappings"] as? [[String: Any]] ?? []
        if var mapping = mappings.first {
            mapping["policy_id"] = nil
            mapping["policy_ids"] = ["48e6f7d6-1765-11e8-b5f9-8b6f228548b6", "bench-rules"]
            mappings[0] = mapping
        }
        bundle["mappings"] = mappings
        return (try? JSONSerialization.data(withJSONObject: bundle)) ?? Data()
    }
}
