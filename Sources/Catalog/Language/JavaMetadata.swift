import Layers

/// The text formats found inside Java archives: `META-INF/MANIFEST.MF`, `pom.properties`, `pom.xml`, and the
/// `name-version.jar` file-name convention. Read as syft reads them, so names and versions agree with it.
enum JavaMetadata {
    /// A parsed manifest: the main section and the per-entry sections, keys in file order.
    struct Manifest: Sendable {
        var main: [(key: String, value: String)] = []
        var sections: [[(key: String, value: String)]] = []

        /// A main-section value (first occurrence).
        func main(_ key: String) -> String? {
            main.first { $0.key == key }?.value
        }

        /// A value from the main section, else from the first section that has it.
        func any(_ key: String) -> String? {
            if let value = main(key), !value.isEmpty { return value }
            for section in sections {
                if let value = section.first(where: { $0.key == key })?.value, !value.isEmpty { return value }
            }
            return nil
        }
    }

    /// `Key: value` lines; a line starting with a space continues the previous value; blank lines separate sections.
    static func manifest(_ bytes: ArraySlice<UInt8>) -> Manifest {
        var sections: [[(key: String, value: String)]] = []
        var lastKey: String?
        for line in TextLines.split(Array(bytes)) {
            if line.isEmpty {
                lastKey = nil
                continue
            }
            if line.hasPrefix(" ") {
                if lastKey != nil, !sections.isEmpty, !sections[sections.count - 1].isEmpty {
                    let last = sections[sections.count - 1].count - 1
                    sections[sections.count - 1][last].value += TextLines.trim(line)
                }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = TextLines.trim(line[..<colon])
            guard !key.isEmpty else { continue }
            if lastKey == nil { sections.append([]) }
            sections[sections.count - 1].append((key, TextLines.trim(line[line.index(after: colon)...])))
            lastKey = key
        }
        var manifest = Manifest()
        if let first = sections.first {
            manifest.main = first
            manifest.sections = Array(sections.dropFirst())
        }
        return manifest
    }

    /// A `java.util.Properties` file's `key=value` / `key: value` pairs (comments `#`, `!`).
    static func properties(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        var values: [String: String] = [:]
        for raw in TextLines.split(Array(bytes)) {
            let line = TextLines.trim(raw)
            guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("!") else { continue }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            values[TextLines.trim(line[..<separator])] = TextLines.trim(line[line.index(after: separator)...])
        }
        return values
    }

    /// The coordinates a `pom.xml` declares for itself (`${…}` references left unresolved are dropped).
    struct POM: Sendable, Hashable {
        var groupID = ""
        var artifactID = ""
        var version = ""
        var parentGroupID = ""
        var parentVersion = ""
        var licenses: [String] = []
    }

    /// A tolerant scan of the elements `project/{groupId,artifactId,version}`, `project/parent/{groupId,version}`
    /// and `project/licenses/license/name`; comments, processing instructions and CDATA are skipped.
    static func pom(_ bytes: ArraySlice<UInt8>) -> POM? {
        let text = String(decoding: bytes, as: UTF8.self)
        var pom = POM()
        var stack: [Substring] = []
        var rest = text[...]
        var sawProject = false
        while let open = rest.firstIndex(of: "<") {
            let content = rest[..<open]
            rest = rest[rest.index(after: open)...]
            if rest.hasPrefix("!--") {
                guard let end = rest.firstRange(of: "-->") else { break }
                rest = rest[end.upperBound...]
                continue
            }
            if rest.hasPrefix("![CDATA[") || rest.hasPrefix("?") || rest.hasPrefix("!") {
                guard let end = rest.firstIndex(of: ">") else { break }
                rest = rest[rest.index(after: end)...]
                continue
            }
            guard let close = rest.firstIndex(of: ">") else { break }
            let tag = rest[..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("/") {
                let value = TextLines.trim(content)
                let path = stack.joined(separator: "/")
                if !value.isEmpty, !value.contains("${") {
                    switch path {
                    case "project/groupId": pom.groupID = value
                    case "project/artifactId": pom.artifactID = value
                    case "project/version": pom.version = value
                    case "project/parent/groupId": pom.parentGroupID = value
                    case "project/parent/version": pom.parentVersion = value
                    case "project/licenses/license/name": pom.licenses.append(value)
                    default: break
                    }
                }
                if !stack.isEmpty { stack.removeLast() }
            } else if !tag.hasSuffix("/") {
                let name = tag.prefix { !$0.isWhitespace }
                let local = name.split(separator: ":").last ?? name
                if stack.isEmpty && local == "project" { sawProject = true }
                stack.append(local)
            }
        }
        return sawProject ? pom : nil
    }

    /// `commons-lang3-3.12.0.jar` → (`commons-lang3`, `3.12.0`): the name is the dash-separated groups up to the
    /// first one that starts a version (a digit, `build<digit>`, `r<digit>`, `rc<digit>`); failing that, a
    /// version after `_` or `.` (`foo_1.2`).
    static func filename(_ path: String) -> (name: String, version: String) {
        var base = PathCleaner.basename(path)
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = String(base[..<dot]) }
        let parts = base.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first?.first, first.isLetter else { return ("", "") }
        for index in parts.indices.dropFirst() where startsVersion(parts[index]) {
            return (parts[..<index].joined(separator: "-"), parts[index...].joined(separator: "-"))
        }
        var position = base.startIndex
        while position < base.endIndex {
            let next = base.index(after: position)
            if "._-".contains(base[position]), next < base.endIndex, startsVersion(base[next...]) {
                return (String(base[..<position]), String(base[next...]))
            }
            position = next
        }
        return (base, "")
    }

    private static func startsVersion(_ group: Substring) -> Bool {
        guard let first = group.first else { return false }
        if first.isASCII && first.isNumber { return true }
        let lower = group.lowercased()
        for prefix in ["build", "rc", "r"] where lower.hasPrefix(prefix) {
            if let next = lower.dropFirst(prefix.count).first, next.isASCII, next.isNumber { return true }
        }
        return false
    }
}
