import Layers

/// The files a Debian package owns: `info/PACKAGE[:ARCH].list` beside the status file (directories left out), or
/// for distroless `status.d/PACKAGE[:ARCH].md5sums`, plus the paths of its `Conffiles:` field.
enum DpkgOwnedFiles {
    static func find(_ entry: DpkgEntry, database: String, resolver: any FileResolver)
        -> (files: [String], evidence: [FileRecord])
    {
        let directory = PathCleaner.parent(of: database)
        let distroless = PathCleaner.basename(directory) == "status.d"
        let infoDirectory = distroless ? directory : directory + "/info"
        let suffix = distroless ? ".md5sums" : ".list"
        var names = [entry.package]
        if !entry.architecture.isEmpty, entry.architecture != "all" {
            names.insert(entry.package + ":" + entry.architecture, at: 0)
        }
        var files: [String] = []
        var evidence: [FileRecord] = []
        for name in names {
            let path = infoDirectory + "/" + name + suffix
            guard let record = resolver.file(at: path), let bytes = resolver.contents(at: path) else { continue }
            evidence.append(record)
            files = distroless ? md5sumsPaths(String(decoding: bytes, as: UTF8.self)) : listPaths(bytes, resolver: resolver)
            break
        }
        var known = Set(files)
        for conffile in entry.conffiles {
            if let path = PathCleaner.clean(conffile), known.insert(path).inserted { files.append(path) }
        }
        return (files, evidence)
    }

    /// One absolute path a line; `/.` and directories of the image are left out. Split as bytes: a Debian image
    /// has tens of thousands of these lines and they are read on every analysis.
    static func listPaths(_ text: String, resolver: any FileResolver) -> [String] {
        listPaths(Array(text.utf8), resolver: resolver)
    }

    static func listPaths(_ bytes: [UInt8], resolver: any FileResolver) -> [String] {
        var paths: [String] = []
        for line in bytes.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) where line.first == UInt8(ascii: "/") {
            guard let path = PathCleaner.clean(String(decoding: line, as: UTF8.self)), path != "/" else { continue }
            // Most entries are in the tree as written; only paths under a symlinked directory need resolving.
            let record = resolver.file(at: path).flatMap { $0.kind == .symlink || $0.kind == .hardlink ? nil : $0 }
                ?? resolver.resolve(path)
            if record?.kind == .directory { continue }
            paths.append(path)
        }
        return paths
    }

    /// `MD5  relative/path` lines.
    static func md5sumsPaths(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            guard let space = line.firstIndex(of: " ") else { return nil }
            let rest = line[space...].drop { $0 == " " }
            return rest.isEmpty ? nil : PathCleaner.clean(String(rest))
        }
    }
}
