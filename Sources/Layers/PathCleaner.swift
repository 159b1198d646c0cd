/// Path hygiene for names read from layers: everything becomes a cleaned absolute path, and names that climb
/// out of the root are refused.
public enum PathCleaner {
    /// `./usr//lib/../bin/` → `/usr/bin`; nil when the name escapes the root (`../etc/passwd`) or is empty.
    public static func clean(_ raw: String) -> String? {
        var parts: [Substring] = []
        for part in raw.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Joins a link target to a directory, lexically; absolute targets start from the root. Never leaves the root
    /// (`..` at the root stays at the root, as the kernel does inside a chroot).
    public static func join(_ directory: String, _ target: String) -> String {
        let combined = target.hasPrefix("/") ? target : directory + "/" + target
        var parts: [Substring] = []
        for part in combined.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `/a/b/c` → `/a/b`; `/a` → `/`.
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// `/a/b/c` → `c`.
    public static func basename(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
