import Engine
import Foundation
import NIOHTTP1
import OCI
import Server
import TestSupport
import Testing

/// VEX through the API, against a live service and the real bookworm minbase image: an account imports an OpenVEX
/// document, its statements take `not_affected` matches out of the findings (shown apart) and annotate the others,
/// the policy verdict follows, another account is untouched, and removing the document undoes it all.
@Suite(.serialized) struct VEXAPITests {
    static func vex(digest: String) -> String {
        """
        {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/bookworm-1", "author": "Security <sec@example.com>",
         "timestamp": "2026-12-01T00:00:00Z", "version": 1, "statements": [
          {"vulnerability": {"name": "CVE-2024-2236"},
           "products": [{"@id": "pkg:oci/bookworm@\(digest.replacingOccurrences(of: ":", with: "%3A"))", "subcomponents": [{"@id": "pkg:deb/debian/libgcrypt20"}]}],
           "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"},
          {"vulnerability": {"name": "CVE-2011-3374"}, "products": [{"@id": "pkg:deb/debian/apt"}], "status": "under_investigation"}]}
        """
    }

    static let bundle = #"{"id": "vex", "version": "1_0", "active": true, "policies": [{"id": "p", "version": "1_0", "rules": [{"gate": "vulnerabilities", "trigger": "package", "action": "STOP", "params": [{"name": "package_type", "value": "all"}, {"name": "severity", "value": "unknown"}, {"name": "severity_comparison", "value": ">="}]}]}], "whitelists": [], "mappings": [{"name": "all", "registry": "*", "repository": "*", "image": {"type": "tag", "value": "*"}, "policy_ids": ["p"], "whitelist_ids": []}]}"#

