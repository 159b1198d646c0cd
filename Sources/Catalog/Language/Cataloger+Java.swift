import Layers

extension Cataloger {
    /// Java archives (`.jar .war .ear .jpi .hpi` and syft's other zip-based kinds), nested archives included:
    /// `META-INF/maven/**/pom.properties` (and `pom.xml`) name packages, `META-INF/MANIFEST.MF` and the file name
    /// are the fallback for the archive's own package. Archives are captured up to
    /// ``JavaCataloger/maxArchiveSize``; a larger one is reported as an issue, not inspected.
    public static let java = Cataloger(
        name: "java",
        captures: [CaptureRule(JavaCataloger.glob, maxSize: JavaCataloger.maxArchiveSize)],
        catalog: { resolver, _ in JavaCataloger.catalog(resolver) }
    )
}

/// The Java cataloger's glob, bounds and driver.
public enum JavaCataloger {
    /// The largest archive (as stored in the image) that is read into memory and inspected.
    public static let maxArchiveSize: Int64 = 64 * 1024 * 1024
    static let glob = "**/*.{" + JavaArchiveScanner.extensions.joined(separator: ",") + "}"

    static func isArchiveName(_ name: Substring) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        return JavaArchiveScanner.extensions.contains { $0 == name[name.index(after: dot)...] }
    }

    static func catalog(_ resolver: any FileResolver) -> CatalogResult {
        var result = CatalogResult()
        for file in LanguageSupport.metadataFiles(resolver, globs: [Glob(glob)], candidate: isArchiveName) {
            let size = resolver.resolve(file.path)?.size ?? file.size
            guard size <= maxArchiveSize else {
                result.issues.append(
                    AnalysisIssue(
                        source: JavaArchiveScanner.source, path: file.path, layer: file.layer,
                        message: "archive too large to inspect (\(size) bytes, limit \(maxArchiveSize))"))
                continue
            }
            guard
                let bytes = LanguageSupport.contents(
                    resolver, file, source: JavaArchiveScanner.source, maxSize: maxArchiveSize, issues: &result.issues)
            else { continue }
            var scanner = JavaArchiveScanner(path: file.path, layer: file.layer)
            scanner.scan(bytes[...], virtualPath: file.path)
            result.packages += scanner.packages
            result.issues += scanner.issues
        }
        return result
    }
}

/// How syft names an archive's own package from its manifest and file name.
enum JavaArchiveNaming {
    /// The Maven Bundle Plugin's symbolic name, else the file name, else manifest title fields.
    static func name(_ manifest: JavaMetadata.Manifest?, file: (name: String, version: String)) -> String {
        if let manifest, manifest.main("Created-By")?.contains("Apache Maven Bundle Plugin") == true,
            let symbolic = manifest.main("Bundle-SymbolicName"), !symbolic.isEmpty,
            manifest.main("Implementation-Vendor-Id") != symbolic
        {
            return String(symbolic.split(separator: ".", omittingEmptySubsequences: false).last ?? "")
        }
        if !file.name.isEmpty { return nameFromFile(file.name) }
        for key in ["Name", "Bundle-Name", "Short-Name", "Extension-Name", "Implementation-Title"] {
            if let value = manifest?.main(key), !value.isEmpty { return value }
        }
        return ""
    }

    /// `org.example.tool` (a group id and artifact id run together) → `tool`; other names as they are.
    private static func nameFromFile(_ name: String) -> String {
        guard name.contains("."), !name.hasPrefix("org.eclipse.") else { return name }
        let fields = name.split(separator: ".", omittingEmptySubsequences: false)
        let allIdentifiers = fields.allSatisfy { field in
            guard let first = field.first else { return false }
            return first.isLetter || first == "_" || first == "$"
        }
        return allIdentifiers ? String(fields.last!) : name
    }

    /// The file name's version, else the manifest's version fields.
    static func version(_ manifest: JavaMetadata.Manifest?, file: (name: String, version: String)) -> String {
        if !file.version.isEmpty { return file.version }
        for key in ["Implementation-Version", "Specification-Version", "Plugin-Version", "Bundle-Version"] {
            if let value = manifest?.any(key) { return value }
        }
        return ""
    }

    /// `Bundle-License` and `Plugin-License-Name`.
    static func licenses(_ manifest: JavaMetadata.Manifest?) -> [String] {
        ["Bundle-License", "Plugin-License-Name"].compactMap { manifest?.any($0) }
    }

    /// A group id the manifest declares (`Group-Id`, `Implementation-Vendor-Id`), when it looks like one.
    static func group(_ manifest: JavaMetadata.Manifest?) -> String? {
        for key in ["Group-Id", "Implementation-Vendor-Id"] {
            if let value = manifest?.any(key).map(cleanGroup), value.contains(".") { return value }
        }
        return nil
    }

    /// `org.bar;uses:="org.foo"` → `org.bar`.
    static func cleanGroup(_ group: String) -> String {
        TextLines.trim(group.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}
