import Foundation
import Testing
import Vulnerabilities

@Suite struct CSAFFeedTests {
    static let advisories = "anchore-vunnel-fixtures/tests/unit/providers/rhel/test-fixtures/csaf/advisories"

    static let python39 = VulnerabilityRecord(
        namespace: "rhel:9", id: "CVE-2024-8088", aliases: ["RHSA-2024:6163"], packageName: "python3.9",
        versionScheme: "rpm", fixedVersions: ["0:3.9.18-3.el9_4.5"], fixState: .fixed,
        severity: Severity(vendor: "moderate", cvss: [
            CVSSScore(type: "CVSS_V3", vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:N/I:N/A:H", score: 5.3),
        ]),
        description: "A flaw was found in Python's zipfile module. When iterating over the entries of a zip archive, the process can enter into an infinite loop state and become unresponsive. This flaw allows an attacker to craft a malicious ZIP archive, leading to a denial of service from the application consuming the zipfile module. Only applications that handle user-controlled zip archives are affected by this vulnerability.",
        links: [
            "https://access.redhat.com/security/cve/CVE-2024-8088",
            "https://bugzilla.redhat.com/show_bug.cgi?id=2307370",
            "https://www.cve.org/CVERecord?id=CVE-2024-8088",
            "https://nvd.nist.gov/vuln/detail/CVE-2024-8088",
            "https://github.com/python/cpython/commit/795f2597a4be988e2bb19b69ff9958e981cb894e",
            "https://github.com/python/cpython/commit/8c7348939d8a3ecd79d630075f6be1b0c5b41f64",
            "https://github.com/python/cpython/commit/dcc5182f27c1500006a1ef78e10613bb45788dea",
            "https://github.com/python/cpython/issues/122905",
            "https://github.com/python/cpython/pull/122906",
            "https://mail.python.org/archives/list/security-announce@python.org/thread/GNFCKVI4TCATKQLALJ5SN4L4CSPSMILU/",
            "https://access.redhat.com/errata/RHSA-2024:6163",
        ],
        source: FeedSource(feed: "csaf", group: "2024/rhsa-2024_6163.json")
    )

    @Test func rhsa20246163IsOneRecordForTheSourceRPM() throws {
        // Three products (AppStream, BaseOS, CRB of RHEL 9) fix the same python3.9 source rpm: one record.
        let result = try CSAFFeed.parse(
            try Fixtures.data("\(Self.advisories)/2024/rhsa-2024_6163.json"), name: "2024/rhsa-2024_6163.json")
        #expect(result.skipped.isEmpty)
        #expect(result.records == [Self.python39])
    }

    @Test func directoryNamesGroupsByRelativePath() throws {
        let result = try CSAFFeed.parse(directory: try Fixtures.url(Self.advisories))
        #expect(result.records == [Self.python39])
        #expect(result.skipped.isEmpty)
    }

    /// A VEX-shaped document: RHEL 8 and 9 platforms, an EUS platform, a layered product (OpenShift), a module stream,
    /// binary and source rpms.
    static let vex = """
    {"document": {"tracking": {"id": "CVE-2099-1000"}, "references": [
       {"category": "self", "url": "https://security.access.redhat.com/data/csaf/v2/vex/2099/cve-2099-1000.json"}]},
     "product_tree": {"branches": [{"category": "vendor", "name": "Red Hat", "branches": [
       {"category": "product_family", "branches": [
         {"category": "product_name", "product": {"product_id": "red_hat_enterprise_linux_8", "product_identification_helper": {"cpe": "cpe:/o:redhat:enterprise_linux:8"}}},
         {"category": "product_name", "product": {"product_id": "red_hat_enterprise_linux_9", "product_identification_helper": {"cpe": "cpe:/o:redhat:enterprise_linux:9"}}},
         {"category": "product_name", "product": {"product_id": "AppStream-8.10.0.Z.MAIN", "product_identification_helper": {"cpe": "cpe:/a:redhat:enterprise_linux:8::appstream"}}},
         {"category": "product_name", "product": {"product_id": "BaseOS-9.2.0.Z.EUS", "product_identification_helper": {"cpe": "cpe:/o:redhat:rhel_eus:9.2::baseos"}}},
         {"category": "product_name", "product": {"product_id": "9Base-RHOSE-4.12", "product_identification_helper": {"cpe": "cpe:/a:redhat:openshift:4.12::el9"}}}]},
       {"category": "product_version", "product": {"product_id": "libfoo", "product_identification_helper": {"purl": "pkg:rpm/redhat/libfoo?arch=src"}}},
       {"category": "product_version", "product": {"product_id": "barutils", "product_identification_helper": {"purl": "pkg:rpm/redhat/barutils?arch=src"}}},
       {"category": "product_version", "product": {"product_id": "quux", "product_identification_helper": {"purl": "pkg:rpm/redhat/quux?arch=src"}}},
       {"category": "product_version", "product": {"product_id": "libfoo-1:2.0-3.el9.src"}},
       {"category": "product_version", "product": {"product_id": "libfoo-1:2.0-3.el9.x86_64"}},
       {"category": "product_version", "product": {"product_id": "nodejs:20:8100020240807161023:a6b9a9a2"}},
       {"category": "product_version", "product": {"product_id": "nodejs-1:20.16.0-1.module+el8.10.0+22185+d2f8c2d4.src",
          "product_identification_helper": {"purl": "pkg:rpm/redhat/nodejs@20.16.0-1.module%2Bel8.10.0%2B22185%2Bd2f8c2d4?arch=src&epoch=1"}}}]}],
     "relationships": [
       {"full_product_name": {"product_id": "red_hat_enterprise_linux_8:libfoo"}, "product_reference": "libfoo", "relates_to_product_reference": "red_hat_enterprise_linux_8"},
       {"full_product_name": {"product_id": "red_hat_enterprise_linux_8:barutils"}, "product_reference": "barutils", "relates_to_product_reference": "red_hat_enterprise_linux_8"},
       {"full_product_name": {"product_id": "red_hat_enterprise_linux_8:quux"}, "product_reference": "quux", "relates_to_product_reference": "red_hat_enterprise_linux_8"},
       {"full_product_name": {"product_id": "red_hat_enterprise_linux_9:libfoo-1:2.0-3.el9.src"}, "product_reference": "libfoo-1:2.0-3.el9.src", "relates_to_product_reference": "red_hat_enterprise_linux_9"},
       {"full_product_name": {"product_id": "red_hat_enterprise_linux_9:libfoo-1:2.0-3.el9.x86_64"}, "product_reference": "libfoo-1:2.0-3.el9.x86_64", "relates_to_product_reference": "red_hat_enterprise_linux_9"},
       {"full_product_name": {"product_id": "BaseOS-9.2.0.Z.EUS:libfoo"}, "product_reference": "libfoo", "relates_to_product_reference": "BaseOS-9.2.0.Z.EUS"},
       {"full_product_name": {"product_id": "9Base-RHOSE-4.12:libfoo"}, "product_reference": "libfoo", "relates_to_product_reference": "9Base-RHOSE-4.12"},
       {"full_product_name": {"product_id": "AppStream-8.10.0.Z.MAIN:nodejs:20:8100020240807161023:a6b9a9a2"}, "product_reference": "nodejs:20:8100020240807161023:a6b9a9a2", "relates_to_product_reference": "AppStream-8.10.0.Z.MAIN"},
       {"full_product_name": {"product_id": "AppStream-8.10.0.Z.MAIN:nodejs:20:8100020240807161023:a6b9a9a2:nodejs-1:20.16.0-1.module+el8.10.0+22185+d2f8c2d4.src"},
        "product_reference": "nodejs-1:20.16.0-1.module+el8.10.0+22185+d2f8c2d4.src", "relates_to_product_reference": "AppStream-8.10.0.Z.MAIN:nodejs:20:8100020240807161023:a6b9a9a2"}]},
     "vulnerabilities": [
       {"cve": "CVE-2099-1000",
        "notes": [{"category": "summary", "text": "libfoo: overflow"}],
        "product_status": {
          "fixed": ["red_hat_enterprise_linux_9:libfoo-1:2.0-3.el9.src", "red_hat_enterprise_linux_9:libfoo-1:2.0-3.el9.x86_64",
                    "AppStream-8.10.0.Z.MAIN:nodejs:20:8100020240807161023:a6b9a9a2:nodejs-1:20.16.0-1.module+el8.10.0+22185+d2f8c2d4.src"],
          "known_affected": ["red_hat_enterprise_linux_8:libfoo", "red_hat_enterprise_linux_8:barutils", "BaseOS-9.2.0.Z.EUS:libfoo"],
          "known_not_affected": ["red_hat_enterprise_linux_8:quux"]},
        "remediations": [
          {"category": "vendor_fix", "url": "https://access.redhat.com/errata/RHSA-2099:0042",
           "product_ids": ["red_hat_enterprise_linux_9:libfoo-1:2.0-3.el9.src", "red_hat_enterprise_linux_9:libfoo-1:2.0-3.el9.x86_64"]},
          {"category": "no_fix_planned", "details": "Will not fix", "product_ids": ["red_hat_enterprise_linux_8:libfoo"]},
          {"category": "none_available", "details": "Affected", "product_ids": ["red_hat_enterprise_linux_8:barutils"]}],
        "threats": [{"category": "impact", "details": "Important", "product_ids": ["red_hat_enterprise_linux_9:libfoo-1:2.0-3.el9.src"]},
                    {"category": "impact", "details": "Low"}],
        "scores": [{"cvss_v3": {"baseScore": 7.5, "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"},
                    "products": ["red_hat_enterprise_linux_9:libfoo-1:2.0-3.el9.src"]}]},
       {"title": "no cve here", "product_status": {"fixed": ["red_hat_enterprise_linux_9:libfoo-1:2.0-3.el9.src"]}},
       {"cve": "CVE-2099-1001", "product_status": {"known_affected": ["BaseOS-9.2.0.Z.EUS:libfoo"]}},
       {"cve": "CVE-2099-1002", "product_status": {"known_affected": ["9Base-RHOSE-4.12:libfoo"]}}]}
    """

    @Test func vexStatesPlatformsAndModules() throws {
        let result = try CSAFFeed.parse(Data(Self.vex.utf8), name: "vex/2099/cve-2099-1000.json")
        let summary = result.records.map { "\($0.namespace) \($0.packageName) \($0.fixState.rawValue) \($0.fixedVersions) \($0.fixStateDetail ?? "-")" }
        #expect(summary == [
            "rhel:9 libfoo fixed [\"1:2.0-3.el9\"] -",
            "rhel:8 nodejs fixed [\"1:20.16.0-1.module+el8.10.0+22185+d2f8c2d4\"] -",
            "rhel:8 libfoo wont-fix [] Will not fix",
            "rhel:8 barutils not-fixed [] Affected",
            // An extended-support stream's product is that stream's namespace.
            "rhel:9.2+eus libfoo not-fixed [] -",
            "rhel:8 quux not-affected [] -",
            "rhel:9.2+eus libfoo not-fixed [] -",
        ])
        // The nodejs fix is the `nodejs:20` stream's (its platform is the module on AppStream); libfoo is in no module.
        #expect(result.records.map(\.module) == [nil, "nodejs:20", nil, nil, nil, nil, nil])
        let fixed = try #require(result.records.first)
        #expect(fixed.id == "CVE-2099-1000")
        #expect(fixed.aliases == ["RHSA-2099:0042"])
        #expect(fixed.versionScheme == "rpm")
        #expect(fixed.description == "libfoo: overflow")
        #expect(fixed.severity == Severity(vendor: "important", cvss: [
            CVSSScore(type: "CVSS_V3", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", score: 7.5),
        ]))
        #expect(fixed.links.isEmpty)  // the document's only `self` reference is the CSAF file itself
        #expect(fixed.source == FeedSource(feed: "csaf", group: "vex/2099/cve-2099-1000.json"))
        // Products without their own impact threat take the general one; no score names them.
        let wontFix = result.records[2]
        #expect(wontFix.severity == Severity(vendor: "low"))
        #expect(wontFix.aliases.isEmpty)
        #expect(result.skipped.map(\.description) == [
            "vex/2099/cve-2099-1000.json vulnerabilities[1]: no `cve` string",
            "vex/2099/cve-2099-1000.json CVE-2099-1002: no RHEL product: 9Base-RHOSE-4.12:libfoo",
        ])
    }

    @Test(arguments: [
        ("{", "not valid JSON"),
        ("[]", "must be an object, not a list"),
        ("{\"vulnerabilities\": []}", "no `document` object"),
        ("{\"document\": {}, \"vulnerabilities\": 3}", "no `vulnerabilities` list"),
    ])
    func malformedDocumentsThrow(input: String, message: String) {
        let error = #expect(throws: FeedError.self) { try CSAFFeed.parse(Data(input.utf8), name: "x.json") }
        #expect(error?.code == .malformed)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func truncatedFixtureThrowsAndDirectoryRecordsIt() throws {
        let data = try Fixtures.data("\(Self.advisories)/2024/rhsa-2024_6163.json")
        #expect(throws: FeedError.self) { try CSAFFeed.parse(data.prefix(5000), name: "cut.json") }
        let directory = FileManager.default.temporaryDirectory.appending(path: "csaf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try data.prefix(5000).write(to: directory.appending(path: "cut.json"))
        try data.write(to: directory.appending(path: "whole.json"))
        let result = try CSAFFeed.parse(directory: directory)
        #expect(result.records.count == 1)
        #expect(result.records.first?.source.group == "whole.json")
        #expect(result.skipped.map(\.entry) == ["cut.json"])
    }
}
