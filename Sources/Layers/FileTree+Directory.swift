public import Foundation

extension FileTree {
    /// Reads a rootfs-shaped directory (a test fixture, or `drydock scan dir:PATH`) as if it were one layer:
    /// records every file and captures the contents of files matched by `captures`.
    /// Unreadable files become issues, not errors.
    public static func directory(
        _ root: URL, captures: [CaptureRule], layer: Int = 0
    ) -> (tree: FileTree, issues: [AnalysisIssue]) {
        var files: [FileRecord] = []
        var contents: [String: [UInt8]] = [:]
        var issues: [AnalysisIssue] = []
        let manager = FileManager.default
        let rootPath = root.standardizedFileURL.path
        guard let enumerator = manager.enumerator(atPath: rootPath) else {
            return (FileTree(files: []), [AnalysisIssue(source: "directory", path: rootPath, message: "cannot read the directory")])
        }
        while let relative = enumerator.nextObject() as? String {
            let full = rootPath + "/" + relative
            guard let path = PathCleaner.clean(relative),
                let attributes = try? manager.attributesOfItem(atPath: full)
            else {
                issues.append(AnalysisIssue(source: "directory", path: relative, message: "cannot read file attributes"))
                continue
            }
            let type = attributes[.type] as? FileAttributeType
            let kind: FileRecord.Kind =
                switch type {
                case .typeRegular?: .regular
                case .typeDirectory?: .directory
                case .typeSymbolicLink?: .symlink
                case .typeCharacterSpecial?: .characterDevice
                case .typeBlockSpecial?: .blockDevice
                default: .other
                }
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
            var record = FileRecord(
                path: path, kind: kind, size: kind == .regular ? size : 0,
                mode: UInt32(truncatingIfNeeded: (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o644),
                uid: (attributes[.ownerAccountID] as? NSNumber)?.intValue ?? 0,
                gid: (attributes[.groupOwnerAccountID] as? NSNumber)?.intValue ?? 0, layer: layer)
            if kind == .symlink { record.linkTarget = try? manager.destinationOfSymbolicLink(atPath: full) }
            if kind == .regular, captures.contains(where: { $0.glob.matches(path) && size <= $0.maxSize }) {
                if let data = manager.contents(atPath: full) {
                    contents[path] = [UInt8](data)
                } else {
                    issues.append(AnalysisIssue(source: "directory", path: path, message: "cannot read the file"))
                }
            }
            files.append(record)
        }
        return (FileTree(files: files, contents: contents), issues)
    }
}
