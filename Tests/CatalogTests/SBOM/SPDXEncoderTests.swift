import Catalog
import Foundation
import OCI
import Testing

@Suite("SPDX 2.3 encoder")
struct SPDXEncoderTests {
    func json(_ analysis: ImageAnalysis) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: SPDXEncoder.encode(analysis)) as? [String: Any])
    }

    func package(named name: String, in document: [String: Any]) throws -> [String: Any] {
        let packages = try #require(document["packages"] as? [[String: Any]])
        return try #require(packages.first { $0["name"] as? String == name }, "no package \(name)")
    }

    @Test func documentHeader() throws {
        let document = try json(SBOMFixtures.debian)
        #expect(document["spdxVersion"] as? String == "SPDX-2.3")
        #expect(document["dataLicense"] as? String == "CC0-1.0")
        #expect(document["SPDXID"] as? String == "SPDXRef-DOCUMENT")
        #expect(document["name"] as? String == "docker.io/library/nginx:1.25")
        let namespace = try #require(document["documentNamespace"] as? String)
        #expect(namespace.hasPrefix("https://drydock.invalid/spdx/docker.io-library-nginx-"))
        #expect(!namespace.contains("#"))
        let creation = try #require(document["creationInfo"] as? [String: Any])
        #expect(creation["created"] as? String == "2024-05-01T12:00:00Z")
        #expect(creation["creators"] as? [String] == ["Tool: drydock-0.1.0"])
    }

    @Test func rootPackageDescribesTheImageAndContainsEverything() throws {
        let document = try json(SBOMFixtures.debian)
        let packages = try #require(document["packages"] as? [[String: Any]])
        let root = packages[0]
        #expect(root["primaryPackagePurpose"] as? String == "CONTAINER")
        #expect(root["versionInfo"] as? String == SBOMFixtures.digest("a").description)
        #expect(root["checksums"] as? [[String: String]] == [
            ["algorithm": "SHA256", "checksumValue": SBOMFixtures.digest("a").encoded]
        ])
        let os = try package(named: "debian", in: document)
        #expect(os["primaryPackagePurpose"] as? String == "OPERATING-SYSTEM")
        let relationships = try #require(document["relationships"] as? [[String: String]])
        let rootID = try #require(root["SPDXID"] as? String)
        #expect(relationships.first == [
            "spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": rootID,
        ])
        let contained = relationships.filter { $0["relationshipType"] == "CONTAINS" && $0["spdxElementId"] == rootID }
        #expect(Set(contained.compactMap { $0["relatedSpdxElement"] }) == Set(packages.dropFirst().compactMap {
            $0["SPDXID"] as? String
        }))
        #expect(contained.count == packages.count - 1)
    }

    @Test func emptyImageHasOnlyTheRootPackage() throws {
        let document = try json(SBOMFixtures.empty)
        #expect((document["packages"] as? [Any])?.count == 1)
        #expect((document["relationships"] as? [Any])?.count == 1)
        #expect(document["hasExtractedLicensingInfos"] == nil)
    }

    @Test("licenseDeclared is an SPDX expression with LicenseRefs for unknown names", arguments: [
        ("libc6", "LGPL-2.1-or-later AND GPL-2.0-only AND LicenseRef-public-domain"),
        ("perl-base", "(GPL-1.0-or-later OR LicenseRef-Artistic) AND Artistic-2.0 AND MIT AND BSD-3-Clause"),
        ("bash", "GPL-3.0-or-later AND BSD-4-Clause-UC AND GPL-3.0-or-later WITH Bison-exception-2.2"),
        ("tzdata", "NOASSERTION"),
    ])
    func debianLicenses(name: String, expected: String) throws {
        #expect(try package(named: name, in: json(SBOMFixtures.debian))["licenseDeclared"] as? String == expected)
    }

    @Test func licenseRefsAreDistinctAndDeclared() throws {
        let document = try json(SBOMFixtures.tricky)
        #expect(try package(named: "My Package", in: document)["licenseDeclared"] as? String == "LicenseRef-custom")
        #expect(try package(named: "custom-too", in: document)["licenseDeclared"] as? String == """
            LicenseRef-Custom-2 AND LicenseRef-custom AND LicenseRef-Some-License AND LicenseRef-Some-License-2 \
            AND LicenseRef-acme AND Apache-2.0
            """)
        let infos = try #require(document["hasExtractedLicensingInfos"] as? [[String: Any]])
        let names = Dictionary(uniqueKeysWithValues: infos.compactMap { info in
            (info["licenseId"] as? String).map { ($0, info["extractedText"] as? String ?? "") }
        })
        #expect(names["LicenseRef-Custom-2"] == "Custom")
        #expect(names["LicenseRef-Some-License-2"] == "Some License")
        #expect(names["LicenseRef-unbalanced"] == "(unbalanced")
        #expect(infos.count == names.count)
    }

    @Test func packageIDsAreValidUniqueAndCarryPurls() throws {
        let document = try json(SBOMFixtures.tricky)
        let packages = try #require(document["packages"] as? [[String: Any]])
        let ids = packages.compactMap { $0["SPDXID"] as? String }
        #expect(ids.count == packages.count)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.wholeMatch(of: /SPDXRef-[A-Za-z0-9.\-]+/) != nil })
        let babel = try package(named: "@babel/core", in: document)
        #expect((babel["SPDXID"] as? String)?.hasPrefix("SPDXRef-Package-npm-babel-core-") == true)
        #expect(babel["externalRefs"] as? [[String: String]] == [[
            "referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
            "referenceLocator": "pkg:npm/%40babel/core@7.24.0",
        ]])
        #expect(try package(named: "café ☕ / tool", in: document)["externalRefs"] == nil)
    }

    @Test func outputIsDeterministic() throws {
        for fixture in SBOMFixtures.all {
            #expect(try SPDXEncoder.encode(fixture.analysis) == SPDXEncoder.encode(fixture.analysis))
        }
    }

    @Test func sha512ManifestDigestGivesSHA512Checksum() throws {
        var analysis = SBOMFixtures.empty
        analysis.source.manifestDigest = SBOMFixtures.digest("e", algorithm: .sha512)
        let root = try #require((try json(analysis)["packages"] as? [[String: Any]])?.first)
        #expect((root["checksums"] as? [[String: String]])?.first?["algorithm"] == "SHA512")
    }
}