    @Test func statementsApplyToListingsSummariesAndVerdictsUntilRemoved() async throws {
        try await RegistryServer.withRegistry { registry in
            let tag = "\(registry.host)/vex/bookworm:1"
            let image = try await VulnerabilityAPITests.pushBookworm(tag)
            try await ServiceHarness.with(configure: { configuration in
                configuration.feeds = [
                    FeedSourceConfiguration(name: "debian", driver: .vulnListDebian, url: VulnerabilityAPITests.vulndata.appending(path: "vuln-list-debian-subset/tracker")),
                ]
                configuration.feedSyncIntervalSeconds = 0
            }) { harness in
                let api = harness.api
                _ = try await api.call(.POST, "/v1/system/feeds")
                let digest = image.digest.description
                #expect(try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(tag)"}"#).status == 200)
                _ = try await api.waitForAnalysis(digest)
                func listing() async throws -> (rows: [[String: Any]], suppressed: [[String: Any]]) {
                    let answer = try await api.call(.GET, "/v1/images/\(digest)/vuln/os")
                    return (answer.object["vulnerabilities"] as? [[String: Any]] ?? [], answer.object["vex_suppressed"] as? [[String: Any]] ?? [])
                }
                let before = try await listing()
                #expect(before.suppressed.isEmpty)
                #expect(before.rows.contains { $0["vuln"] as? String == "CVE-2024-2236" })
                #expect(before.rows.allSatisfy { $0["vex"] is NSNull })
                #expect(try await api.call(.POST, "/v1/policies", body: Self.bundle).status == 200)
                func verdictText() async throws -> String {
                    try await api.call(.GET, "/v1/images/\(digest)/check?tag=\(tag)&detail=true").text
                }
                #expect(try await verdictText().contains("CVE-2024-2236"))

                // Import: refused when invalid, stored when valid.
                let bad = try await api.call(.POST, "/v1/vex", body: #"{"@context": "https://openvex.dev/ns/v0.2.0"}"#)
                #expect(bad.status == 400)
                #expect(bad.text.contains("invalid VEX document"), "\(bad.text)")
                let added = try await api.call(.POST, "/v1/vex", body: Self.vex(digest: digest))
                #expect(added.status == 200, "\(added.text)")
                let id = try #require(added.object["id"] as? String)
                #expect(added.object["statements"] as? Int == 2)
                let listed = try await api.call(.GET, "/v1/vex")
                #expect(listed.list.map { $0["id"] as? String } == [id])

                let after = try await listing()
                let gcrypt = try #require(after.suppressed.first { $0["vuln"] as? String == "CVE-2024-2236" }, "\(after.suppressed)")
                #expect((gcrypt["vex"] as? [String: Any])?["status"] as? String == "not_affected")
                #expect((gcrypt["vex"] as? [String: Any])?["justification"] as? String == "vulnerable_code_not_in_execute_path")
                #expect(!after.rows.contains { $0["vuln"] as? String == "CVE-2024-2236" })
                #expect(after.rows.count + after.suppressed.count == before.rows.count)
                let apt = try #require(after.rows.first { $0["vuln"] as? String == "CVE-2011-3374" })
                #expect((apt["vex"] as? [String: Any])?["status"] as? String == "under_investigation")

                // The verdict follows (the account's images are re-evaluated in the background).
                var verdict = ""
                for _ in 0..<100 {
                    verdict = try await verdictText()
                    if !verdict.contains("CVE-2024-2236") { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(!verdict.contains("CVE-2024-2236"), "\(verdict)")

                // Export: the image's matches, with the account's statements.
                let open = try await api.call(.GET, "/v1/images/\(digest)/vex?format=openvex")
                #expect(open.status == 200)
                let statements = open.object["statements"] as? [[String: Any]] ?? []
                // Every match, will-not-fix ones too (`vuln/all?vendor_only=false`, findings and suppressed).
                let all = try await api.call(.GET, "/v1/images/\(digest)/vuln/all?vendor_only=false")
                let allCount = (all.object["vulnerabilities"] as? [Any] ?? []).count + (all.object["vex_suppressed"] as? [Any] ?? []).count
                #expect(statements.count == allCount && allCount > before.rows.count)
                #expect(statements.first { ($0["vulnerability"] as? [String: Any])?["name"] as? String == "CVE-2024-2236" }?["status"] as? String == "not_affected")
                let cdx = try await api.call(.GET, "/v1/images/\(digest)/vex?format=cyclonedx")
                #expect(cdx.object["bomFormat"] as? String == "CycloneDX")
                #expect(try await api.call(.GET, "/v1/images/\(digest)/vex?format=spdx").status == 400)

                // Another account does not see the document.
                #expect(try await api.call(.POST, "/v1/accounts", body: #"{"name": "other", "email": "o@example.com"}"#).status == 200)
                let other = try await api.call(.GET, "/v1/vex", headers: ["x-anchore-account": "other"])
                #expect(other.status == 200 && other.list.isEmpty, "\(other.text)")

                // Removed: everything is as before.
                #expect(try await api.call(.DELETE, "/v1/vex/\(id)").status == 200)
                #expect(try await api.call(.DELETE, "/v1/vex/\(id)").status == 404)
                let removed = try await listing()
                #expect(removed.suppressed.isEmpty && removed.rows.count == before.rows.count)
            }
        }
    }

    /// A vendor's VEX as an `openvex` feed: synced like any feed, applied to every account's matches.
    @Test func anOpenVEXFeedAppliesToEveryAccount() async throws {
        let scratch = FileManager.default.temporaryDirectory.appending(path: "drydock-vexfeed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try #"""
            {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://vendor.example/vex/libgcrypt", "author": "Vendor <psirt@vendor.example>",
             "timestamp": "2026-12-01T00:00:00Z", "version": 1, "statements": [{"vulnerability": {"name": "CVE-2024-2236"},
             "products": [{"@id": "pkg:deb/debian/libgcrypt20"}], "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}
            """#.write(to: scratch.appending(path: "libgcrypt.json"), atomically: true, encoding: .utf8)
        try await RegistryServer.withRegistry { registry in
            let tag = "\(registry.host)/vexfeed/bookworm:1"
            let image = try await VulnerabilityAPITests.pushBookworm(tag)
            try await ServiceHarness.with(configure: { configuration in
                configuration.feeds = [
                    FeedSourceConfiguration(name: "debian", driver: .vulnListDebian, url: VulnerabilityAPITests.vulndata.appending(path: "vuln-list-debian-subset/tracker")),
                    FeedSourceConfiguration(name: "vendor-vex", driver: .openvex, url: scratch),
                ]
                configuration.feedSyncIntervalSeconds = 0
            }) { harness in
                let api = harness.api
                let synced = try await api.call(.POST, "/v1/system/feeds")
                #expect(synced.list.map { $0["status"] as? String } == ["success", "success"], "\(synced.text)")
                let feeds = try await api.call(.GET, "/v1/system/feeds")
                let vendor = feeds.list.first { $0["name"] as? String == "vendor-vex" }
                #expect((vendor?["groups"] as? [[String: Any]])?.first?["record_count"] as? Int == 1, "\(feeds.text)")
                #expect(try await api.call(.POST, "/v1/accounts", body: #"{"name": "other", "email": "o@example.com"}"#).status == 200)
                let digest = image.digest.description
                for account in ["admin", "other"] {
                    let headers = account == "admin" ? [:] : ["x-anchore-account": account]
                    #expect(try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(tag)"}"#, headers: headers).status == 200)
                }
                _ = try await api.waitForAnalysis(digest)
                for account in ["admin", "other"] {
                    let headers = account == "admin" ? [:] : ["x-anchore-account": account]
                    var answer = try await api.call(.GET, "/v1/images/\(digest)/vuln/os", headers: headers)
                    for _ in 0..<100 where answer.status != 200 {
                        try await Task.sleep(for: .milliseconds(100))
                        answer = try await api.call(.GET, "/v1/images/\(digest)/vuln/os", headers: headers)
                    }
                    let rows = answer.object["vulnerabilities"] as? [[String: Any]] ?? []
                    let suppressed = answer.object["vex_suppressed"] as? [[String: Any]] ?? []
                    #expect(!rows.contains { $0["vuln"] as? String == "CVE-2024-2236" }, "\(account): \(answer.text)")
                    let vex = suppressed.first { $0["vuln"] as? String == "CVE-2024-2236" }?["vex"] as? [String: Any]
                    #expect(vex?["document"] as? String == "https://vendor.example/vex/libgcrypt", "\(account)")
                    #expect(vex?["author"] as? String == "Vendor <psirt@vendor.example>")
                }
            }
        }
    }
}
