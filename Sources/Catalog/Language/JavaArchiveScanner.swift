import Layers

/// Finds the Java packages in one archive and, recursively, in the archives it holds (Spring Boot
/// `BOOT-INF/lib/*.jar`, `WEB-INF/lib/*.jar`, an `.ear`'s modules), within a depth and a byte budget.
///
/// Per archive, as syft does: the archive's own package is named by a `pom.properties` whose artifactId matches
/// the file name, else by the manifest and the file name (`name-version.jar`); every other `pom.properties`
/// (shaded dependencies) is a package of its own; a `pom.properties` naming the archive's own artifact refines it.
struct JavaArchiveScanner {
    /// Bounds on what one top-level archive may cost.
    struct Limits: Sendable {
        /// The largest nested archive inflated into memory.
        var maxNestedSize = 64 * 1024 * 1024
        /// The total of nested archive bytes inspected for one top-level archive.
        var maxNestedTotal = 512 * 1024 * 1024
        /// How deep archives inside archives are followed (1 = the archives directly inside).
        var maxDepth = 4
        /// The largest manifest, pom.properties or pom.xml read.
        var maxMetadataSize = 1024 * 1024
    }

    static let source = "java"
    static let extensions = ["jar", "war", "ear", "par", "sar", "nar", "jpi", "hpi", "kar", "lpkg"]

    /// The top-level archive's path: every package found inside it is located there.
    let path: String
    let layer: Int?
    var limits = Limits()
    private(set) var packages: [Package] = []
    private(set) var issues: [AnalysisIssue] = []
    private var nestedTotal = 0
    private var seen: Set<String> = []

    init(path: String, layer: Int?, limits: Limits = Limits()) {
        self.path = path
        self.layer = layer
        self.limits = limits
    }

    /// Scans an archive; `virtualPath` is `outer.jar:inner.jar` for nested ones.
    mutating func scan(_ bytes: ArraySlice<UInt8>, virtualPath: String, depth: Int = 0) {
        let zip: ZipArchive
        do throws(ZipArchive.ZipError) {
            zip = try ZipArchive(bytes)
        } catch {
            issue(virtualPath, "cannot read the archive: \(error.description)")
            return
        }
        let manifest = zip.entries.first { $0.name == "META-INF/MANIFEST.MF" }.flatMap {
            read($0, in: zip, virtualPath)
        }
        .map(JavaMetadata.manifest)
        var properties: [String: [String: String]] = [:]
        var poms: [String: JavaMetadata.POM] = [:]
        for entry in zip.entries where entry.name.hasPrefix("META-INF/maven/") {
            let directory = PathCleaner.parent(of: "/" + entry.name)
            if entry.name.hasSuffix("/pom.properties"), let bytes = read(entry, in: zip, virtualPath) {
                let values = JavaMetadata.properties(bytes)
                if !(values["artifactId"] ?? "").isEmpty, !(values["version"] ?? "").isEmpty {
                    properties[directory] = values
                }
            } else if entry.name.hasSuffix("/pom.xml"), let bytes = read(entry, in: zip, virtualPath),
                let pom = JavaMetadata.pom(bytes)
            {
                poms[directory] = pom
            }
        }
        if manifest?.main("Weave-Classes") == nil {
            identify(manifest: manifest, properties: properties, poms: poms, virtualPath: virtualPath)
        }
        if depth < limits.maxDepth { scanNested(zip, virtualPath: virtualPath, depth: depth) }
    }

