import Layers

extension Cataloger {
    /// Alpine (and Wolfi, Chainguard, postmarketOS) packages from apk's installed database, with origin
    /// (source) packages, licenses and owned files.
    public static let apk = Cataloger(name: "apk", captures: ApkCatalog.captures) { resolver, context in
        ApkCatalog.catalog(resolver, context)
    }
}

enum ApkCatalog {
    static let database = Glob("**/lib/apk/db/installed")

    static let captures: [CaptureRule] = [
        CaptureRule("**/lib/apk/db/installed", maxSize: 64 * 1024 * 1024),
        CaptureRule("/etc/apk/repositories", maxSize: 64 * 1024),
    ]

    static func catalog(_ resolver: any FileResolver, _ context: CatalogContext) -> CatalogResult {
        var result = CatalogResult()
        let distro = context.distro ?? repositoryDistro(resolver)
        for record in resolver.files(matching: database) where record.kind != .directory {
            guard let bytes = resolver.contents(at: record.path) else {
                result.issues.append(AnalysisIssue(
                    source: "apk", path: record.path, layer: record.layer,
                    message: "the package database (\(record.size) bytes) was not captured"))
                continue
            }
            let parsed = ApkEntry.parse(String(decoding: bytes, as: UTF8.self))
            for problem in parsed.problems {
                result.issues.append(AnalysisIssue(source: "apk", path: record.path, layer: record.layer, message: problem))
            }
            for entry in parsed.entries {
                result.packages.append(package(entry, database: record, distro: distro))
            }
        }
        return result
    }

    static func package(_ entry: ApkEntry, database: FileRecord, distro: Distro?) -> Package {
        var metadata: [String: String] = [:]
        if !entry.description.isEmpty { metadata["description"] = entry.description }
        if !entry.maintainer.isEmpty { metadata["maintainer"] = entry.maintainer }
        if !entry.url.isEmpty { metadata["url"] = entry.url }
        return Package(
            type: .apk, name: entry.name, version: entry.version, purl: purl(entry, distro: distro),
            licenses: OSLicenses.split(entry.license), locations: [database.path], layer: database.layer,
            architecture: entry.architecture.isEmpty ? nil : entry.architecture,
            sourceName: entry.origin.isEmpty ? nil : entry.origin, files: entry.files, metadata: metadata)
    }

    /// `pkg:apk/alpine/NAME@VERSION?arch=ARCH&upstream=ORIGIN&distro=alpine-3.19.1`, `upstream` only when the
    /// origin differs from the name (as syft writes it).
    static func purl(_ entry: ApkEntry, distro: Distro?) -> String {
        OSPackageURL.make(
            type: "apk", namespace: distro?.id.lowercased() ?? "alpine", name: entry.name, version: entry.version,
            qualifiers: ["arch": entry.architecture, "upstream": entry.origin == entry.name ? "" : entry.origin],
            distro: distro)
    }

    /// Without a release file, the Alpine branch of the first official repository
    /// (`https://dl-cdn.alpinelinux.org/alpine/v3.19/main` → alpine 3.19), as syft does.
    static func repositoryDistro(_ resolver: any FileResolver) -> Distro? {
        guard let bytes = resolver.contents(at: "/etc/apk/repositories") else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "/")
            guard line.hasPrefix("https://"), parts.count >= 5, parts[1].hasSuffix(".alpinelinux.org"),
                parts[2] == "alpine", parts[3].hasPrefix("v")
            else { continue }
            let version = String(parts[3].dropFirst())
            return DistroDetection.make(id: "alpine", version: version, prettyName: "Alpine Linux v" + version)
        }
        return nil
    }
}
