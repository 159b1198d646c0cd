import Foundation
import Testing
import Vulnerabilities

/// OpenVEX documents (real examples in `Fixtures/openvex`): parsed, validated, and applied to matches by
/// vulnerability id or alias, image digest and package URL; the image's matches exported back as OpenVEX and CycloneDX.
@Suite struct OpenVEXTests {
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/openvex")
    static let alpineImage = "sha256:124c7d2707904eea7431fffe91522a01e5a861a624ee31d03372cc1d138a3126"

    static func document(_ file: String) throws -> OpenVEXDocument {
        try OpenVEXDocument.parse(try Data(contentsOf: directory.appending(path: file)))
    }

    static func match(_ id: String, aliases: [String] = [], package: String, version: String, type: String = "APKG", namespace: String = "alpine:3.17") -> VulnerabilityMatch {
        VulnerabilityMatch(
            id: id, aliases: aliases, packageName: package, packageVersion: version, packageType: type, packagePath: "pkgdb",
            fixedVersions: [], fixState: .notFixed, fixStateDetail: nil, severity: "High", url: "https://example.invalid/\(id)",
            namespace: namespace, feed: "alpine", nvd: [], vendor: [])
    }

    @Test func realDocumentsParse() throws {
        let demo = try Self.document("openvex-demo1.json")
        #expect(demo.author == "The OpenVEX Project <openvex@openssf.org>")
        #expect(demo.statements.count == 1)
        let statement = try #require(demo.statements.first)
        #expect(statement.vulnerability == "CVE-2023-1255")
        #expect(statement.status == .fixed)
        #expect(statement.timestamp == demo.timestamp)
        #expect(statement.products.first?.subcomponents == ["pkg:apk/alpine/libssl3@3.0.8-r3", "pkg:apk/alpine/libcrypto3@3.0.8-r3"])
    }

    @Test func statementsApplyByImageSubcomponentAndPackage() throws {
        let statements = VEXStatements([("demo1", try Self.document("openvex-demo1.json"))])
        // The image and one of its named subcomponents: applies (the digest was encoded twice in the document).
        let libssl = Self.match("CVE-2023-1255", package: "libssl3", version: "3.0.8-r3")
        #expect(statements.assessment(for: libssl, image: Self.alpineImage)?.statement.status == .fixed)
        #expect(statements.assessment(for: libssl, image: Self.alpineImage)?.document == "demo1")
        // Another image, another version, another package, another vulnerability: no.
        #expect(statements.assessment(for: libssl, image: "sha256:" + String(repeating: "0", count: 64)) == nil)
        #expect(statements.assessment(for: Self.match("CVE-2023-1255", package: "libssl3", version: "3.0.8-r4"), image: Self.alpineImage) == nil)
        #expect(statements.assessment(for: Self.match("CVE-2023-1255", package: "musl", version: "1.2.3-r4"), image: Self.alpineImage) == nil)
        #expect(statements.assessment(for: Self.match("CVE-2023-0464", package: "libssl3", version: "3.0.8-r3"), image: Self.alpineImage) == nil)
        // Named by an alias of the match.
        let aliased = Self.match("ALPINE-2023-1", aliases: ["CVE-2023-1255"], package: "libcrypto3", version: "3.0.8-r3")
        #expect(statements.assessment(for: aliased, image: Self.alpineImage) != nil)

        // A whole image, no subcomponents: every package of that image.
        let debian = VEXStatements([("debian", try Self.document("openvex-debian.json"))])
        let bash = Self.match("CVE-2014-fake-1", package: "bash", version: "5.2.15-2", type: "dpkg", namespace: "debian:12")
        #expect(debian.assessment(for: bash, image: Self.alpineImage)?.statement.status == .fixed)
        // A package product: that package in any image.
        let package = VEXStatements([("package", try Self.document("openvex-package-product.json"))])
        let crypto = Self.match("CVE-2023-1255", package: "libcrypto3", version: "3.0.8-r3")
        #expect(package.assessment(for: crypto, image: "sha256:" + String(repeating: "a", count: 64)) != nil)
    }

