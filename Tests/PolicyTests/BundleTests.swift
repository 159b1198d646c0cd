import Foundation
@testable import Policy
import Testing

/// A bundle of one policy (`p1`) with the given rules, an allowlist (`wl1`) with the given items, one mapping
/// for every image, and the given extra top-level keys.
func bundleJSON(rules: String, items: String = "", extra: String = "") -> Data {
    Data("""
    {"id": "b1", "version": "1_0", "name": "test",
     "policies": [{"id": "p1", "version": "1_0", "rules": [\(rules)]}],
     "whitelists": [{"id": "wl1", "name": "Allowed", "version": "1_0", "items": [\(items)]}],
     "mappings": [{"name": "all", "registry": "*", "repository": "*", "image": {"type": "tag", "value": "*"},
                   "policy_ids": ["p1"], "whitelist_ids": ["wl1"]}]\(extra)}
    """.utf8)
}

func rule(_ gate: String, _ trigger: String, _ action: String = "STOP", _ params: [(String, String)] = []) -> String {
    let p = params.map { #"{"name": "\#($0.0)", "value": "\#($0.1)"}"# }.joined(separator: ",")
    return #"{"id": "r-\#(gate)-\#(trigger)", "gate": "\#(gate)", "trigger": "\#(trigger)", "action": "\#(action)", "params": [\#(p)]}"#
}

@Suite("Bundle reading and validation")
struct BundleTests {
    @Test("Anchore's default bundle reads and validates")
    func defaultBundle() throws {
        let compiled = try CompiledBundle(json: PolicyBundle.defaultBundleJSON)
        #expect(compiled.bundle.id == PolicyBundle.defaultBundleID)
        #expect(compiled.bundle.policies[0].rules.count == 6)
        #expect(compiled.bundle.mappings[0].policyIDs == ["48e6f7d6-1765-11e8-b5f9-8b6f228548b6"])
    }

    @Test("Enterprise v2 names are accepted")
    func v2Names() throws {
        let json = Data("""
        {"id": "b2", "version": "2_0", "rule_sets": [{"id": "rs", "version": "2_0", "rules": [\(rule("always", "always"))]}],
         "allowlists": [{"id": "al", "version": "2_0", "items": [{"gate": "always", "trigger_id": "always"}]}],
         "mappings": [{"name": "m", "registry": "*", "repository": "*", "image": {"type": "tag", "value": "*"},
                       "rule_set_ids": ["rs"], "allowlist_ids": ["al"]}],
         "allowlisted_images": [], "denylisted_images": []}
        """.utf8)
        let bundle = try CompiledBundle(json: json).bundle
        #expect(bundle.policies.map(\.id) == ["rs"])
        #expect(bundle.mappings[0].allowlistIDs == ["al"])
    }

    static let invalid: [(String, Data, String)] = [
        ("not JSON", Data("{".utf8), "not valid JSON"),
        ("not an object", Data("[]".utf8), "must be a JSON object"),
        ("unknown gate", bundleJSON(rules: rule("nosuchgate", "x")), "GateNotFoundError"),
        ("unknown trigger", bundleJSON(rules: rule("dockerfile", "nosuch")), "TriggerNotFoundError"),
        ("unknown parameter", bundleJSON(rules: rule("always", "always", "STOP", [("foo", "1")])), "InvalidParameterError"),
        ("missing required parameter", bundleJSON(rules: rule("vulnerabilities", "package")), "RequiredParameterNotSetError"),
        ("bad enum value", bundleJSON(rules: rule("vulnerabilities", "package", "STOP", [("package_type", "sometimes")])), "ParameterValueInvalidError"),
        ("bad integer", bundleJSON(rules: rule("vulnerabilities", "stale_feed_data", "STOP", [("max_days_since_sync", "two")])), "whole number"),
        ("bad regex", bundleJSON(rules: rule("files", "name_match", "STOP", [("regex", "([a-z")])), "not a valid regular expression"),
        ("bad action", bundleJSON(rules: rule("always", "always", "MAYBE")), "InvalidGateAction"),
        ("eol gate", bundleJSON(rules: rule("anchoresec", "vulnscan")), "EndOfLifedError"),
        ("number as a value", bundleJSON(rules: #"{"gate": "dockerfile", "trigger": "exposed_ports", "action": "STOP", "params": [{"name": "ports", "value": 22}, {"name": "type", "value": "blacklist"}]}"#), "must be a string"),
        ("missing policy of a mapping", Data(#"{"id": "b", "version": "1_0", "policies": [], "mappings": [{"name": "m", "registry": "*", "repository": "*", "image": {"type": "tag", "value": "*"}, "policy_id": "nope", "whitelist_ids": []}]}"#.utf8), "ReferencedObjectNotFoundError"),
        ("duplicate policy ids", Data(#"{"id": "b", "version": "1_0", "policies": [{"id": "p", "version": "1_0", "rules": []}, {"id": "p", "version": "1_0", "rules": []}], "mappings": []}"#.utf8), "DuplicateIdentifierFoundError"),
        ("unsupported version", Data(#"{"id": "b", "version": "9_9", "policies": [], "mappings": []}"#.utf8), "UnsupportedVersionError"),
        ("missing mappings", Data(#"{"id": "b", "version": "1_0", "policies": []}"#.utf8), "mappings is required"),
        ("bad expiry", bundleJSON(rules: "", items: #"{"gate": "always", "trigger_id": "always", "expires_on": "tomorrow"}"#), "RFC 3339"),
        ("too large", Data(count: PolicyBundle.maximumBytes + 1), "the limit is"),
    ]

    @Test("Malformed bundles are refused with a problem that names what is wrong", arguments: invalid)
    func refused(_ name: String, _ json: Data, _ expected: String) {
        do {
            _ = try CompiledBundle(json: json)
            Issue.record("\(name): accepted")
        } catch {
            #expect(error.description.contains(expected), "\(name): \(error.description)")
        }
    }

    @Test("Every problem of a bundle is reported at once")
    func allProblems() {
        let json = bundleJSON(rules: [rule("nosuch", "x"), rule("vulnerabilities", "package")].joined(separator: ","))
        #expect(throws: PolicyError.self) { try CompiledBundle(json: json) }
        let problems = (try? CompiledBundle(json: json)) == nil ? (catchProblems { try CompiledBundle(json: json) }) : []
        #expect(problems.map(\.problemType).sorted() == ["GateNotFoundError", "RequiredParameterNotSetError"])
    }

    @Test("Every active gate and trigger has a spec the policy_spec document lists")
    func specDocument() throws {
        let doc = GateRegistry.specDocument()
        let names = doc.compactMap { $0["name"] as? String }
        for gate in ["always", "dockerfile", "files", "licenses", "metadata", "packages", "passwd_file", "secret_scans", "vulnerabilities",
                     "retrieved_files", "malware", "npms", "ruby_gems", "distro", "tag_drift", "ancestry", "anchoresec"] {
            #expect(names.contains(gate), "\(gate)")
        }
        _ = try JSONSerialization.data(withJSONObject: doc)
    }
}

func catchProblems(_ body: () throws -> Void) -> [ValidationProblem] {
    do { try body() } catch let error as PolicyError { return error.problems } catch {}
    return []
}

@Suite("Selectors")
struct WildcardTests {
    static let cases: [(String, String, Bool)] = [
        ("*", "anything", true), ("docker.io", "docker.io", true), ("docker.io", "quay.io", false),
        ("library/*", "library/debian", true), ("*/debian", "library/debian", true), ("*deb*", "library/debian", true),
        ("lib*ian", "library/debian", true), ("lib*x", "library/debian", false), ("a*a", "a", false),
        ("regexp:[0-9]+\\.[0-9]+", "1.25", true), ("regexp:[0-9]+", "1.25", false),
    ]

    @Test("Wildcards match as Anchore's regexify does", arguments: cases)
    func wildcard(_ pattern: String, _ text: String, _ expected: Bool) {
        #expect(Wildcard(pattern).matches(text) == expected)
    }
}

@Suite("Regular expressions")
struct PatternTests {
    static let literals: [(String, [String])] = [
        (#".*\.pem"#, [".pem"]), (".*/file-30[0-9]*\\.pem", ["/file-30", ".pem"]), ("^/etc/pas+wd$", ["/etc/pas", "wd"]),
        ("abc?d", ["ab"]), ("a|bc", []), ("(?i)secret", []), ("x(abc)yz", ["yz"]), (#"\d+-\w+"#, []), ("[.]pem", ["pem"]),
        ("ab{2}cd", ["cd"]), ("", []),
    ]

    @Test("Required literals are found conservatively", arguments: literals)
    func requiredLiterals(_ pattern: String, _ expected: [String]) {
        #expect(Pattern.requiredLiterals(of: pattern) == expected)
    }

    static let texts = ["/etc/ssl/key.pem", "/etc/passwd", "/etc/passsswd", "/usr/share/data/3/file-30.pem", "abd", "abcd", "xyz", "SECRET", "x.pem.bak", "ü.pem"]

    @Test("The literal prefilter never changes what matches")
    func prefilterAgrees() throws {
        for (pattern, _) in Self.literals where !pattern.isEmpty {
            let compiled = try Pattern(pattern)
            let plain = try NSRegularExpression(pattern: pattern)
            for text in Self.texts {
                let expected = plain.firstMatch(in: text, options: [.anchored], range: NSRange(text.startIndex..., in: text)) != nil
                #expect(compiled.matchesPrefix(of: text) == expected, "\(pattern) on \(text)")
            }
        }
    }
}
