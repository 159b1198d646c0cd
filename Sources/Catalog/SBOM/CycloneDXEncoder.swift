public import Foundation
import OCI

/// Writes an ``ImageAnalysis`` as a CycloneDX 1.6 JSON BOM.
///
/// The image is `metadata.component` (type `container`); each package is a `library` component and the distro an
/// `operating-system` component. Licenses that are SPDX identifiers become `{"license": {"id"}}`, SPDX expressions
/// `{"expression"}`, anything else `{"license": {"name"}}`. Drydock-specific facts (layer, locations, source
/// package, image digests) are `properties` in the `drydock:` namespace. The serial number is a name-based UUID of
/// the analyzer version and the image digest, and keys are sorted, so the same analysis gives the same bytes.
public enum CycloneDXEncoder {
    /// Encodes the BOM.
    /// - Parameter analysis: The analysis to describe.
    /// - Returns: Pretty-printed UTF-8 JSON with sorted keys.
    /// - Throws: `EncodingError` if a value cannot be encoded (not expected for well-formed values).
    public static func encode(_ analysis: ImageAnalysis) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(document(analysis))
    }

    static func document(_ analysis: ImageAnalysis) -> CycloneDXDocument {
        let source = analysis.source
        let serial = SBOMIdentifiers.uuidV5(
            name: "cyclonedx/\(analysis.analyzer.name)/\(analysis.analyzer.version)/\(source.primaryDigest)")
        let tool = CycloneDXDocument.Component(
            type: "application", name: analysis.analyzer.name, version: analysis.analyzer.version)
        let image = CycloneDXDocument.Component(
            bomRef: "Image-\(SBOMIdentifiers.idString(source.primaryDigest.description, maxLength: 200))",
            type: "container", name: source.displayName, version: source.primaryDigest.description,
            purl: SBOMIdentifiers.imagePURL(source), properties: imageProperties(analysis))
        var components: [CycloneDXDocument.Component] = []
        if let distro = analysis.distro {
            components.append(operatingSystem(distro))
        }
        let ids = SBOMIdentifiers.packageIDs(analysis.packages)
        for (package, id) in zip(analysis.packages, ids) {
            components.append(component(package, bomRef: id))
        }
        return CycloneDXDocument(
            serialNumber: "urn:uuid:\(serial)",
            metadata: .init(
                timestamp: SBOMIdentifiers.timestamp(analysis.analyzedAt), tools: .init(components: [tool]),
                component: image),
            components: components)
    }

    static func component(_ package: Package, bomRef: String) -> CycloneDXDocument.Component {
        var properties = [property("package:type", package.type.rawValue)]
        if let layer = package.layer { properties.append(property("package:layer", String(layer))) }
        properties += package.locations.map { property("package:location", $0) }
        if let architecture = package.architecture { properties.append(property("package:architecture", architecture)) }
        if let sourceName = package.sourceName { properties.append(property("package:sourceName", sourceName)) }
        if let sourceVersion = package.sourceVersion {
            properties.append(property("package:sourceVersion", sourceVersion))
        }
        if let epoch = package.epoch { properties.append(property("package:epoch", String(epoch))) }
        if let release = package.release { properties.append(property("package:release", release)) }
        for key in package.metadata.keys.sorted() {
            properties.append(property("package:metadata:\(key)", package.metadata[key] ?? ""))
        }
        return CycloneDXDocument.Component(
            bomRef: bomRef, type: "library", name: package.name,
            version: package.version.isEmpty ? nil : package.version,
            purl: package.purl.isEmpty ? nil : package.purl, licenses: licenses(package.licenses),
            properties: properties.filter { !$0.value.isEmpty })
    }

    static func operatingSystem(_ distro: Distro) -> CycloneDXDocument.Component {
        var properties = [property("distro:namespace", distro.namespace)]
        properties += distro.idLike.map { property("distro:idLike", $0) }
        return CycloneDXDocument.Component(
            bomRef: SBOMIdentifiers.operatingSystemID(distro),
            type: "operating-system", name: distro.id, version: distro.version.isEmpty ? nil : distro.version,
            description: distro.prettyName, properties: properties.filter { !$0.value.isEmpty })
    }

    static func imageProperties(_ analysis: ImageAnalysis) -> [CycloneDXDocument.Property] {
        let source = analysis.source
        var properties: [CycloneDXDocument.Property] = []
        if let reference = source.reference { properties.append(property("image:reference", reference.description)) }
        if let path = source.path { properties.append(property("image:path", path)) }
        if let digest = source.manifestDigest {
            properties.append(property("image:manifestDigest", digest.description))
        }
        if let digest = source.parentDigest { properties.append(property("image:parentDigest", digest.description)) }
        properties.append(property("image:id", source.imageID.description))
        properties.append(property("image:mediaType", source.mediaType.rawValue))
        properties.append(property("image:platform", source.platform.description))
        properties += source.layers.map { property("image:layer", $0.digest.description) }
        return properties.filter { !$0.value.isEmpty }
    }

    /// The `licenses` entries for a package's declared licenses, or nil when it declares none. Only identifiers
    /// both validators know are emitted as `id`; CycloneDX forbids mixing an expression with other entries, so
    /// when some strings are not SPDX the expressions are written as names.
    static func licenses(_ strings: [String]) -> [CycloneDXDocument.LicenseChoice]? {
        let parsed = strings.compactMap(LicenseExpression.init)
        guard !parsed.isEmpty else { return nil }
        var choices: [CycloneDXDocument.LicenseChoice]
        if parsed.allSatisfy(\.isFullySPDX), parsed.contains(where: { $0.singleID == nil }),
            let all = LicenseExpression.all(parsed)
        {
            choices = [.expression(all.rendered { $0 })]
        } else {
            choices = parsed.map { expression in expression.singleID.map { .id($0) } ?? .name(expression.original) }
        }
        var seen = Set<CycloneDXDocument.LicenseChoice>()
        choices = choices.filter { seen.insert($0).inserted }
        return choices
    }

    private static func property(_ name: String, _ value: String) -> CycloneDXDocument.Property {
        CycloneDXDocument.Property(name: "drydock:\(name)", value: value)
    }
}
