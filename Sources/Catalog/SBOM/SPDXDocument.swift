import Foundation

/// The subset of the SPDX 2.3 JSON model Drydock writes (https://spdx.github.io/spdx-spec/v2.3/).
struct SPDXDocument: Encodable {
    var spdxVersion = "SPDX-2.3"
    var dataLicense = "CC0-1.0"
    var spdxID = "SPDXRef-DOCUMENT"
    var name: String
    var documentNamespace: String
    var creationInfo: CreationInfo
    var packages: [Package]
    var relationships: [Relationship]
    var hasExtractedLicensingInfos: [ExtractedLicensingInfo]?

    enum CodingKeys: String, CodingKey {
        case spdxID = "SPDXID"
        case spdxVersion, dataLicense, name, documentNamespace, creationInfo, packages, relationships
        case hasExtractedLicensingInfos
    }

    struct CreationInfo: Encodable {
        var created: String
        var creators: [String]
    }

    struct Package: Encodable {
        var spdxID: String
        var name: String
        var versionInfo: String?
        var supplier = "NOASSERTION"
        var downloadLocation = "NOASSERTION"
        var filesAnalyzed = false
        var checksums: [Checksum]?
        var licenseConcluded = "NOASSERTION"
        var licenseDeclared = "NOASSERTION"
        var copyrightText = "NOASSERTION"
        var externalRefs: [ExternalRef]?
        var primaryPackagePurpose: String?
        var description: String?
        var sourceInfo: String?
        var comment: String?

        enum CodingKeys: String, CodingKey {
            case spdxID = "SPDXID"
            case name, versionInfo, supplier, downloadLocation, filesAnalyzed, checksums, licenseConcluded
            case licenseDeclared, copyrightText, externalRefs, primaryPackagePurpose, description, sourceInfo, comment
        }

        init(spdxID: String, name: String, versionInfo: String?) {
            self.spdxID = spdxID
            self.name = name
            self.versionInfo = versionInfo?.isEmpty == false ? versionInfo : nil
        }
    }

    struct Checksum: Encodable {
        var algorithm: String
        var checksumValue: String
    }

    struct ExternalRef: Encodable {
        var referenceCategory = "PACKAGE-MANAGER"
        var referenceType = "purl"
        var referenceLocator: String
    }

    struct Relationship: Encodable {
        var spdxElementId: String
        var relationshipType: String
        var relatedSpdxElement: String
    }

    struct ExtractedLicensingInfo: Encodable {
        var licenseId: String
        var name: String
        var extractedText: String
        var comment: String?
    }
}

/// Assigns `LicenseRef-` identifiers to license names that are not SPDX identifiers, one per distinct name, in
/// order of first use, and records the `hasExtractedLicensingInfos` entries they need.
struct SPDXLicenseRefs {
    private(set) var infos: [SPDXDocument.ExtractedLicensingInfo] = []
    private var byName: [String: String] = [:]
    private var taken: Set<String> = []

    /// The `LicenseRef-` identifier for a name, made on first use: the name itself when it already is a valid
    /// `LicenseRef-…`, else `LicenseRef-` and the name with other characters replaced by `-` (`-2`, `-3`, … when
    /// two names would collide, comparing case-insensitively).
    mutating func reference(for name: String) -> String {
        if let known = byName[name] { return known }
        let idString = SBOMIdentifiers.idString(name)
        var base: String
        if name.hasPrefix("LicenseRef-"), idString == name {
            base = name
        } else {
            let trimmed = idString.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
            base = "LicenseRef-" + (trimmed.isEmpty ? "unnamed" : trimmed)
        }
        var candidate = base
        var counter = 1
        while taken.contains(candidate.lowercased()) {
            counter += 1
            candidate = "\(base)-\(counter)"
        }
        taken.insert(candidate.lowercased())
        byName[name] = candidate
        infos.append(.init(
            licenseId: candidate, name: name, extractedText: name,
            comment: "License named in package metadata; not an SPDX License List identifier."))
        return candidate
    }
}
