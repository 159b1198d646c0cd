/// The distribution reference grammar, written out by hand:
///
///     reference   := name [ ":" tag ] [ "@" digest ]
///     name        := [domain "/"] path-component ["/" path-component]*
///     domain      := host [":" port]          host := domain-name | IPv4 | "[" IPv6 "]"
///     path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
///     tag         := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
enum ReferenceParser {
    static let maximumNameLength = 255

    static func parse(_ input: String) throws(OCIError) -> Reference {
        func fail(_ why: String) -> OCIError {
            OCIError(.invalidReference, "invalid image reference \"\(input)\": \(why)")
        }
        let string = input.trimmingSpaces
        guard !string.isEmpty else { throw fail("it is empty") }
        guard string.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw fail("it contains spaces or characters outside printable ASCII")
        }
        if string.utf8.count == 64, string.utf8.allSatisfy(isLowerHex) {
            throw fail("a 64-character hex string is an image ID, not a reference; use NAME@sha256:\(string)")
        }

        var rest = Substring(string)
        var digest: Digest?
        if let at = rest.lastIndex(of: "@") {
            do {
                digest = try Digest(parsing: String(rest[rest.index(after: at)...]))
            } catch {
                throw fail(error.message)
            }
            rest = rest[..<at]
        }

        var tag: String?
        let lastSlash = rest.lastIndex(of: "/")
        let tagSearchStart = lastSlash.map { rest.index(after: $0) } ?? rest.startIndex
        if let colon = rest[tagSearchStart...].lastIndex(of: ":") {
            let candidate = String(rest[rest.index(after: colon)...])
            guard isValidTag(candidate) else {
                throw fail("tag \"\(candidate)\" must be 1–128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'")
            }
            tag = candidate
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { throw fail("the repository name is missing") }

        var registry = Reference.defaultRegistry
        var path = String(rest)
        if let slash = rest.firstIndex(of: "/") {
            let first = rest[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" || first.contains(where: \.isUppercase) {
                try validateDomain(String(first), fail: fail)
                registry = String(first)
                path = String(rest[rest.index(after: slash)...])
            }
        }
        if registry == "index.docker.io" || registry == "registry-1.docker.io" { registry = Reference.defaultRegistry }
        guard !path.isEmpty else { throw fail("the repository name is missing after the registry") }
        if path.contains(where: \.isUppercase) {
            throw fail("repository name \"\(path)\" must be lowercase")
        }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            guard isValidPathComponent(component) else {
                throw fail(
                    component.isEmpty
                        ? "the repository name has an empty path component"
                        : "path component \"\(component)\" must be lowercase letters and digits, separated by '.', '_', '__' or '-'")
            }
        }
        if registry == Reference.defaultRegistry, !path.contains("/") { path = "library/" + path }
        let fullName = "\(registry)/\(path)"
        guard fullName.utf8.count <= maximumNameLength else {
            throw fail("the repository name is \(fullName.utf8.count) characters; at most \(maximumNameLength) are allowed")
        }
        if tag == nil, digest == nil { tag = Reference.defaultTag }
        return Reference(registry: registry, repository: path, tag: tag, digest: digest)
    }

    static func isLowerHex(_ byte: UInt8) -> Bool { (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102) }

    static func isValidTag(_ tag: String) -> Bool {
        let bytes = Array(tag.utf8)
        guard (1...128).contains(bytes.count) else { return false }
        func word(_ b: UInt8) -> Bool { isAlnum(b) || b == UInt8(ascii: "_") }
        guard word(bytes[0]) else { return false }
        return bytes.dropFirst().allSatisfy { word($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    static func isLowerAlnum(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 97 && b <= 122) }

    /// `[a-z0-9]+ ((. | _ | __ | -+) [a-z0-9]+)*`
    static func isValidPathComponent(_ component: Substring) -> Bool {
        let bytes = Array(component.utf8)
        var index = 0
        func alnumRun() -> Bool {
            let start = index
            while index < bytes.count, isLowerAlnum(bytes[index]) { index += 1 }
            return index > start
        }
        guard alnumRun() else { return false }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "."):
                index += 1
            case UInt8(ascii: "_"):
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "_") { index += 1 }
            case UInt8(ascii: "-"):
                while index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            default:
                return false
            }
            guard alnumRun() else { return false }
        }
        return true
    }

    static func validateDomain(_ domain: String, fail: (String) -> OCIError) throws(OCIError) {
        var host = Substring(domain)
        var port: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw fail("IPv6 registry address \"\(domain)\" lacks ']'") }
            let inner = host[host.index(after: host.startIndex)..<close]
            guard !inner.isEmpty, inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw fail("\"\(domain)\" is not a valid IPv6 registry address")
            }
            let after = host[host.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("unexpected text after ']' in \"\(domain)\"") }
                port = after.dropFirst()
            }
            host = host[...close]
        } else if let colon = host.firstIndex(of: ":") {
            port = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        if let port {
            guard !port.isEmpty, port.allSatisfy(\.isASCIIDigit), let number = Int(port), number <= 65535 else {
                throw fail("registry port \"\(port)\" must be a number from 0 to 65535")
            }
        }
        if host.hasPrefix("[") { return }
        for label in host.split(separator: ".", omittingEmptySubsequences: false) {
            let bytes = Array(label.utf8)
            let ok = !bytes.isEmpty && isAlnum(bytes.first!) && isAlnum(bytes.last!)
                && bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
            guard ok else { throw fail("registry host \"\(host)\" is not a valid host name") }
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
