import OCI
import Testing

private let sha = "sha256:" + String(repeating: "ab", count: 32)

/// Each row: an input and what Docker normalizes it to.
private struct NormalizationCase: Sendable, CustomTestStringConvertible {
    var input: String
    var registry: String
    var repository: String
    var tag: String?
    var digest: String?
    var testDescription: String { input }
}

private let normalizationCases: [NormalizationCase] = [
    // A bare name is an official image on Docker Hub at tag latest.
    .init(input: "nginx", registry: "docker.io", repository: "library/nginx", tag: "latest"),
    .init(input: "nginx:1.25", registry: "docker.io", repository: "library/nginx", tag: "1.25"),
    // A two-part name on Docker Hub is a user repository: no library/ prefix.
    .init(input: "anchore/anchore-engine:v1.0", registry: "docker.io", repository: "anchore/anchore-engine", tag: "v1.0"),
    .init(input: "docker.io/nginx", registry: "docker.io", repository: "library/nginx", tag: "latest"),
    .init(input: "index.docker.io/library/nginx", registry: "docker.io", repository: "library/nginx", tag: "latest"),
    // The first component is a registry when it has a dot, a port, or is localhost.
    .init(input: "localhost:5000/a/b", registry: "localhost:5000", repository: "a/b", tag: "latest"),
    .init(input: "localhost/app", registry: "localhost", repository: "app", tag: "latest"),
    .init(input: "ghcr.io/owner/repo:1.2.3", registry: "ghcr.io", repository: "owner/repo", tag: "1.2.3"),
    .init(input: "127.0.0.1:5000/x:y", registry: "127.0.0.1:5000", repository: "x", tag: "y"),
    .init(input: "[::1]:5000/x", registry: "[::1]:5000", repository: "x", tag: "latest"),
    // A digest alone means no tag; tag and digest together keep both.
    .init(input: "localhost:5000/a/b@\(sha)", registry: "localhost:5000", repository: "a/b", digest: sha),
    .init(input: "nginx:1.25@\(sha)", registry: "docker.io", repository: "library/nginx", tag: "1.25", digest: sha),
    // Separators inside path components.
    .init(input: "a.b/c__d/e-f---g/h.i_j", registry: "a.b", repository: "c__d/e-f---g/h.i_j", tag: "latest"),
    // Surrounding whitespace is ignored.
    .init(input: "  alpine:3.19 ", registry: "docker.io", repository: "library/alpine", tag: "3.19"),
    // Tags may hold capitals, dots, dashes and underscores.
    .init(input: "x/y:V1.0_rc-2", registry: "docker.io", repository: "x/y", tag: "V1.0_rc-2"),
    // Uppercase in the first component makes it a registry.
    .init(input: "Registry.Example/app", registry: "Registry.Example", repository: "app", tag: "latest"),
]

@Test(arguments: normalizationCases)
private func normalizes(_ row: NormalizationCase) throws {
    let reference = try Reference(parsing: row.input)
    #expect(reference.registry == row.registry)
    #expect(reference.repository == row.repository)
    #expect(reference.tag == row.tag)
    #expect(reference.digest?.description == row.digest)
    // The normalized form parses to itself.
    #expect(try Reference(parsing: reference.description) == reference)
}

@Test func descriptionIsFullyQualified() throws {
    #expect(try Reference(parsing: "nginx").description == "docker.io/library/nginx:latest")
    #expect(try Reference(parsing: "localhost:5000/a@\(sha)").description == "localhost:5000/a@\(sha)")
    #expect(try Reference(parsing: "localhost:5000/a@\(sha)").manifestReference == sha)
    #expect(try Reference(parsing: "localhost:5000/a:t").manifestReference == "t")
}

@Test(arguments: [
    ("", "empty"),
    ("   ", "empty"),
    ("Nginx", "must be lowercase"),
    ("docker.io/Library/nginx", "must be lowercase"),
    ("nginx:", "tag"),
    ("nginx:-bad", "tag"),
    ("nginx:" + String(repeating: "a", count: 129), "tag"),
    ("nginx@sha256:abc", "needs 64 hex digits"),
    ("nginx@md5:" + String(repeating: "a", count: 32), "unsupported algorithm"),
    ("a//b", "empty path component"),
    ("a/b/", "empty path component"),
    ("-a/b", "path component"),
    ("a_/b", "path component"),
    ("a..b/c", "registry host"),
    ("localhost:99999/a", "port"),
    ("localhost:/a", "port"),
    ("host.io/", "missing"),
    ("a b", "spaces"),
    ("naïve", "printable ASCII"),
    (String(repeating: "ab", count: 32), "image ID"),
    ("registry.example/" + String(repeating: "a", count: 250), "at most 255"),
])
func rejects(input: String, reason: String) {
    #expect {
        try Reference(parsing: input)
    } throws: { error in
        guard let error = error as? OCIError else { return false }
        return error.code == .invalidReference && error.message.contains(reason)
    }
}

@Test func loopbackRegistries() throws {
    #expect(try Reference(parsing: "localhost:5000/a").isLoopbackRegistry)
    #expect(try Reference(parsing: "127.0.0.1:5000/a").isLoopbackRegistry)
    #expect(try Reference(parsing: "127.1.2.3/a").isLoopbackRegistry)
    #expect(try Reference(parsing: "[::1]:5000/a").isLoopbackRegistry)
    #expect(try !Reference(parsing: "nginx").isLoopbackRegistry)
    #expect(try !Reference(parsing: "localhost.example.com/a").isLoopbackRegistry)
}
