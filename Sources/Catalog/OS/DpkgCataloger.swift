import Layers

extension Cataloger {
    /// Debian packages: the dpkg status database (`/var/lib/dpkg/status`), distroless `status.d/*` (one paragraph
    /// per file) and opkg databases, with source packages, owned files (`info/PACKAGE.list`, distroless
    /// `status.d/PACKAGE.md5sums`, `Conffiles:`) and licenses from `/usr/share/doc/PACKAGE/copyright`.
    /// Which paragraphs count matches syft: every one with a `Package:` field except those whose status says
    /// `deinstall`.
    public static let dpkg = Cataloger(name: "dpkg", captures: DpkgCatalog.captures) { resolver, context in
        DpkgCatalog.catalog(resolver, context)
    }
}

enum DpkgCatalog {
    /// Where syft looks for dpkg and opkg databases.
    static let databases: [Glob] = [
        Glob("**/lib/dpkg/status"), Glob("**/lib/dpkg/status.d/*"), Glob("**/lib/opkg/status"),
        Glob("**/lib/opkg/info/*.control"),
    ]

    static let captures: [CaptureRule] = [
        CaptureRule("**/lib/dpkg/status", maxSize: 64 * 1024 * 1024),
        CaptureRule("**/lib/dpkg/status.d/*"),
        CaptureRule("**/lib/opkg/status", maxSize: 64 * 1024 * 1024),
        CaptureRule("**/lib/opkg/info/*.control", maxSize: 1024 * 1024),
        CaptureRule("**/lib/dpkg/info/*.list"),
        CaptureRule("/usr/share/doc/*/copyright", maxSize: 256 * 1024),
    ]

    static func catalog(_ resolver: any FileResolver, _ context: CatalogContext) -> CatalogResult {
        var result = CatalogResult()
        var licenseCache: [String: [String]] = [:]
        var seen: Set<String> = []
        for glob in databases {
            for record in resolver.files(matching: glob) where record.kind != .directory {
                guard seen.insert(record.path).inserted, !record.path.hasSuffix(".md5sums") else { continue }
                guard let bytes = resolver.contents(at: record.path) else {
                    result.issues.append(AnalysisIssue(
                        source: "dpkg", path: record.path, layer: record.layer,
                        message: "the package database (\(record.size) bytes) was not captured"))
                    continue
                }
                let parsed = DebianStanza.parse(bytes)
                for problem in parsed.problems {
                    result.issues.append(AnalysisIssue(source: "dpkg", path: record.path, layer: record.layer, message: problem))
                }
                var keys: Set<String> = []
                for stanza in parsed.stanzas {
                    var missingName = false
                    guard let entry = DpkgEntry(stanza, missingName: &missingName) else {
                        if missingName {
                            result.issues.append(AnalysisIssue(
                                source: "dpkg", path: record.path, layer: record.layer,
                                message: "line \(stanza.line): a paragraph without a Package field; skipped"))
                        }
                        continue
                    }
                    guard keys.insert(entry.package + "\u{0}" + entry.version + "\u{0}" + entry.architecture).inserted
                    else { continue }
                    result.packages.append(
                        package(entry, database: record, resolver: resolver, distro: context.distro, licenses: &licenseCache))
                }
            }
        }
        return result
    }

    static func package(
        _ entry: DpkgEntry, database: FileRecord, resolver: any FileResolver, distro: Distro?,
        licenses cache: inout [String: [String]]
    ) -> Package {
        let owned = DpkgOwnedFiles.find(entry, database: database.path, resolver: resolver)
        var locations = [database.path]
        locations += owned.evidence.map(\.path)
        var licenses: [String] = []
        let copyright = "/usr/share/doc/" + entry.package + "/copyright"
        if let cached = cache[copyright] {
            licenses = cached
            if resolver.contents(at: copyright) != nil { locations.append(copyright) }
        } else if let bytes = resolver.contents(at: copyright) {
            licenses = DpkgCopyright.licenses(bytes)
            cache[copyright] = licenses
            locations.append(copyright)
        }
        var metadata: [String: String] = [:]
        if !entry.maintainer.isEmpty { metadata["maintainer"] = entry.maintainer }
        if !entry.installedSize.isEmpty { metadata["installedSize"] = entry.installedSize }
        return Package(
            type: .deb, name: entry.package, version: entry.version, purl: purl(entry, distro: distro),
            licenses: licenses, locations: locations,
            layer: owned.evidence.first(where: { $0.path.hasSuffix(".list") })?.layer ?? database.layer,
            architecture: entry.architecture.isEmpty ? nil : entry.architecture,
            sourceName: entry.source.isEmpty ? nil : entry.source,
            sourceVersion: entry.sourceVersion.isEmpty ? nil : entry.sourceVersion,
            files: owned.files, metadata: metadata)
    }

    /// `pkg:deb/debian/NAME@VERSION?arch=ARCH&upstream=SRC%40SRCVERSION&distro=debian-12`. The namespace is the
    /// distro id (`ubuntu`, `raspbian`, …); with no distro known, `debian` without a `distro` qualifier (syft
    /// writes no PURL at all then).
    static func purl(_ entry: DpkgEntry, distro: Distro?) -> String {
        OSPackageURL.make(
            type: "deb", namespace: distro?.id ?? "debian", name: entry.package, version: entry.version,
            qualifiers: ["arch": entry.architecture, "upstream": entry.upstream], distro: distro)
    }
}
