/// The squashed view of an image (or of a directory): files by path, plus captured contents and probe extracts.
/// The one ``FileResolver`` implementation; built by squashing layer records or by reading a directory.
public struct FileTree: FileResolver {
    public let files: [FileRecord]
    private let byPath: [String: Int]
    private let contents: [String: [UInt8]]
    private let extracts: [String: [String: [UInt8]]]

    /// - Parameters:
    ///   - files: one record per path (later duplicates win).
    ///   - contents: captured contents by path.
    ///   - extracts: probe extracts by probe name, then path.
    public init(files: [FileRecord], contents: [String: [UInt8]] = [:], extracts: [String: [String: [UInt8]]] = [:]) {
        var unique: [String: FileRecord] = [:]
        for file in files { unique[file.path] = file }
        self.init(unique: Array(unique.values), contents: contents, extracts: extracts)
    }

    /// Builds the tree from files already unique by path (what ``squash(_:)`` produces); nearly sorted input
    /// (runs in either direction, as tar order gives) sorts in close to linear time.
    init(unique: [FileRecord], contents: [String: [UInt8]], extracts: [String: [String: [UInt8]]]) {
        let sorted = unique.sorted { $0.path < $1.path }
        self.files = sorted
        var index: [String: Int] = [:]
        for (position, file) in sorted.enumerated() { index[file.path] = position }
        self.byPath = index
        self.contents = contents
        self.extracts = extracts
    }

    public func file(at path: String) -> FileRecord? {
        byPath[path].map { files[$0] }
    }

    public func resolve(_ path: String) -> FileRecord? {
        var current = path
        // Up to 40 links followed, as Linux's MAXSYMLINKS, then the file itself.
        for _ in 0...40 {
            guard let file = resolveParents(current) else { return nil }
            switch file.kind {
            case .symlink:
                guard let target = file.linkTarget else { return nil }
                current = PathCleaner.join(PathCleaner.parent(of: file.path), target)
            case .hardlink:
                guard let target = file.linkTarget else { return nil }
                current = target
            default:
                return file
            }
        }
        return nil  // a symlink loop
    }

    /// The file at a path whose directories may be symlinks (e.g. `/lib` → `/usr/lib` on merged-/usr systems).
    private func resolveParents(_ path: String, depth: Int = 0) -> FileRecord? {
        if let direct = file(at: path) { return direct }
        guard depth < 8 else { return nil }
        var prefix = ""
        let components = path.split(separator: "/")
        for (offset, component) in components.enumerated() {
            prefix += "/" + component
            guard let node = file(at: prefix), node.kind == .symlink, let target = node.linkTarget else { continue }
            let rest = components[(offset + 1)...].joined(separator: "/")
            let base = PathCleaner.join(PathCleaner.parent(of: prefix), target)
            let rewritten = rest.isEmpty ? base : PathCleaner.join(base, rest)
            return rewritten == path ? nil : resolveParents(rewritten, depth: depth + 1)
        }
        return nil
    }

    public func contents(at path: String) -> [UInt8]? {
        if let direct = contents[path] { return direct }
        guard let target = resolve(path) else { return nil }
        return contents[target.path]
    }

    public func extract(_ probe: String, at path: String) -> [UInt8]? {
        extracts[probe]?[path]
    }

    public func files(matching glob: Glob) -> [FileRecord] {
        // Most catalogers' globs end in a literal name (`METADATA`, `status`): compare that first, byte for byte,
        // and run the glob only on the few paths that end with it.
        guard let name = glob.literalBasename else { return files.filter { glob.matches($0.path) } }
        let suffix = Array(("/" + name).utf8)
        return files.filter { file in
            let path = file.path.utf8
            guard path.count >= suffix.count, path.reversed().starts(with: suffix.reversed()) else { return false }
            return glob.matches(file.path)
        }
    }
}
