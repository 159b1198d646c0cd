/// Path hygiene for names read from layers: everything becomes a cleaned absolute path, and names that climb
/// out of the root are refused.
public enum PathCleaner {
    /// `./usr//lib/../bin/` → `/usr/bin`; nil when the name escapes the root (`../etc/passwd`) or is empty.
    public static func clean(_ raw: String) -> String? {
        if let fast = cleanFast(raw) { return fast }
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

    /// The common case of ``clean(_:)`` without splitting: a name that is already clean apart from a leading `./`
    /// or `/` and a trailing `/` (`usr/bin/env`, `./etc/`). Nil when the slow path must decide.
    private static func cleanFast(_ raw: String) -> String? {
        let result: String?? = raw.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            let slash = UInt8(ascii: "/")
            let dot = UInt8(ascii: ".")
            var start = 0
            var end = bytes.count
            if end >= 2 && bytes[0] == dot && bytes[1] == slash {
                start = 2
            } else if end >= 1 && bytes[0] == slash {
                start = 1
            }
            if end > start && bytes[end - 1] == slash { end -= 1 }
            guard end > start else { return nil }
            var componentStart = start
            for index in start...end {
                guard index == end || bytes[index] == slash else { continue }
                let length = index - componentStart
                if length == 0 { return nil }
                if bytes[componentStart] == dot && (length == 1 || (length == 2 && bytes[componentStart + 1] == dot)) {
                    return nil
                }
                componentStart = index + 1
            }
            if start == 1 && end == bytes.count { return raw }
            let body = UnsafeBufferPointer(rebasing: bytes[start..<end])
            return String(unsafeUninitializedCapacity: body.count + 1) { buffer in
                buffer[0] = slash
                _ = UnsafeMutableBufferPointer(rebasing: buffer[1...]).initialize(from: body)
                return body.count + 1
            }
        }
        return result ?? nil
    }
}
