public import OCI

/// An image pull string normalized the way Anchore does it (`anchore_engine/util/docker.py`): the registry is
/// the first component only when it looks like a host, a missing tag is `latest`, and `library/` is *not*
/// inserted (`alpine` is `docker.io/alpine:latest`). ``reference`` gives the Docker-normalized form to pull.
public struct PullString: Sendable, Hashable, CustomStringConvertible {
    public var registry: String
    public var repository: String
    public var tag: String?
    public var digest: Digest?

    public init(registry: String, repository: String, tag: String?, digest: Digest?) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// Parses a pull string; a missing tag (and digest) becomes `latest`.
    public init(parsing input: String) throws(CatalogError) {
        let text = input.trimmingWhitespace
        guard !text.isEmpty else { throw CatalogError(.badRequest, "the image reference is empty") }
        guard text.count <= 512 else { throw CatalogError(.badRequest, "the image reference is longer than 512 characters") }
        if let bad = text.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || "@:/_.-".contains($0))) }) {
            throw CatalogError(.badRequest, "invalid character \"\(bad)\" in image reference \"\(text)\"")
        }
        var rest = Substring(text)
        var digest: Digest?
        if let at = rest.firstIndex(of: "@") {
            do {
                digest = try Digest(parsing: String(rest[rest.index(after: at)...]))
            } catch {
                throw CatalogError(.badRequest, "invalid digest in image reference \"\(text)\": \(error.message)")
            }
            rest = rest[..<at]
        }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var registry = Reference.defaultRegistry
        if components.count > 1,
           components[0].contains(".") || components[0].contains(":")
            || ["localhost", "localhost.localdomain", "localbuild", "docker.io"].contains(components[0]) {
            registry = components.removeFirst()
        }
        var tag: String?
        if var last = components.popLast() {
            if let colon = last.lastIndex(of: ":") {
                tag = String(last[last.index(after: colon)...])
                last = String(last[..<colon])
            }
            components.append(last)
        }
        let repository = components.joined(separator: "/")
        if tag == nil, digest == nil { tag = Reference.defaultTag }
        self.init(registry: registry, repository: repository, tag: tag, digest: digest)
        // The pull form must be a valid OCI reference too (lowercase repository, tag grammar).
        _ = try reference
    }

    /// The Docker-normalized reference used to pull (`docker.io/alpine` becomes `docker.io/library/alpine`).
    public var reference: Reference {
        get throws(CatalogError) {
            var text = "\(registry)/\(repository)"
            if let tag { text += ":\(tag)" }
            if let digest { text += "@\(digest)" }
            do {
                return try Reference(parsing: text)
            } catch {
                throw CatalogError(.badRequest, "invalid image reference \"\(description)\": \(error.message)")
            }
        }
    }

    /// `registry/repository:tag`, Anchore's full tag (nil without a tag).
    public var fullTag: String? { tag.map { "\(registry)/\(repository):\($0)" } }

    public var description: String {
        var text = "\(registry)/\(repository)"
        if let tag { text += ":\(tag)" }
        if let digest { text += "@\(digest)" }
        return text
    }
}

extension String {
    var trimmingWhitespace: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice)
    }
}