    /// Canonical's Ubuntu VEX (the `metadata` shape): its won't-fix `affected` statement annotates the xenial package,
    /// its `not_affected` one takes the bionic package out; other versions are untouched (the products are versioned).
    @Test func canonicalsUbuntuVEXApplies() throws {
        let document = try Self.document("canonical-CVE-2024-0410.json")
        #expect(document.author == "Canonical Ltd.")
        #expect(document.version == 3)
        #expect(document.statements.map(\.status) == [.affected, .notAffected])
        #expect(document.statements[1].justification == "component_not_present")
        let statements = VEXStatements([("ubuntu", document)])
        func gitlab(_ version: String, _ namespace: String) -> VulnerabilityMatch {
            Self.match("CVE-2024-0410", package: "gitlab", version: version, type: "dpkg", namespace: namespace)
        }
        let xenial = try #require(statements.assessment(for: gitlab("8.5.8+dfsg-5", "ubuntu:16.04"), image: Self.alpineImage))
        #expect(xenial.statement.status == .affected && !xenial.statement.status.suppresses)
        #expect(xenial.statement.actionStatement?.contains("decided to not fix it") == true)
        #expect(statements.assessment(for: gitlab("8.13.11+dfsg1-12", "ubuntu:18.04"), image: Self.alpineImage)?.statement.status == .notAffected)
        #expect(statements.assessment(for: gitlab("8.13.11+dfsg1-13", "ubuntu:18.04"), image: Self.alpineImage) == nil)
    }

    static let statementTemplate = """
        {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1", "author": "Security <sec@example.com>",
         "timestamp": "2026-12-01T00:00:00Z", "version": 2,
         "statements": [STATEMENTS]}
        """

    static func custom(_ statements: String) throws -> OpenVEXDocument {
        try OpenVEXDocument.parse(Data(statementTemplate.replacingOccurrences(of: "STATEMENTS", with: statements).utf8))
    }

    @Test func theLatestStatementWinsAndLanguagePackagesMatchByPurl() throws {
        let document = try Self.custom("""
            {"vulnerability": {"name": "GHSA-xxxx-yyyy-zzzz", "aliases": ["CVE-2024-1"]}, "products": [{"@id": "pkg:pypi/Django@4.2.1"}],
             "status": "under_investigation", "timestamp": "2026-12-01T00:00:00Z"},
            {"vulnerability": {"name": "CVE-2024-1"}, "products": [{"@id": "pkg:pypi/django"}],
             "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path", "timestamp": "2026-12-02T00:00:00Z"}
            """)
        #expect(document.version == 2)
        let statements = VEXStatements([("doc", document)])
        let django = Self.match("GHSA-xxxx-yyyy-zzzz", aliases: ["CVE-2024-1"], package: "django", version: "4.2.1", type: "python", namespace: "pypi")
        let assessment = try #require(statements.assessment(for: django, image: Self.alpineImage))
        #expect(assessment.statement.status == .notAffected)
        #expect(assessment.statement.status.suppresses)
        #expect(assessment.statement.justification == "vulnerable_code_not_in_execute_path")
        #expect(!VEXStatus.underInvestigation.suppresses && !VEXStatus.affected.suppresses && VEXStatus.fixed.suppresses)
    }

