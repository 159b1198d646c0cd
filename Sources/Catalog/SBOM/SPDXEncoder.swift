public import Foundation
import OCI

/// Writes an ``ImageAnalysis`` as an SPDX 2.3 JSON document.
///
/// The document `DESCRIBES` a root package for the image (`primaryPackagePurpose` `CONTAINER`), which `CONTAINS`
/// the distro (`OPERATING-SYSTEM`) and every package. Package IDs are `SPDXRef-Package-<type>-<name>-<hash>`, the
/// same suffix as the CycloneDX `bom-ref`. `licenseDeclared` is a valid SPDX expression or `NOASSERTION`; license
/// names that are not SPDX identifiers become `LicenseRef-…` with a `hasExtractedLicensingInfos` entry. The
/// namespace is derived from the analyzer version and the image digest, and keys are sorted, so the same
/// analysis gives the same bytes.
public enum SPDXEncoder {
    /// The default start of `documentNamespace`; the rest is the image name and a name-based UUID.
    public static let defaultNamespacePrefix = "https://drydock.invalid/spdx/"

    /// Encodes the document.
    /// - Parameters:
    ///   - analysis: The analysis to describe.
    ///   - namespacePrefix: An absolute URI prefix (no `#`) for `documentNamespace`, e.g. a site the deployment owns.
    /// - Returns: Pretty-printed UTF-8 JSON with sorted keys.
    /// - Throws: `EncodingError` if a value cannot be encoded (not expected for well-formed values).
    public static func encode(
        _ analysis: ImageAnalysis, namespacePrefix: String = defaultNamespacePrefix
    ) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(document(analysis, namespacePrefix: namespacePrefix))
    }

    static func document(_ analysis: ImageAnalysis, namespacePrefix: String) -> SPDXDocument {
        let source = analysis.source
        let tool = analysis.analyzer
        let uuid = SBOMIdentifiers.uuidV5(name: "spdx/\(tool.name)/\(tool.version)/\(source.primaryDigest)")
        let rootID = "SPDXRef-Image-\(SBOMIdentifiers.idString(source.primaryDigest.description, maxLength: 200))"
        var packages = [imagePackage(source, id: rootID)]
        var relationships = [relationship("SPDXRef-DOCUMENT", "DESCRIBES", rootID)]
        if let distro = analysis.distro {
            let os = operatingSystem(distro)
            packages.append(os)
            relationships.append(relationship(rootID, "CONTAINS", os.spdxID))
        }
        var refs = SPDXLicenseRefs()
        for (package, id) in zip(analysis.packages, SBOMIdentifiers.packageIDs(analysis.packages)) {
            let spdxPackage = self.package(package, id: "SPDXRef-\(id)", refs: &refs)
            packages.append(spdxPackage)
            relationships.append(relationship(rootID, "CONTAINS", spdxPackage.spdxID))
        }
        let name = source.reference?.description ?? source.displayName
        let namespaceName = SBOMIdentifiers.idString(source.displayName, maxLength: 100)
        return SPDXDocument(
            name: name, documentNamespace: "\(namespacePrefix)\(namespaceName)-\(uuid)",
            creationInfo: .init(
                created: SBOMIdentifiers.timestamp(analysis.analyzedAt),
                creators: ["Tool: \(tool.name)-\(tool.version)"]),
            packages: packages, relationships: relationships,
            hasExtractedLicensingInfos: refs.infos.isEmpty ? nil : refs.infos)
    }

    static func package(_ package: Package, id: String, refs: inout SPDXLicenseRefs) -> SPDXDocument.Package {
        var out = SPDXDocument.Package(spdxID: id, name: package.name, versionInfo: package.version)
        if let declared = LicenseExpression.all(package.licenses.compactMap(LicenseExpression.init)) {
            out.licenseDeclared = declared.rendered { refs.reference(for: $0) }
        }
        if !package.purl.isEmpty {
            out.externalRefs = [.init(referenceLocator: package.purl)]
        }
        if !package.locations.isEmpty {
            let layer = package.layer.map { " (layer \($0))" } ?? ""
            out.sourceInfo = "Found in \(package.locations.joined(separator: ", "))\(layer)."
        }
        var notes: [String] = ["type: \(package.type.rawValue)"]
        if let architecture = package.architecture { notes.append("architecture: \(architecture)") }
        if let sourceName = package.sourceName {
            let version = package.sourceVersion.map { " \($0)" } ?? ""
            notes.append("source package: \(sourceName)\(version)")
        }
        out.comment = notes.joined(separator: "; ")
        return out
    }

    static func imagePackage(_ source: ImageAnalysis.Source, id: String) -> SPDXDocument.Package {
        var out = SPDXDocument.Package(
            spdxID: id, name: source.displayName, versionInfo: source.primaryDigest.description)
        out.primaryPackagePurpose = "CONTAINER"
        out.checksums = [.init(
            algorithm: source.primaryDigest.algorithm == .sha256 ? "SHA256" : "SHA512",
            checksumValue: source.primaryDigest.encoded)]
        if let purl = SBOMIdentifiers.imagePURL(source) { out.externalRefs = [.init(referenceLocator: purl)] }
        var notes = ["image ID: \(source.imageID)", "platform: \(source.platform)", "media type: \(source.mediaType)"]
        if let reference = source.reference { notes.insert("reference: \(reference)", at: 0) }
        if let path = source.path { notes.insert("path: \(path)", at: 0) }
        out.comment = notes.joined(separator: "; ")
        return out
    }

    static func operatingSystem(_ distro: Distro) -> SPDXDocument.Package {
        var out = SPDXDocument.Package(
            spdxID: "SPDXRef-" + SBOMIdentifiers.operatingSystemID(distro), name: distro.id,
            versionInfo: distro.version)
        out.primaryPackagePurpose = "OPERATING-SYSTEM"
        out.description = distro.prettyName
        out.comment = "vulnerability namespace: \(distro.namespace)"
        return out
    }

    private static func relationship(_ from: String, _ type: String, _ to: String) -> SPDXDocument.Relationship {
        SPDXDocument.Relationship(spdxElementId: from, relationshipType: type, relatedSpdxElement: to)
    }
}
