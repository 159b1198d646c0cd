import Catalog
import Foundation
import OCI
import Testing

@Suite("CycloneDX 1.6 encoder")
struct CycloneDXEncoderTests {
    func json(_ analysis: ImageAnalysis) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: CycloneDXEncoder.encode(analysis)) as? [String: Any])
    }

    func component(named name: String, in document: [String: Any]) throws -> [String: Any] {
        let components = try #require(document["components"] as? [[String: Any]])
        return try #require(components.first { $0["name"] as? String == name }, "no component \(name)")
    }

    @Test func headerAndImageComponent() throws {
        let document = try json(SBOMFixtures.debian)
        #expect(document["bomFormat"] as? String == "CycloneDX")
        #expect(document["specVersion"] as? String == "1.6")
        #expect(document["version"] as? Int == 1)
        let serial = try #require(document["serialNumber"] as? String)
        #expect(serial.wholeMatch(of: /urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
        let metadata = try #require(document["metadata"] as? [String: Any])
        #expect(metadata["timestamp"] as? String == "2024-05-01T12:00:00Z")
        let tools = try #require((metadata["tools"] as? [String: Any])?["components"] as? [[String: Any]])
        #expect(tools.first?["name"] as? String == "drydock")
        #expect(tools.first?["version"] as? String == "0.1.0")
        let image = try #require(metadata["component"] as? [String: Any])
        #expect(image["type"] as? String == "container")
        #expect(image["name"] as? String == "docker.io/library/nginx")
        #expect(image["version"] as? String == SBOMFixtures.digest("a").description)
        #expect((image["purl"] as? String)?.hasPrefix("pkg:oci/nginx@sha256%3Aaaaa") == true)
    }

    @Test func distroIsAnOperatingSystemComponent() throws {
        let os = try component(named: "debian", in: json(SBOMFixtures.debian))
        #expect(os["type"] as? String == "operating-system")
        #expect(os["version"] as? String == "12")
        #expect(os["description"] as? String == "Debian GNU/Linux 12 (bookworm)")
    }

    @Test func packagesCarryPurlLicensesAndDrydockProperties() throws {
        let document = try json(SBOMFixtures.debian)
        let libc = try component(named: "libc6", in: document)
        #expect(libc["type"] as? String == "library")
        #expect(libc["purl"] as? String == "pkg:deb/debian/libc6@2.36-9+deb12u4?arch=arm64&distro=debian-12")
        let licenses = try #require(libc["licenses"] as? [[String: [String: String]]])
        #expect(licenses.map { $0["license"] ?? [:] } == [
            ["id": "LGPL-2.1-or-later"], ["id": "GPL-2.0-only"], ["name": "public-domain"],
        ])
        let properties = try #require(libc["properties"] as? [[String: String]])
        #expect(properties.contains(["name": "drydock:package:layer", "value": "0"]))
        #expect(properties.contains(["name": "drydock:package:location", "value": "/var/lib/dpkg/status"]))
        #expect(properties.contains(["name": "drydock:package:sourceName", "value": "glibc"]))
        #expect(properties.allSatisfy { $0["name"]?.hasPrefix("drydock:") == true })
    }

    @Test("license strings map to id, expression or name", arguments: [
        ("@babel/core", #"[{"license":{"id":"MIT"}}]"#),
        ("dual", #"[{"expression":"MIT OR Apache-2.0"}]"#),
        ("lower-ops", #"[{"expression":"(MIT AND BSD-2-Clause) OR GPL-3.0-only WITH Classpath-exception-2.0"}]"#),
        ("rake", #"[{"expression":"MIT AND (MIT OR Ruby)"}]"#),
        ("My Package", #"[{"license":{"name":"custom"}}]"#),
        ("commons-lang3", #"[{"license":{"id":"Apache-2.0"}}]"#),
        ("openssl-libs", #"[{"license":{"id":"Apache-2.0"}}]"#),
        ("café ☕ / tool", #"[{"license":{"id":"MIT"}},{"license":{"name":"(unbalanced"}}]"#),
    ])
    func licenses(name: String, expected: String) throws {
        let licenses = try component(named: name, in: json(SBOMFixtures.tricky))["licenses"]
        let data = try JSONSerialization.data(withJSONObject: try #require(licenses), options: [.sortedKeys])
        #expect(String(decoding: data, as: UTF8.self) == expected)
    }

    @Test func bomRefsAreUniqueEvenForDuplicatePackages() throws {
        let components = try #require(try json(SBOMFixtures.tricky)["components"] as? [[String: Any]])
        let refs = components.compactMap { $0["bom-ref"] as? String }
        #expect(refs.count == SBOMFixtures.tricky.packages.count)
        #expect(Set(refs).count == refs.count)
        #expect(refs.contains { $0.hasPrefix("Package-npm-babel-core-") })
    }

    @Test func outputIsDeterministic() throws {
        for fixture in SBOMFixtures.all {
            #expect(try CycloneDXEncoder.encode(fixture.analysis) == CycloneDXEncoder.encode(fixture.analysis))
        }
        var other = SBOMFixtures.debian
        other.source.manifestDigest = SBOMFixtures.digest("f")
        #expect(try json(other)["serialNumber"] as? String != json(SBOMFixtures.debian)["serialNumber"] as? String)
    }

    @Test func imageWithoutManifestDigestIsNamedByPathAndImageID() throws {
        let image = try #require((try json(SBOMFixtures.many(count: 1))["metadata"] as? [String: Any])?["component"]
            as? [String: Any])
        #expect(image["name"] as? String == "/tmp/images/app.tar")
        #expect(image["version"] as? String == SBOMFixtures.digest("c").description)
        #expect(image["purl"] == nil)
    }
}
