extension FileTree {
    /// Squashes layer records, base first, into the file tree a container would see.
    ///
    /// - A file replaces the same path of a lower layer; directories keep the latest metadata.
    /// - A whiteout (`.wh.NAME`) deletes the path and everything below it from lower layers.
    /// - An opaque marker (`.wh..wh..opq`) hides everything below its directory from lower layers, but not the
    ///   entries of its own layer.
    /// - A non-directory replaces a lower (or earlier, same-layer) directory together with everything below it.
    /// - Captured contents and probe extracts follow the version of the file they were read from.
    ///
    /// Every ``FileRecord/layer`` and ``AnalysisIssue/layer`` is set to the index of its layer in `layers`.
    /// Layers are walked newest first, so a hidden lower file costs one look-up and is never copied.
    public static func squash(_ layers: [LayerRecord]) -> (tree: FileTree, issues: [AnalysisIssue]) {
        var visible: [String: FileRecord] = [:]
        visible.reserveCapacity(layers.reduce(0) { $0 + $1.entries.count })
        var contents: [String: [UInt8]] = [:]
        var extracts: [String: [String: [UInt8]]] = [:]
        var hiddenBelow = Hidden()
        var issues: [AnalysisIssue] = []

        for (index, layer) in layers.enumerated().reversed() {
            for entry in layer.entries.reversed() {
                let path = entry.path
                guard !hiddenBelow.hides(path) else { continue }
                // A non-directory hides what lower layers have below it, even when an upper layer replaced it.
                if entry.kind != .directory { hiddenBelow.hideSubtree(path) }
                guard visible[path] == nil else { continue }
                var file = entry
                file.layer = index
                visible[path] = file
                guard file.kind == .regular else { continue }
                if let bytes = layer.contents[path] { contents[path] = bytes }
                for (probe, files) in layer.extracts {
                    if let bytes = files[path] { extracts[probe, default: [:]][path] = bytes }
                }
            }
            for path in layer.whiteouts { hiddenBelow.hideSubtree(path) }
            for path in layer.opaqueDirectories { hiddenBelow.hideChildren(path) }
        }
        for (index, layer) in layers.enumerated() {
            for var issue in layer.issues {
                issue.layer = index
                issues.append(issue)
            }
        }
        return (FileTree(files: Array(visible.values), contents: contents, extracts: extracts), issues)
    }
}

/// What upper layers hide from lower ones while squashing newest first.
///
/// Every entry is checked against all of its ancestors, so the check hashes each path once, byte by byte
/// (FNV-1a, extended at each `/`), and probes sets of 64-bit hashes; only a hash hit is confirmed on the strings.
private struct Hidden {
    /// Paths hidden with everything below them: whiteouts and non-directories of upper layers.
    private var subtrees = HashedPaths()
    /// Directories whose contents (not themselves) are hidden: opaque markers of upper layers.
    private var children = HashedPaths()

    mutating func hideSubtree(_ path: String) { subtrees.insert(path) }

    mutating func hideChildren(_ directory: String) { children.insert(directory) }

    /// Whether an entry at `path` is hidden by what upper layers (or later entries of its own layer) put above it.
    func hides(_ path: String) -> Bool {
        if subtrees.isEmpty && children.isEmpty { return false }
        if children.containsRoot { return path != "/" }
        var hash = HashedPaths.seed
        var length = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") && length > 0 {
                if subtrees.contains(hash, path, length) || children.contains(hash, path, length) { return true }
            }
            hash = HashedPaths.step(hash, byte)
            length += 1
        }
        return subtrees.contains(hash, path, length)
    }
}

/// A set of paths keyed by FNV-1a hash, so probing a prefix costs an integer look-up and, on a hit, a byte
/// comparison: no string hashing, no allocation.
private struct HashedPaths {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    private var byHash: [UInt64: String] = [:]
    /// Paths whose hash collides with another's (practically never).
    private var collisions: [UInt64: [String]] = [:]
    private(set) var containsRoot = false

    var isEmpty: Bool { byHash.isEmpty }

    @inline(__always) static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }

    mutating func insert(_ path: String) {
        if path == "/" { containsRoot = true }
        var hash = Self.seed
        for byte in path.utf8 { hash = Self.step(hash, byte) }
        guard let existing = byHash[hash] else {
            byHash[hash] = path
            return
        }
        if existing != path && !(collisions[hash]?.contains(path) ?? false) {
            collisions[hash, default: []].append(path)
        }
    }

    /// Whether the first `length` UTF-8 bytes of `path`, whose hash is `hash`, are in the set.
    func contains(_ hash: UInt64, _ path: String, _ length: Int) -> Bool {
        guard let candidate = byHash[hash] else { return false }
        let prefix = path.utf8.prefix(length)
        if candidate.utf8.count == length && candidate.utf8.elementsEqual(prefix) { return true }
        return collisions[hash]?.contains { $0.utf8.count == length && $0.utf8.elementsEqual(prefix) } ?? false
    }
}
