import Layers

extension Cataloger {
    /// Installed Python packages: wheel `*.dist-info/METADATA`, egg `*.egg-info` files and `*.egg-info/PKG-INFO`,
    /// `EGG-INFO/PKG-INFO`, with the files each owns from `RECORD` (or `installed-files.txt`).
    ///
    /// The list (type, name, version) mirrors syft's `python-installed-package-cataloger`: the name is kept as
    /// written, a file without `Name` is skipped, the `Python` runtime's own egg-info is skipped, and a missing
    /// version is reported as `UNKNOWN`. The PURL follows the purl spec for pypi (lowercased, `_` → `-`).
    public static let python = Cataloger(
        name: "python",
        captures: (PythonCataloger.metadataGlobs + PythonCataloger.recordGlobs).map {
            CaptureRule($0, maxSize: PythonCataloger.maxSize)
        },
        catalog: { resolver, _ in PythonCataloger.catalog(resolver) }
    )
}

/// The Python cataloger's globs and parser.
enum PythonCataloger {
    static let source = "python"
    static let maxSize: Int64 = 8 * 1024 * 1024
    /// syft's globs for installed packages (case-sensitive, as syft's).
    static let metadataGlobs = [
        "**/*.egg-info", "**/*dist-info/METADATA", "**/*egg-info/PKG-INFO", "**/*DIST-INFO/METADATA",
        "**/*EGG-INFO/PKG-INFO",
    ]
    static let eggFileGlob = Glob("**/*.egg-info")
    static let recordGlobs = [
        "**/*dist-info/RECORD", "**/*DIST-INFO/RECORD", "**/*egg-info/RECORD", "**/*EGG-INFO/RECORD",
        "**/*egg-info/installed-files.txt", "**/*EGG-INFO/installed-files.txt",
    ]

    static func catalog(_ resolver: any FileResolver) -> CatalogResult {
        var result = CatalogResult()
        let files = LanguageSupport.metadataFiles(resolver, globs: metadataGlobs.map(Glob.init)) { name in
            name == "METADATA" || name == "PKG-INFO" || name.hasSuffix(".egg-info")
        }
        for file in files {
            guard
                let bytes = LanguageSupport.contents(
                    resolver, file, source: source, maxSize: maxSize, issues: &result.issues)
            else { continue }
            do throws(PythonMetadata.ParseError) {
                let metadata = try PythonMetadata(bytes)
                if let package = package(metadata, file: file, resolver: resolver, issues: &result.issues) {
                    result.packages.append(package)
                }
            } catch {
                result.issues.append(
                    AnalysisIssue(source: source, path: file.path, layer: file.layer, message: error.description))
            }
        }
        return result
    }

    /// The package a metadata file describes, or nil (with an issue when the file is not one).
    static func package(
        _ metadata: PythonMetadata, file: FileRecord, resolver: any FileResolver, issues: inout [AnalysisIssue]
    ) -> Package? {
        let name = metadata.value("Name") ?? ""
        guard !TextLines.trim(name).isEmpty else {
            issues.append(
                AnalysisIssue(
                    source: source, path: file.path, layer: file.layer,
                    message: "no Name field: not a package's metadata"))
            return nil
        }
        // The runtime's own egg-info (Python 2.7 ships one) is not a package.
        if name == "Python" { return nil }
        let declared = metadata.value("Version") ?? ""
        let version = TextLines.trim(declared).isEmpty ? "UNKNOWN" : declared

        let isEggFile = eggFileGlob.matches(file.path)
        let directory = PathCleaner.parent(of: file.path)
        let sitePackages = isEggFile ? directory : PathCleaner.parent(of: directory)
        var locations = [file.path]
        var owned: [String] = []
        if !isEggFile {
            owned = ownedFiles(
                directory: directory, root: sitePackages, resolver: resolver, locations: &locations, issues: &issues)
            for extra in ["top_level.txt", "direct_url.json"] where resolver.file(at: directory + "/" + extra) != nil {
                locations.append(directory + "/" + extra)
            }
        }
        // syft names Python packages by their normalized name (PEP 503) and keeps the declared one in metadata.
        var extras = ["sitePackagesRootPath": sitePackages, "name": name]
        if let summary = metadata.value("Summary"), !summary.isEmpty { extras["summary"] = summary }
        return Package(
            type: .python, name: LanguagePURL.normalizedPythonName(name), version: version,
            purl: LanguagePURL.pypi(name: name, version: TextLines.trim(declared).isEmpty ? "" : version),
            licenses: metadata.licenses, locations: locations, layer: file.layer, files: owned, metadata: extras)
    }

    /// The files listed in the package's RECORD, else its installed-files.txt.
    private static func ownedFiles(
        directory: String, root: String, resolver: any FileResolver, locations: inout [String],
        issues: inout [AnalysisIssue]
    ) -> [String] {
        for name in ["RECORD", "installed-files.txt"] {
            let path = directory + "/" + name
            guard let record = resolver.file(at: path) else { continue }
            guard
                let bytes = LanguageSupport.contents(
                    resolver, record, source: source, maxSize: maxSize, issues: &issues)
            else {
                locations.append(path)
                return []
            }
            let paths =
                name == "RECORD"
                ? PythonRecord.paths(record: bytes, root: root)
                : PythonRecord.paths(installedFiles: bytes, directory: directory)
            // syft moves on to installed-files.txt when RECORD lists nothing.
            if paths.isEmpty && name == "RECORD" { continue }
            locations.append(path)
            return paths
        }
        return []
    }
}