    private mutating func identify(
        manifest: JavaMetadata.Manifest?, properties: [String: [String: String]], poms: [String: JavaMetadata.POM],
        virtualPath: String
    ) {
        let archiveName = virtualPath.split(separator: ":").last.map(String.init) ?? virtualPath
        let file = JavaMetadata.filename(archiveName)
        let directories = properties.keys.sorted()
        // The archive's own pom.properties: an exact artifactId match with the file name, else a prefix/suffix one.
        let exact = directories.contains { properties[$0]?["artifactId"] == file.name }
        var own: String?
        for directory in directories {
            let artifact = properties[directory]?["artifactId"] ?? ""
            let loose = !file.name.isEmpty && (artifact.hasPrefix(file.name) || file.name.hasSuffix(artifact))
            if exact ? artifact == file.name : loose {
                own = directory
                if poms[directory] != nil { break }
            }
        }
        var main: Coordinates?
        if manifest != nil || own != nil {
            let pom = own.flatMap { properties[$0] }
            var coordinates = Coordinates(
                group: pom.map { group(properties: $0, pom: own.flatMap { poms[$0] }) } ?? "",
                name: pom?["artifactId"] ?? JavaArchiveNaming.name(manifest, file: file),
                version: pom?["version"] ?? JavaArchiveNaming.version(manifest, file: file),
                licenses: JavaArchiveNaming.licenses(manifest), virtualPath: virtualPath)
            if coordinates.licenses.isEmpty { coordinates.licenses = own.flatMap { poms[$0]?.licenses } ?? [] }
            if coordinates.group.isEmpty { coordinates.group = JavaArchiveNaming.group(manifest) ?? coordinates.name }
            main = coordinates
        }
        var others: [Coordinates] = []
        for directory in directories where directory != own {
            guard let values = properties[directory], let artifact = values["artifactId"],
                let version = values["version"]
            else { continue }
            let group = group(properties: values, pom: poms[directory])
            // Another pom.properties for the archive's own artifact refines it (syft: pom data beats the manifest).
            if let current = main, artifact == current.name {
                main?.version = version
                main?.group = group.isEmpty ? current.group : group
                continue
            }
            others.append(
                Coordinates(
                    group: group.isEmpty ? artifact : group, name: artifact, version: version,
                    licenses: poms[directory]?.licenses ?? [], virtualPath: virtualPath + ":\(group):\(artifact)"))
        }
        // A pom.xml without a pom.properties beside it still names a package.
        for (directory, pom) in poms.sorted(by: { $0.key < $1.key }) where properties[directory] == nil {
            let group = pom.groupID.isEmpty ? pom.parentGroupID : pom.groupID
            let version = pom.version.isEmpty ? pom.parentVersion : pom.version
            guard !pom.artifactID.isEmpty, !version.isEmpty, pom.artifactID != main?.name else { continue }
            others.append(
                Coordinates(
                    group: group.isEmpty ? pom.artifactID : group, name: pom.artifactID, version: version,
                    licenses: pom.licenses, virtualPath: virtualPath + ":\(group):\(pom.artifactID)"))
        }
        if let main, !TextLines.trim(main.name).isEmpty { add(main) }
        others.forEach { add($0) }
        if main == nil && others.isEmpty {
            issue(virtualPath, "no package identified in the archive (no manifest or Maven metadata)")
        }
    }

    private func group(properties: [String: String], pom: JavaMetadata.POM?) -> String {
        if let group = properties["groupId"].map(JavaArchiveNaming.cleanGroup), !group.isEmpty { return group }
        if let artifact = properties["artifactId"], artifact.contains(".") {
            return JavaArchiveNaming.cleanGroup(artifact)
        }
        if let pom { return pom.groupID.isEmpty ? pom.parentGroupID : pom.groupID }
        return ""
    }

    private struct Coordinates {
        var group: String
        var name: String
        var version: String
        var licenses: [String]
        var virtualPath: String
    }

    private mutating func add(_ coordinates: Coordinates) {
        let version = TextLines.trim(coordinates.version).isEmpty ? "UNKNOWN" : coordinates.version
        let key = [coordinates.group, coordinates.name, version, coordinates.virtualPath].joined(separator: "|")
        guard seen.insert(key).inserted else { return }
        packages.append(
            Package(
                type: .java, name: coordinates.name, version: version,
                purl: LanguagePURL.maven(
                    group: coordinates.group, artifact: coordinates.name, version: coordinates.version),
                licenses: coordinates.licenses, locations: [path], layer: layer,
                metadata: [
                    "groupId": coordinates.group, "artifactId": coordinates.name,
                    "virtualPath": coordinates.virtualPath,
                ]))
    }

    private mutating func scanNested(_ zip: ZipArchive, virtualPath: String, depth: Int) {
        let nested = zip.entries.filter { entry in
            !entry.isDirectory && Self.extensions.contains { entry.name.lowercased().hasSuffix("." + $0) }
        }
        for entry in nested {
            let nestedPath = virtualPath + ":" + entry.name
            guard entry.uncompressedSize <= limits.maxNestedSize else {
                issue(
                    nestedPath,
                    "nested archive too large to inspect (\(entry.uncompressedSize) bytes, limit \(limits.maxNestedSize))"
                )
                continue
            }
            guard nestedTotal + entry.uncompressedSize <= limits.maxNestedTotal else {
                issue(virtualPath, "nested archives past \(limits.maxNestedTotal) bytes in total were not inspected")
                return
            }
            nestedTotal += entry.uncompressedSize
            do throws(ZipArchive.ZipError) {
                let bytes = try zip.contents(of: entry, limit: limits.maxNestedSize)
                scan(bytes, virtualPath: nestedPath, depth: depth + 1)
            } catch {
                issue(nestedPath, "cannot read the nested archive: \(error.description)")
            }
        }
    }

    private mutating func read(_ entry: ZipArchive.Entry, in zip: ZipArchive, _ virtualPath: String) -> ArraySlice<
        UInt8
    >? {
        do throws(ZipArchive.ZipError) {
            return try zip.contents(of: entry, limit: limits.maxMetadataSize)
        } catch {
            issue(virtualPath, "cannot read \(entry.name): \(error.description)")
            return nil
        }
    }

    private mutating func issue(_ virtualPath: String, _ message: String) {
        issues.append(AnalysisIssue(source: Self.source, path: virtualPath, layer: layer, message: message))
    }
}
