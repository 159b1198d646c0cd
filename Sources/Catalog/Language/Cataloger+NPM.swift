import Foundation
import Layers

extension Cataloger {
    /// Installed JavaScript packages: every `package.json` under a `node_modules` directory that has both a `name`
    /// and a `version` (private packages included; lockfiles are not read). Licenses come from `license` (a string
    /// or a legacy `{type}` object) or the legacy `licenses` array.
    public static let npm = Cataloger(
        name: "npm",
        captures: [CaptureRule(NPMCataloger.glob, maxSize: NPMCataloger.maxSize)],
        catalog: { resolver, _ in NPMCataloger.catalog(resolver) }
    )
}

/// The npm cataloger's glob and parser.
enum NPMCataloger {
    static let source = "npm"
    static let glob = "**/node_modules/**/package.json"
    static let maxSize: Int64 = 4 * 1024 * 1024

    static func catalog(_ resolver: any FileResolver) -> CatalogResult {
        var result = CatalogResult()
        for file in LanguageSupport.metadataFiles(resolver, globs: [Glob(glob)], candidate: { $0 == "package.json" }) {
            guard
                let bytes = LanguageSupport.contents(
                    resolver, file, source: source, maxSize: maxSize, issues: &result.issues)
            else { continue }
            switch parse(bytes) {
            case .package(let name, let version, let licenses):
                result.packages.append(
                    Package(
                        type: .npm, name: name, version: version, purl: LanguagePURL.npm(name: name, version: version),
                        licenses: licenses, locations: [file.path], layer: file.layer))
            case .notAPackage:
                continue
            case .invalid(let why):
                result.issues.append(AnalysisIssue(source: source, path: file.path, layer: file.layer, message: why))
            }
        }
        return result
    }

    enum Parsed: Equatable {
        case package(name: String, version: String, licenses: [String])
        /// Valid JSON without a name or version (a nested `{"type": "module"}` stub, a workspace root).
        case notAPackage
        case invalid(String)
    }

    static func parse(_ bytes: [UInt8]) -> Parsed {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            return .invalid("not valid JSON: \(error.localizedDescription)")
        }
        guard let json = object as? [String: Any] else { return .invalid("not a JSON object") }
        for key in ["name", "version"] where json[key] != nil && !(json[key] is String) && !(json[key] is NSNull) {
            return .invalid("`\(key)` is not a string")
        }
        guard let name = json["name"] as? String, let version = json["version"] as? String, !name.isEmpty,
            !version.isEmpty
        else { return .notAPackage }
        return .package(name: name, version: version, licenses: licenses(json))
    }

    /// `license` as a string or `{type}`, else the legacy `licenses` array (of `{type}` objects or strings).
    static func licenses(_ json: [String: Any]) -> [String] {
        if let license = json["license"] as? String, !license.isEmpty { return [license] }
        if let license = json["license"] as? [String: Any], let type = license["type"] as? String, !type.isEmpty {
            return [type]
        }
        guard let list = json["licenses"] as? [Any] else { return [] }
        return list.compactMap { item in
            if let text = item as? String { return text.isEmpty ? nil : text }
            if let object = item as? [String: Any], let type = object["type"] as? String, !type.isEmpty { return type }
            return nil
        }
    }
}
