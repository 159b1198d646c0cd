public import Foundation

/// An image's matches as VEX documents: OpenVEX (v0.2.0) and CycloneDX VEX (1.5). Each match is one statement
/// about the package in the image: `affected` with what to do, or what the account's own statement says.
public enum VEXExport {
    /// One match with the account's statement about it, if any.
    public struct Item: Sendable {
        public var match: VulnerabilityMatch
        public var assessment: VEXStatements.Assessment?

        public init(match: VulnerabilityMatch, assessment: VEXStatements.Assessment?) {
            self.match = match
            self.assessment = assessment
        }
    }

    /// `pkg:oci/<repository>@sha256:…` for the image.
    public static func imagePURL(digest: String, repository: String?) -> String {
        let name = repository.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? "image"
        return "pkg:oci/\(name)@\(digest.replacingOccurrences(of: ":", with: "%3A"))"
    }

    /// The package URL of a matched package: `pkg:deb/debian/openssl@3.0.11-1`, `pkg:pypi/django@4.2.1`.
    public static func packagePURL(_ match: VulnerabilityMatch) -> String {
        let package = VEXPackage(match: match)
        var path = package.type + "/"
        if ["deb", "apk", "rpm"].contains(package.type) {
            path += (match.namespace.split(separator: ":").first.map(String.init) ?? "unknown") + "/"
        } else if let namespace = package.namespace {
            path += namespace.split(separator: "/").map { percent(String($0)) }.joined(separator: "/") + "/"
        }
        return "pkg:" + path + percent(package.name) + "@" + percent(package.version)
    }

    static func percent(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: ".-_~+")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    public static func openVEX(digest: String, repository: String?, items: [Item], timestamp: String, author: String) -> [String: Any] {
        let image = imagePURL(digest: digest, repository: repository)
        let statements: [[String: Any]] = items.map { item in
            let match = item.match
            var statement: [String: Any] = [
                "vulnerability": ["name": match.id, "aliases": match.aliases] as [String: Any],
                "products": [["@id": image, "subcomponents": [["@id": packagePURL(match)]]]],
                "timestamp": timestamp,
            ]
            if let assessment = item.assessment {
                let said = assessment.statement
                statement["status"] = said.status.rawValue
                statement["justification"] = said.justification
                statement["impact_statement"] = said.impactStatement
                statement["action_statement"] = said.actionStatement
                statement["status_notes"] = "from \(assessment.author)'s VEX document \(assessment.document)"
            } else {
                statement["status"] = VEXStatus.affected.rawValue
                statement["action_statement"] = match.fixedVersions.isEmpty
                    ? "No fix is available (\(match.fixState.rawValue))" : "Upgrade \(match.packageName) to \(match.fixedVersions.joined(separator: ", "))"
            }
            return statement.compactMapValues { $0 }
        }
        return [
            "@context": "https://openvex.dev/ns/v0.2.0",
            "@id": "https://drydock.dev/vex/\(digest.replacingOccurrences(of: "sha256:", with: ""))/\(timestamp)",
            "author": author, "timestamp": timestamp, "version": 1, "tooling": "drydock", "statements": statements,
        ]
    }

    public static func cycloneDX(digest: String, repository: String?, items: [Item], timestamp: String, serial: UUID) -> [String: Any] {
        var components: [[String: Any]] = []
        var seen = Set<String>()
        for item in items {
            let purl = packagePURL(item.match)
            guard seen.insert(purl).inserted else { continue }
            components.append(["type": "library", "bom-ref": purl, "name": item.match.packageName, "version": item.match.packageVersion, "purl": purl])
        }
        let vulnerabilities: [[String: Any]] = items.map { item in
            let match = item.match
            var entry: [String: Any] = [
                "bom-ref": "\(match.id)/\(packagePURL(match))", "id": match.id,
                "source": ["name": match.namespace, "url": match.url],
                "ratings": [["source": ["name": match.namespace], "severity": match.severity.lowercased() == "negligible" ? "info" : match.severity.lowercased()]],
                "affects": [["ref": packagePURL(match)]],
            ]
            if !match.aliases.isEmpty { entry["references"] = match.aliases.map { ["id": $0, "source": ["name": match.namespace]] } }
            if !match.fixedVersions.isEmpty { entry["recommendation"] = "Upgrade \(match.packageName) to \(match.fixedVersions.joined(separator: ", "))" }
            if let assessment = item.assessment {
                var analysis: [String: Any] = ["state": cycloneDXState(assessment.statement.status)]
                if let justification = assessment.statement.justification.flatMap(cycloneDXJustification) { analysis["justification"] = justification }
                if let detail = assessment.statement.impactStatement ?? assessment.statement.actionStatement { analysis["detail"] = detail }
                entry["analysis"] = analysis
            }
            return entry
        }
        return [
            "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "serialNumber": "urn:uuid:\(serial.uuidString.lowercased())",
            "metadata": [
                "timestamp": timestamp, "tools": [["vendor": "Drydock", "name": "drydock"]],
                "component": ["type": "container", "bom-ref": imagePURL(digest: digest, repository: repository),
                              "name": repository ?? digest, "version": digest],
            ] as [String: Any],
            "components": components, "vulnerabilities": vulnerabilities,
        ]
    }

    static func cycloneDXState(_ status: VEXStatus) -> String {
        switch status {
        case .affected: "exploitable"
        case .notAffected: "not_affected"
        case .fixed: "resolved"
        case .underInvestigation: "in_triage"
        }
    }

    static func cycloneDXJustification(_ justification: String) -> String? {
        switch justification {
        case "component_not_present", "vulnerable_code_not_present": "code_not_present"
        case "vulnerable_code_not_in_execute_path": "code_not_reachable"
        case "vulnerable_code_cannot_be_controlled_by_adversary": "requires_environment"
        case "inline_mitigations_already_exist": "protected_by_mitigating_control"
        default: nil
        }
    }
}