    @Test(arguments: [
        ("[]", "must be a JSON object"),
        ("{\"@context\": \"https://example.com\"}", "not an OpenVEX document"),
        (statementTemplate.replacingOccurrences(of: "STATEMENTS", with: "{\"vulnerability\": {}, \"products\": [{\"@id\": \"pkg:npm/x\"}], \"status\": \"fixed\"}"), "no `name`"),
        (statementTemplate.replacingOccurrences(of: "STATEMENTS", with: "{\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": [{\"@id\": \"pkg:npm/x\"}], \"status\": \"fine\"}"), "`status` must be one of"),
        (statementTemplate.replacingOccurrences(of: "STATEMENTS", with: "{\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": [], \"status\": \"fixed\"}"), "at least one product"),
        (statementTemplate.replacingOccurrences(of: "STATEMENTS", with: "{\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": [{\"@id\": \"pkg:npm/x\"}], \"status\": \"not_affected\"}"), "needs a `justification`"),
        (statementTemplate.replacingOccurrences(of: "STATEMENTS", with: "{\"vulnerability\": {\"name\": \"CVE-1\"}, \"products\": [{\"@id\": \"pkg:npm/x\"}], \"status\": \"not_affected\", \"justification\": \"trust_me\"}"), "not an OpenVEX justification"),
        ("{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"@id\": \"x\", \"author\": \"a\", \"timestamp\": \"t\"", "not valid JSON"),
    ])
    func invalidDocumentsAreRefusedWithTheReason(input: String, message: String) {
        #expect {
            try OpenVEXDocument.parse(Data(input.utf8))
        } throws: { error in
            ((error as? FeedError)?.message ?? "").contains(message)
        }
    }

    @Test func exportsNameTheImageAndEachPackage() throws {
        let statements = VEXStatements([("demo1", try Self.document("openvex-demo1.json"))])
        let matches = [
            Self.match("CVE-2023-1255", package: "libssl3", version: "3.0.8-r3"),
            Self.match("CVE-2023-0464", aliases: ["GHSA-aaaa"], package: "libssl3", version: "3.0.8-r3"),
        ]
        let items = matches.map { VEXExport.Item(match: $0, assessment: statements.assessment(for: $0, image: Self.alpineImage)) }
        let open = VEXExport.openVEX(digest: Self.alpineImage, repository: "docker.io/library/alpine", items: items, timestamp: "2026-12-07T00:00:00Z", author: "Drydock")
        #expect(open["@context"] as? String == "https://openvex.dev/ns/v0.2.0")
        let exported = try #require(open["statements"] as? [[String: Any]])
        #expect(exported.map { $0["status"] as? String } == ["fixed", "affected"])
        let products = try #require(exported.first?["products"] as? [[String: Any]])
        #expect(products.first?["@id"] as? String == "pkg:oci/alpine@sha256%3A124c7d2707904eea7431fffe91522a01e5a861a624ee31d03372cc1d138a3126")
        #expect((products.first?["subcomponents"] as? [[String: Any]])?.first?["@id"] as? String == "pkg:apk/alpine/libssl3@3.0.8-r3")
        #expect((exported[1]["action_statement"] as? String)?.hasPrefix("No fix is available") == true)
        // What Drydock exports, Drydock reads back: the same statements apply to the same matches.
        let data = try JSONSerialization.data(withJSONObject: open)
        let reread = VEXStatements([("export", try OpenVEXDocument.parse(data))])
        #expect(reread.assessment(for: matches[0], image: Self.alpineImage)?.statement.status == .fixed)
        #expect(reread.assessment(for: matches[1], image: Self.alpineImage)?.statement.status == .affected)

        let cdx = VEXExport.cycloneDX(digest: Self.alpineImage, repository: "docker.io/library/alpine", items: items, timestamp: "2026-12-07T00:00:00Z", serial: UUID())
        #expect(cdx["bomFormat"] as? String == "CycloneDX" && cdx["specVersion"] as? String == "1.5")
        let vulnerabilities = try #require(cdx["vulnerabilities"] as? [[String: Any]])
        #expect((vulnerabilities[0]["analysis"] as? [String: Any])?["state"] as? String == "resolved")
        #expect(vulnerabilities[1]["analysis"] == nil)
        #expect((cdx["components"] as? [[String: Any]])?.count == 1)
    }
}
