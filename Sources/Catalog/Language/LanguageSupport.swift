import Layers

/// Small helpers shared by the language catalogers.
enum LanguageSupport {
    /// The regular files matching any of `globs`, each once, following a symlink only when its target matches no
    /// glob itself (so a linked metadata file is not reported twice). Returns the path the match was found at.
    /// `candidate` is a cheap test on the file name run before the globs (which cost far more per path).
    static func metadataFiles(
        _ resolver: any FileResolver, globs: [Glob], candidate: (Substring) -> Bool
    ) -> [FileRecord] {
        var found: [FileRecord] = []
        for file in resolver.files {
            let slash = file.path.lastIndex(of: "/").map { file.path.index(after: $0) } ?? file.path.startIndex
            guard candidate(file.path[slash...]), globs.contains(where: { $0.matches(file.path) }) else { continue }
            switch file.kind {
            case .regular:
                found.append(file)
            case .symlink, .hardlink:
                guard let target = resolver.resolve(file.path), target.kind == .regular,
                    !globs.contains(where: { $0.matches(target.path) })
                else { continue }
                var linked = file
                linked.layer = target.layer
                found.append(linked)
            default:
                continue
            }
        }
        return found
    }

    /// The contents of a matched file, or nil after recording an issue saying why they are missing.
    static func contents(
        _ resolver: any FileResolver, _ file: FileRecord, source: String, maxSize: Int64, issues: inout [AnalysisIssue]
    ) -> [UInt8]? {
        if let bytes = resolver.contents(at: file.path) { return bytes }
        let size = resolver.resolve(file.path)?.size ?? file.size
        let why =
            size > maxSize
            ? "the file is \(size) bytes, over the \(maxSize)-byte limit for reading it"
            : "the contents were not captured"
        issues.append(AnalysisIssue(source: source, path: file.path, layer: file.layer, message: why))
        return nil
    }
}
