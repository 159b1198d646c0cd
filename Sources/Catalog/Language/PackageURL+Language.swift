/// Package URLs (https://github.com/package-url/purl-spec) for the language ecosystems.
///
/// Namespace segments, name and version are percent-encoded: every byte outside `A-Z a-z 0-9 . - _ ~` is written
/// as `%XX` (so an npm scope `@types` becomes `%40types` and a Go `+incompatible` becomes `%2Bincompatible`).
public enum LanguagePURL {
    /// `pkg:pypi/NAME@VERSION`, the name normalized as the purl spec asks for pypi: lowercased, `_` → `-`.
    public static func pypi(name: String, version: String) -> String {
        make(type: "pypi", namespace: [], name: normalizedPythonName(name), version: version)
    }

    /// PEP 503: lowercase, every run of `-`, `_` and `.` becomes one `-` (`Foo_Bar.baz` → `foo-bar-baz`).
    public static func normalizedPythonName(_ name: String) -> String {
        var result = ""
        var inRun = false
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                if !inRun { result.append("-") }
                inRun = true
            } else {
                result.append(character)
                inRun = false
            }
        }
        return result
    }

    /// `pkg:npm/%40scope/name@version` for `@scope/name`, `pkg:npm/name@version` otherwise.
    public static func npm(name: String, version: String) -> String {
        if name.hasPrefix("@"), let slash = name.firstIndex(of: "/") {
            let scope = String(name[..<slash])
            let rest = String(name[name.index(after: slash)...])
            return make(type: "npm", namespace: [scope], name: rest, version: version)
        }
        return make(type: "npm", namespace: [], name: name, version: version)
    }

    /// `pkg:gem/NAME@VERSION`.
    public static func gem(name: String, version: String) -> String {
        make(type: "gem", namespace: [], name: name, version: version)
    }

    /// `pkg:maven/GROUP/ARTIFACT@VERSION` (no namespace when the group is unknown).
    public static func maven(group: String, artifact: String, version: String) -> String {
        make(type: "maven", namespace: group.isEmpty ? [] : [group], name: artifact, version: version)
    }

    /// `pkg:golang/PATH@VERSION`, the module path split at `/` into namespace segments and name.
    public static func golang(path: String, version: String) -> String {
        var segments = path.split(separator: "/").map(String.init)
        let name = segments.popLast() ?? path
        return make(type: "golang", namespace: segments, name: name, version: version)
    }

    private static func make(type: String, namespace: [String], name: String, version: String) -> String {
        var result = "pkg:" + type + "/"
        for segment in namespace where !segment.isEmpty { result += encode(segment) + "/" }
        result += encode(name)
        if !version.isEmpty { result += "@" + encode(version) }
        return result
    }

    /// Percent-encodes everything but the purl "unreserved" characters.
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}
