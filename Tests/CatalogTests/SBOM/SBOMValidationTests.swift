import Catalog
import Foundation
import Testing

/// Every fixture, in both standard formats, through the official validators (see ``SBOMValidator``).
@Suite("SBOM documents pass the official validators")
struct SBOMValidationTests {
    enum Format: String, CaseIterable, CustomTestStringConvertible {
        case cyclonedx, spdx

        var testDescription: String { self == .cyclonedx ? "CycloneDX 1.6" : "SPDX 2.3" }
        var expectedVerdict: String { self == .cyclonedx ? "valid CycloneDX 1.6" : "valid SPDX SPDX-2.3" }

        func encode(_ analysis: ImageAnalysis) throws -> Data {
            switch self {
            case .cyclonedx: try CycloneDXEncoder.encode(analysis)
            case .spdx: try SPDXEncoder.encode(analysis)
            }
        }
    }

    @Test("every fixture validates with zero errors", arguments: Format.allCases)
    func fixturesValidate(format: Format) async throws {
        let validator = try SBOMValidator.locate()
        let documents = try SBOMFixtures.all.map { fixture in
            (name: "\(fixture.name).\(format.rawValue).json", data: try format.encode(fixture.analysis))
        }
        let outcome = try await validator.validate(documents: documents)
        #expect(outcome.status == 0, "validator exit \(outcome.status):\n\(outcome.output)")
        for document in documents {
            let verdict = outcome.output.split(separator: "\n").first { $0.contains("/\(document.name): ") }
            #expect(verdict?.hasSuffix(format.expectedVerdict) == true, "\(document.name): \(outcome.output)")
        }
    }

    /// The validator must actually catch mistakes, or the test above proves nothing.
    @Test("the validators reject broken documents", arguments: Format.allCases)
    func brokenDocumentsAreRejected(format: Format) async throws {
        let validator = try SBOMValidator.locate()
        var json = try #require(
            try JSONSerialization.jsonObject(with: format.encode(SBOMFixtures.tricky)) as? [String: Any])
        switch format {
        case .cyclonedx:
            var components = try #require(json["components"] as? [[String: Any]])
            components[0]["licenses"] = [["license": ["id": "GPL-2+"]]]  // not an SPDX id
            json["components"] = components
        case .spdx:
            var packages = try #require(json["packages"] as? [[String: Any]])
            packages[1]["licenseDeclared"] = "GPL-2+"  // not an SPDX expression
            packages[1]["primaryPackagPurpose"] = "LIBRARY"  // misspelt key, silently ignored by the parser
            json["packages"] = packages
        }
        let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        let outcome = try await validator.validate(documents: [(name: "broken.\(format.rawValue).json", data: data)])
        #expect(outcome.status == 1, "\(outcome.output)")
        #expect(outcome.output.contains("GPL-2+"), "\(outcome.output)")
        if format == .spdx {
            #expect(outcome.output.contains("primaryPackagPurpose"), "\(outcome.output)")
        }
    }
}
