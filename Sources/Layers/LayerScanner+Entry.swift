import Archive
import Crypto

extension LayerScanner {
    /// Classifies one tar member: a whiteout or opaque marker, a refused name, or a file record.
    func begin(_ entry: TarEntry) throws {
        entryCount += 1
        if entryCount > limits.maxEntries {
            throw LayerError(
                .tooLarge,
                "cannot read \(name): it has more than \(limits.maxEntries) entries, the bound on entries per "
                    + "layer (possible tar bomb)")
        }
        guard let path = PathCleaner.clean(entry.path) else {
            issue(entry.path, "the entry's name climbs out of the root with `..`; the entry is refused")
            return
        }
        let basename = path[path.index(after: path.lastIndex(of: "/")!)...]
        if basename.hasPrefix(".wh.") {
            whiteout(path, basename: basename, raw: entry.path)
            return
        }
        if path == "/" {
            if entry.kind != .directory { issue(entry.path, "a non-directory entry names the root; it is ignored") }
            return
        }
        if !contents.isEmpty { contents.removeValue(forKey: path) }
        if !extracts.isEmpty {
            for probe in extracts.keys { extracts[probe]?.removeValue(forKey: path) }
        }
        var record = FileRecord(
            path: path, kind: .other, mode: entry.mode & 0o7777, uid: entry.uid, gid: entry.gid)
        switch entry.kind {
        case .regular:
            record.kind = .regular
            record.size = entry.size
        case .directory: record.kind = .directory
        case .symbolicLink:
            record.kind = .symlink
            record.linkTarget = entry.linkName
            if Self.climbsAboveRoot(entry.linkName, from: path) {
                issue(
                    path,
                    "the symlink target \"\(entry.linkName)\" climbs above the root; it is kept and resolved "
                        + "inside the image, as in a chroot")
            }
        case .hardLink:
            guard !entry.linkName.isEmpty, let target = PathCleaner.clean(entry.linkName), target != "/" else {
                issue(path, "the hardlink target \"\(entry.linkName)\" leaves the root or is empty; the entry is refused")
                return
            }
            record.kind = .hardlink
            record.linkTarget = target
        case .characterDevice: record.kind = .characterDevice
        case .blockDevice: record.kind = .blockDevice
        case .fifo: record.kind = .fifo
        case .other: record.kind = .other
        }
        entries.append(record)
        guard record.kind == .regular else { return }
        inRegular = true
        currentIndex = entries.count - 1
        fileHasher = SHA256()
        if !matcher.isEmpty, let bound = matcher.limit(for: path, basename: basename), entry.size <= bound {
            if capturedBytes + entry.size <= limits.maxCapturedBytes {
                capturing = true
                capturedBytes += entry.size
                captureBuffer = []
                captureBuffer.reserveCapacity(Int(entry.size))
            } else {
                issue(
                    path,
                    "not captured: the contents captured from this layer would exceed the bound of "
                        + "\(limits.maxCapturedBytes) bytes")
            }
        }
        for probe in probes {
            if let session = probe.start(record) {
                sessions.append(ActiveSession(probe: probe.name, session: session, active: true))
            }
        }
    }

    /// Records `.wh.NAME` (delete NAME from lower layers) or `.wh..wh..opq` (hide the directory's lower contents).
    private func whiteout(_ path: String, basename: Substring, raw: String) {
        let parent = PathCleaner.parent(of: path)
        let name = basename.dropFirst(4)
        if name == ".wh..opq" {
            opaqueDirectories.append(parent)
        } else if name.hasPrefix(".wh.") {
            return  // other AUFS metadata (.wh..wh.plnk, .wh..wh.aufs): not a file
        } else if name.isEmpty || name == "." || name == ".." {
            issue(raw, "the whiteout names no file; it is ignored")
        } else {
            whiteouts.append(parent == "/" ? "/" + name : parent + "/" + name)
        }
    }

    func issue(_ path: String?, _ message: String) {
        guard issues.count < limits.maxIssues else {
            omittedIssues += 1
            return
        }
        issues.append(AnalysisIssue(source: "layer", path: path, message: message))
    }

    /// Whether a symlink target, taken from the link's directory, climbs above the root with `..` (lexically).
    static func climbsAboveRoot(_ target: String, from link: String) -> Bool {
        guard target.utf8.contains(UInt8(ascii: ".")) else { return false }
        var depth = 0
        if !target.hasPrefix("/") {
            let directory = PathCleaner.parent(of: link)
            depth = directory == "/" ? 0 : directory.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) }
        }
        for part in target.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                depth -= 1
                if depth < 0 { return true }
            default: depth += 1
            }
        }
        return false
    }
}
