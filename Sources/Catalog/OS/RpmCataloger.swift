import Layers

extension Cataloger {
    /// Red Hat family and SUSE packages from the rpm database in any of its three formats — SQLite
    /// `rpmdb.sqlite`, BerkeleyDB `Packages`, ndb `Packages.db` — under `/var/lib/rpm`, `/usr/lib/sysimage/rpm`
    /// or `/usr/share/rpm`, with epoch, release, source rpm, license and owned files read from each header.
    public static let rpm = Cataloger(name: "rpm", captures: RpmCatalog.captures) { resolver, context in
        RpmCatalog.catalog(resolver, context)
    }
}

enum RpmCatalog {
    static let pattern = "/{var/lib,usr/lib/sysimage,usr/share}/rpm/{Packages,Packages.db,rpmdb.sqlite}"
    static let database = Glob(pattern)
    static let captures = [CaptureRule(pattern, maxSize: 256 * 1024 * 1024)]

    static func catalog(_ resolver: any FileResolver, _ context: CatalogContext) -> CatalogResult {
        var result = CatalogResult()
        var seen: Set<String> = []
        for record in resolver.files(matching: database) where record.kind != .directory {
            guard seen.insert(resolver.resolve(record.path)?.path ?? record.path).inserted else { continue }
            func issue(_ message: String) {
                result.issues.append(AnalysisIssue(source: "rpm", path: record.path, layer: record.layer, message: message))
            }
            guard let bytes = resolver.contents(at: record.path) else {
                issue("the package database (\(record.size) bytes) was not captured")
                continue
            }
            if bytes.isEmpty { continue }
            let read: (values: [[UInt8]], problems: [String])
            do {
                read = try RpmDatabase.values(bytes)
            } catch {
                issue(error.description)
                continue
            }
            read.problems.forEach(issue)
            for (index, blob) in read.values.enumerated() {
                do {
                    let info = RpmPackageInfo(try RpmHeader(blob: blob))
                    guard !info.name.isEmpty else {
                        issue("package \(index + 1): a header without a name; skipped")
                        continue
                    }
                    result.packages.append(package(info, database: record, distro: context.distro))
                } catch {
                    issue("package \(index + 1): \(error.description); skipped")
                }
            }
        }
        return result
    }

    static func package(_ info: RpmPackageInfo, database: FileRecord, distro: Distro?) -> Package {
        var metadata: [String: String] = [:]
        if !info.sourceRPM.isEmpty { metadata["sourceRpm"] = info.sourceRPM }
        if !info.vendor.isEmpty { metadata["vendor"] = info.vendor }
        if let size = info.size { metadata["size"] = String(size) }
        if !info.modularityLabel.isEmpty { metadata["modularityLabel"] = info.modularityLabel }
        let source = info.source
        let sourceVersion = source.map(\.versionRelease).flatMap { $0 == info.version + "-" + info.release ? nil : $0 }
        return Package(
            type: .rpm, name: info.name, version: info.evr, purl: purl(info, distro: distro),
            licenses: info.license.isEmpty ? [] : [info.license], locations: [database.path], layer: database.layer,
            architecture: info.architecture.isEmpty ? nil : info.architecture, sourceName: source?.name,
            sourceVersion: sourceVersion, epoch: info.epoch, release: info.release.isEmpty ? nil : info.release,
            files: info.files, metadata: metadata)
    }

    /// `pkg:rpm/redhat/NAME@VERSION-RELEASE?arch=ARCH&epoch=E&upstream=SRPM&distro=rhel-9.3`, as syft writes it:
    /// the namespace is the distro id, except `rhel` → `redhat` and `opensuse-*` → `opensuse`; none without a
    /// distro.
    static func purl(_ info: RpmPackageInfo, distro: Distro?) -> String {
        var namespace = distro?.id ?? ""
        if namespace == "rhel" || namespace == "hummingbird" { namespace = "redhat" }
        if namespace.hasPrefix("opensuse") { namespace = "opensuse" }
        return OSPackageURL.make(
            type: "rpm", namespace: namespace, name: info.name, version: info.version + "-" + info.release,
            qualifiers: ["arch": info.architecture, "epoch": info.epoch.map(String.init) ?? "", "upstream": info.sourceRPM],
            distro: distro)
    }
}
