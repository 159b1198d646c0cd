/// Package URLs for OS packages, written exactly as syft writes them (anchore/packageurl-go): qualifiers sorted by
/// key with empty values dropped, then `distro=ID-VERSION_ID` last; components escaped only when they hold `@`, `?`,
/// `#`, a space or non-ASCII, and then `+` is escaped too (`upstream=util-linux%402.38.1-5%2Bdeb12u3`), while
/// a plain `2.36-9+deb12u4` stays as it is.
enum OSPackageURL {
    /// `pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS`; an empty namespace or version is left out.
    static func make(
        type: String, namespace: String?, name: String, version: String, qualifiers: [String: String], distro: Distro?
    ) -> String {
        var text = "pkg:" + type + "/"
        if let namespace, !namespace.isEmpty {
            text += namespace.split(separator: "/", omittingEmptySubsequences: false).map { escape(String($0)) }
                .joined(separator: "/") + "/"
        }
        text += escape(name)
        if !version.isEmpty { text += "@" + escape(version) }
        var pairs = qualifiers.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let distro {
            let value = [distro.id, distro.version].filter { !$0.isEmpty }.joined(separator: "-")
            if !value.isEmpty { pairs.append(("distro", value)) }
        }
        if !pairs.isEmpty {
            text += "?" + pairs.map { $0.0 + "=" + escape($0.1) }.joined(separator: "&")
        }
        return text
    }

    /// packageurl-go's `pathEscape`, quirks included.
    static func escape(_ text: String) -> String {
        let needsEscaping = text.unicodeScalars.contains { scalar in
            scalar == "@" || scalar == "?" || scalar == "#" || scalar == " " || scalar.value > 0x7F
        }
        guard needsEscaping else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "@": result += "%40"
            case "+": result += "%2B"
            case "?": result += "%3F"
            case "#": result += "%23"
            case " ": result += "%20"
            default:
                if scalar.value > 0x7F {
                    for byte in String(scalar).utf8 { result += "%" + hex(byte) }
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
