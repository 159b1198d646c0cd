import Layers

extension Cataloger {
    /// Installed Ruby gems: `specifications/**/*.gemspec` files (written by RubyGems at install time), read
    /// statically line by line as syft does: `s.name = "x"`, `s.version = "1.2"` (or `Gem::Version.new("1.2")`),
    /// `s.licenses = ["MIT"]` / `s.license = "MIT"`; `.freeze` and `\uXXXX` escapes are undone.
    public static let gem = Cataloger(
        name: "gem",
        captures: [CaptureRule(GemCataloger.glob, maxSize: GemCataloger.maxSize)],
        catalog: { resolver, _ in GemCataloger.catalog(resolver) }
    )
}

/// The gem cataloger's glob and parser.
enum GemCataloger {
    static let source = "gem"
    static let glob = "**/specifications/**/*.gemspec"
    static let maxSize: Int64 = 2 * 1024 * 1024

    static func catalog(_ resolver: any FileResolver) -> CatalogResult {
        var result = CatalogResult()
        for file in LanguageSupport.metadataFiles(
            resolver, globs: [Glob(glob)], candidate: { $0.hasSuffix(".gemspec") })
        {
            guard
                let bytes = LanguageSupport.contents(
                    resolver, file, source: source, maxSize: maxSize, issues: &result.issues)
            else { continue }
            let spec = parse(bytes)
            guard let name = spec.name, let version = spec.version else {
                result.issues.append(
                    AnalysisIssue(
                        source: source, path: file.path, layer: file.layer,
                        message: "no `name` and `version` assignments found: not an installed gem specification"))
                continue
            }
            result.packages.append(
                Package(
                    type: .gem, name: name, version: version, purl: LanguagePURL.gem(name: name, version: version),
                    licenses: spec.licenses, locations: [file.path], layer: file.layer,
                    files: spec.files.map {
                        PathCleaner.join(gemDirectory(file.path, name: name, version: version), $0)
                    }))
        }
        return result
    }

    struct Spec: Equatable {
        var name: String?
        var version: String?
        var licenses: [String] = []
        var files: [String] = []
    }

    /// Reads the assignments of a gemspec; the last assignment of a field wins.
    static func parse(_ bytes: [UInt8]) -> Spec {
        var spec = Spec()
        for raw in TextLines.split(bytes) {
            let line = unescape(TextLines.trim(raw).replacingAll(".freeze", with: ""))
            guard let (field, value) = assignment(line) else { continue }
            switch field {
            case "name": if let text = quoted(value) { spec.name = text }
            case "version":
                if let text = quoted(value) ?? versionNew(value) { spec.version = text }
            case "licenses": if let list = list(value) { spec.licenses = list }
            case "license": if let text = quoted(value) { spec.licenses = [text] }
            case "files": if let list = list(value) { spec.files = list }
            default: continue
            }
        }
        if spec.name?.isEmpty == true { spec.name = nil }
        if spec.version?.isEmpty == true { spec.version = nil }
        return spec
    }

    /// `s.FIELD = VALUE` → (FIELD, VALUE), for the last `.identifier =` on the line (not `==`).
    private static func assignment(_ line: String) -> (String, Substring)? {
        guard let equals = line.firstIndex(of: "="), line[line.index(after: equals)...].first != "=" else { return nil }
        let left = line[..<equals].trimmingSuffix(while: { $0 == " " || $0 == "\t" })
        guard let dot = left.lastIndex(of: ".") else { return nil }
        let field = left[left.index(after: dot)...]
        guard !field.isEmpty, field.allSatisfy({ $0.isLetter || $0 == "_" }) else { return nil }
        return (String(field), line[line.index(after: equals)...])
    }

    /// The text between the first quote and the last quote of the same kind (syft's greedy match).
    private static func quoted(_ value: Substring) -> String? {
        let trimmed = TextLines.trim(value)
        guard let first = trimmed.first, first == "\"" || first == "'",
            let last = trimmed.lastIndex(of: first), last != trimmed.startIndex
        else { return nil }
        return String(trimmed[trimmed.index(after: trimmed.startIndex)..<last])
    }

    /// `Gem::Version.new("1.2")` → `1.2`.
    private static func versionNew(_ value: Substring) -> String? {
        let trimmed = TextLines.trim(value)
        guard trimmed.hasPrefix("Gem::Version.new("), let open = trimmed.firstIndex(of: "(") else { return nil }
        return quoted(trimmed[trimmed.index(after: open)...].prefix { $0 != ")" })
    }

    /// `["a", "b"]` → `a`, `b`.
    private static func list(_ value: Substring) -> [String]? {
        let trimmed = TextLines.trim(value)
        guard trimmed.hasPrefix("["), let close = trimmed.lastIndex(of: "]") else { return nil }
        return trimmed[trimmed.index(after: trimmed.startIndex)..<close].split(separator: ",").map {
            String(TextLines.trim($0).filter { $0 != "\"" && $0 != "'" })
        }.filter { !$0.isEmpty }
    }

    /// `\u00E9` → `é`.
    static func unescape(_ text: String) -> String {
        guard text.contains("\\u") else { return text }
        var out = ""
        var rest = Substring(text)
        while let range = rest.firstRange(of: "\\u") {
            out += rest[..<range.lowerBound]
            let hex = rest[range.upperBound...].prefix(4)
            if hex.count == 4, let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
                out.unicodeScalars.append(scalar)
                rest = rest[hex.endIndex...]
            } else {
                out += "\\u"
                rest = rest[range.upperBound...]
            }
        }
        return out + rest
    }

    /// Where RubyGems installs a gem: `…/specifications/x.gemspec` → `…/gems/NAME-VERSION`.
    private static func gemDirectory(_ specPath: String, name: String, version: String) -> String {
        PathCleaner.parent(of: PathCleaner.parent(of: specPath)) + "/gems/\(name)-\(version)"
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var result = self
        while let last = result.last, predicate(last) { result = result.dropLast() }
        return result
    }
}
