import Foundation
@testable import Policy
import Testing

@Suite("Evaluation: mappings, allowlists, image lists")
struct EvaluationTests {
    static let vulns = GateTests.vulns
    static let stopHigh = rule("vulnerabilities", "package", "STOP", [("package_type", "all"), ("severity", "high"), ("severity_comparison", ">=")])

    @Test("An allowlisted match stays in the rows with action go and the allowlist named")
    func allowlist() throws {
        let result = try evaluate([Self.stopHigh], items: #"{"id": "i1", "gate": "vulnerabilities", "trigger_id": "CVE-2024-1+openssl"}"#, makeInput(vulnerabilities: Self.vulns))
        #expect(result.rows.count == 1)
        #expect(result.rows[0].action == .go)
        #expect(result.rows[0].allowlisted?.allowlistName == "Allowed")
        #expect(result.finalAction == .go)
    }

    @Test("Allowlist items match trigger ids by pattern, per gate, until they expire")
    func allowlistPatterns() throws {
        let input = makeInput(vulnerabilities: Self.vulns)
        #expect(try evaluate([Self.stopHigh], items: #"{"gate": "vulnerabilities", "trigger_id": "CVE-2024-1+*"}"#, input).finalAction == .go)
        #expect(try evaluate([Self.stopHigh], items: #"{"gate": "VULNERABILITIES", "trigger_id": "*"}"#, input).finalAction == .go)
        #expect(try evaluate([Self.stopHigh], items: #"{"gate": "dockerfile", "trigger_id": "*"}"#, input).finalAction == .stop)
        #expect(try evaluate([Self.stopHigh], items: #"{"gate": "vulnerabilities", "trigger_id": "*", "expires_on": "2020-01-01T00:00:00Z"}"#, input).finalAction == .stop)
        #expect(try evaluate([Self.stopHigh], items: #"{"gate": "vulnerabilities", "trigger_id": "*", "expires_on": "2099-01-01T00:00:00Z"}"#, input).finalAction == .go)
    }

    @Test("The first matching item of the allowlist wins, exact or pattern; expired items are skipped")
    func allowlistOrder() throws {
        let input = makeInput(vulnerabilities: Self.vulns)
        func matched(_ items: String) throws -> String? {
            try evaluate([Self.stopHigh], items: items, input).rows.first?.allowlisted?.itemID
        }
        #expect(try matched(#"{"id": "p", "gate": "vulnerabilities", "trigger_id": "CVE-2024-1+*"}, {"id": "e", "gate": "vulnerabilities", "trigger_id": "CVE-2024-1+openssl"}"#) == "p")
        #expect(try matched(#"{"id": "e", "gate": "vulnerabilities", "trigger_id": "CVE-2024-1+openssl"}, {"id": "p", "gate": "vulnerabilities", "trigger_id": "CVE-2024-1+*"}"#) == "e")
        #expect(try matched(#"{"id": "old", "gate": "vulnerabilities", "trigger_id": "CVE-2024-1+openssl", "expires_on": "2020-01-01T00:00:00Z"}, {"id": "p", "gate": "vulnerabilities", "trigger_id": "regexp:CVE-2024-[0-9]+[+]openssl"}"#) == "p")
        // A thousand items: still found, by exact id.
        let many = (0..<1000).map { #"{"id": "i\#($0)", "gate": "vulnerabilities", "trigger_id": "CVE-2000-\#($0)+x"}"# }.joined(separator: ",")
        #expect(try matched(many + #", {"id": "last", "gate": "vulnerabilities", "trigger_id": "CVE-2024-1+openssl"}"#) == "last")
    }

    @Test("The least action decides: stop < warn < go")
    func decision() throws {
        let input = makeInput()
        #expect(try evaluate([rule("always", "always", "WARN")], input).finalAction == .warn)
        #expect(try evaluate([rule("always", "always", "GO")], input).finalAction == .go)
        #expect(try evaluate([rule("always", "always", "GO"), rule("malware", "scan_not_run", "STOP")], input).finalAction == .stop)
        #expect(try evaluate([], input).finalAction == .go)
    }

    static let images = #", "whitelisted_images": [{"name": "ok", "registry": "*", "repository": "library/app", "image": {"type": "tag", "value": "1.*"}}]"#
    static let denied = #", "blacklisted_images": [{"name": "no", "registry": "docker.io", "repository": "*", "image": {"type": "digest", "value": "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}}]"#

    @Test("Allowlisted images pass and denylisted images fail whatever the rules say; the deny list wins")
    func imageLists() throws {
        let input = makeInput()
        let allowed = try evaluate([rule("always", "always")], extra: Self.images, input)
        #expect(allowed.finalAction == .go)
        #expect(allowed.reason == .allowlisted)
        #expect(allowed.policyFinalAction == .stop)
        let denied = try evaluate([], extra: Self.images + Self.denied, input)
        #expect(denied.finalAction == .stop)
        #expect(denied.reason == .denylisted)
    }

    @Test("Mappings: the first that matches applies; none means go")
    func mappings() throws {
        let json = Data(#"""
        {"id": "b", "version": "1_0",
         "policies": [{"id": "strict", "version": "1_0", "rules": [{"gate": "always", "trigger": "always", "action": "STOP"}]},
                      {"id": "lax", "version": "1_0", "rules": [{"gate": "always", "trigger": "always", "action": "WARN"}]}],
         "mappings": [{"name": "prod", "registry": "docker.io", "repository": "library/*", "image": {"type": "tag", "value": "prod-*"}, "policy_ids": ["strict"], "whitelist_ids": []},
                      {"name": "ids", "registry": "*", "repository": "*", "image": {"type": "id", "value": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "policy_ids": ["lax"], "whitelist_ids": []},
                      {"name": "none", "registry": "quay.io", "repository": "*", "image": {"type": "tag", "value": "*"}, "policy_ids": ["strict"], "whitelist_ids": []}]}
        """#.utf8)
        let compiled = try CompiledBundle(json: json)
        let prod = makeInput(tag: .init(registry: "docker.io", repository: "library/app", tag: "prod-1"))
        #expect(compiled.evaluate(prod, now: now).finalAction == .stop)
        #expect(compiled.evaluate(prod, now: now).matchedMapping?.name == "prod")
        #expect(compiled.evaluate(makeInput(), now: now).matchedMapping?.name == "ids")
        #expect(compiled.evaluate(makeInput(), now: now).finalAction == .warn)
        let other = makeInput(tag: .init(registry: "ghcr.io", repository: "x/y", tag: "1"))
        var unmatched = other
        unmatched.imageID = String(repeating: "f", count: 64)
        #expect(compiled.evaluate(unmatched, now: now).matchedMapping == nil)
        #expect(compiled.evaluate(unmatched, now: now).finalAction == .go)
    }

    @Test("The evaluation document has Anchore's shape and serializes")
    func document() throws {
        let result = try evaluate([Self.stopHigh], makeInput(vulnerabilities: Self.vulns))
        let json = result.documentJSON(account: "admin", bundle: Data(#"{"id": "b1"}"#.utf8))
        let doc = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect((doc["bundle"] as? [String: Any])?["id"] as? String == "b1")
        #expect((doc["matched_mapping_rule"] as? [String: Any])?["name"] as? String == "all")
        #expect(doc["matched_blacklisted_images_rule"] as? Bool == false)
        let table = ((doc["result"] as? [String: Any])?[result.imageID] as? [String: Any])?["result"] as? [String: Any]
        #expect(table?["header"] as? [String] == PolicyEvaluation.header)
        let rows = table?["rows"] as? [[Any]]
        #expect(rows?.first?[3] as? String == "vulnerabilities")
        #expect(rows?.first?[6] as? String == "stop")
        #expect(rows?.first?[7] as? Bool == false)
        #expect(doc["final_action"] as? String == "stop")
        #expect(doc["status"] as? String == "fail")
        #expect((table?["rule_ids"] as? [String])?.first == "r-vulnerabilities-package")
    }
}
