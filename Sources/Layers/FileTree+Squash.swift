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
        var visible: Set<String> = []
        var files: [FileRecord] = []
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
                guard visible.insert(path).inserted else { continue }
                var file = entry
                file.layer = index
                files.append(file)
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
        return (FileTree(unique: files, contents: contents, extracts: extracts), issues)
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

/// A set of paths in an open-addressing table keyed by their FNV-1a hash, so probing a prefix costs a few
/// integer compares and, on a hit, a byte comparison: no string hashing, no allocation.
private struct HashedPaths {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Hash per slot, 0 for an empty slot.
    private var hashes: [UInt64] = []
    /// Index into `paths` per slot.
    private var indices: [Int32] = []
    private var paths: [String] = []
    private(set) var containsRoot = false

    var isEmpty: Bool { paths.isEmpty }

    @inline(__always) static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }

    mutating func insert(_ path: String) {
        if path == "/" { containsRoot = true }
        var hash = Self.seed
        for byte in path.utf8 { hash = Self.step(hash, byte) }
        if contains(hash, path, path.utf8.count) { return }
        if (paths.count + 1) * 2 > hashes.count { grow() }
        paths.append(path)
        place(Self.occupied(hash), Int32(paths.count - 1))
    }

    /// Whether the first `length` UTF-8 bytes of `path`, whose hash is `hash`, are in the set.
    func contains(_ hash: UInt64, _ path: String, _ length: Int) -> Bool {
        guard !hashes.isEmpty else { return false }
        let hash = Self.occupied(hash)
        let mask = hashes.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while hashes[slot] != 0 {
            if hashes[slot] == hash {
                let candidate = paths[Int(indices[slot])].utf8
                if candidate.count == length && candidate.elementsEqual(path.utf8.prefix(length)) { return true }
            }
            slot = (slot + 1) & mask
        }
        return false
    }

    /// Hashes are never 0, the empty-slot marker.
    @inline(__always) private static func occupied(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    private mutating func place(_ hash: UInt64, _ index: Int32) {
        let mask = hashes.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while hashes[slot] != 0 { slot = (slot + 1) & mask }
        hashes[slot] = hash
        indices[slot] = index
    }

    private mutating func grow() {
        let old = (hashes, indices)
        let capacity = max(64, hashes.count * 2)
        hashes = Array(repeating: 0, count: capacity)
        indices = Array(repeating: 0, count: capacity)
        for slot in old.0.indices where old.0[slot] != 0 { place(old.0[slot], old.1[slot]) }
    }
}
