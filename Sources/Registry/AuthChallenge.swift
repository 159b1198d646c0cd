/// A `WWW-Authenticate` challenge from a registry.
public enum AuthChallenge: Sendable, Hashable {
    /// No authentication needed.
    case none
    /// HTTP Basic with a realm.
    case basic(realm: String?)
    /// The distribution token flow: ask `realm` for a token for `service` and `scope`.
    case bearer(realm: String, service: String?, scope: String?)

    /// Parses a `WWW-Authenticate` header value such as
    /// `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:x:pull"`.
    /// Returns nil when the header names no scheme Drydock speaks.
    public init?(header: String) {
        let trimmed = header.drop(while: { $0 == " " })
        guard let space = trimmed.firstIndex(of: " ") ?? (trimmed.isEmpty ? nil : trimmed.endIndex) else { return nil }
        let scheme = trimmed[..<space].lowercased()
        let params = AuthChallenge.parameters(String(trimmed[space...]))
        switch scheme {
        case "basic":
            self = .basic(realm: params["realm"])
        case "bearer":
            guard let realm = params["realm"], !realm.isEmpty else { return nil }
            self = .bearer(realm: realm, service: params["service"], scope: params["scope"])
        default:
            return nil
        }
    }

    /// `key="value", key=token` pairs; quoted values may contain commas and escaped quotes.
    static func parameters(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var chars = Substring(text)
        while !chars.isEmpty {
            chars = chars.drop(while: { $0 == " " || $0 == "," })
            guard let equals = chars.firstIndex(of: "=") else { break }
            let key = chars[..<equals].trimmingCharacters(in: " ").lowercased()
            chars = chars[chars.index(after: equals)...]
            var value = ""
            if chars.first == "\"" {
                chars = chars.dropFirst()
                var escaped = false
                while let c = chars.first {
                    chars = chars.dropFirst()
                    if escaped { value.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { break } else { value.append(c) }
                }
            } else {
                let end = chars.firstIndex(of: ",") ?? chars.endIndex
                value = chars[..<end].trimmingCharacters(in: " ")
                chars = chars[end...]
            }
            result[key] = value
        }
        return result
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        var s = self
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
