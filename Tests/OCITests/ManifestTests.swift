import Foundation
import OCI
import Testing

private let d1 = "sha256:" + String(repeating: "1", count: 64)
private let d2 = "sha256:" + String(repeating: "2", count: 64)
private let d3 = "sha256:" + String(repeating: "3", count: 64)

private func document(_ json: String, contentType: MediaType? = nil) throws -> ManifestDocument {
    try ManifestDocument(decoding: Data(json.utf8), contentType: contentType)
}

@Test func decodesDockerManifest() throws {
    let json = """
        {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
         "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7023,"digest":"\(d1)"},
         "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":32654,"digest":"\(d2)"}]}
        """
    guard case .image(let manifest) = try document(json) else { Issue.record("not an image"); return }
    #expect(manifest.config.digest.description == d1)
    #expect(manifest.layers.count == 1)
    #expect(manifest.layers[0].mediaType.layerCompression == .gzip)
}

@Test func decodesOCIIndexWithoutMediaType() throws {
    let json = """
        {"schemaVersion":2,"manifests":[
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,"digest":"\(d1)","platform":{"architecture":"arm64","os":"linux","variant":"v8"}},
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,"digest":"\(d2)","platform":{"architecture":"amd64","os":"linux"}},
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,"digest":"\(d3)","platform":{"architecture":"unknown","os":"unknown"}}]}
        """
    guard case .index(let index) = try document(json) else { Issue.record("not an index"); return }
    #expect(try index.manifest(for: .linuxAMD64).digest.description == d2)
    #expect(try index.manifest(for: Platform(parsing: "linux/arm64")).digest.description == d1)
    #expect {
        try index.manifest(for: Platform(parsing: "linux/s390x"))
    } throws: { error in
        let error = error as? OCIError
        return error?.code == .noMatchingPlatform && error?.message.contains("linux/arm64/v8, linux/amd64") == true
    }
}

@Test func usesContentTypeWhenMediaTypeIsAbsent() throws {
    let json = #"{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":2,"digest":"\#(d1)"},"layers":[]}"#
    guard case .image = try document(json, contentType: .ociManifest) else { Issue.record("not an image"); return }
}

@Test(arguments: [
    (#"{"schemaVersion":1,"name":"x","tag":"y","fsLayers":[]}"#, OCIError.Code.unsupportedSchema, "schema 1"),
    ("not json", .invalidDocument, "not valid JSON"),
    (#"{"schemaVersion":3}"#, .invalidDocument, "schemaVersion 3"),
    (#"{"mediaType":"application/vnd.docker.distribution.manifest.v2+json"}"#, .invalidDocument, "schemaVersion missing"),
    (#"{"schemaVersion":2,"mediaType":"application/x-unknown"}"#, .unsupportedMediaType, "application/x-unknown"),
    (#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}"#, .invalidDocument, "missing field \"config\""),
    (#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"a","size":1,"digest":"sha256:12"},"layers":[]}"#, .invalidDocument, "needs 64 hex digits"),
])
func rejectsManifest(json: String, code: OCIError.Code, reason: String) {
    #expect {
        try document(json)
    } throws: { error in
        let error = error as? OCIError
        return error?.code == code && error?.message.contains(reason) == true
    }
}

@Test func rejectsOversizeManifest() {
    let big = Data(repeating: 0x20, count: ManifestDocument.maximumSize + 1)
    #expect {
        try ManifestDocument(decoding: big)
    } throws: { error in
        (error as? OCIError)?.message.contains("4 MiB") == true
    }
}

@Test func decodesImageConfig() throws {
    let json = """
        {"architecture":"amd64","os":"linux","created":"2024-01-01T00:00:00Z",
         "config":{"User":"app","Env":["PATH=/usr/bin"],"Entrypoint":["/bin/sh"],"ExposedPorts":{"80/tcp":{}},"Labels":{"a":"b"}},
         "rootfs":{"type":"layers","diff_ids":["\(d1)"]},
         "history":[{"created":"2024-01-01T00:00:00Z","created_by":"/bin/sh -c #(nop) ADD file","empty_layer":false}]}
        """
    let config = try JSONDecoder().decode(ImageConfig.self, from: Data(json.utf8))
    #expect(config.rootfs.diffIDs.map(\.description) == [d1])
    #expect(config.config?.user == "app")
    #expect(config.config?.exposedPorts?.keys.sorted() == ["80/tcp"])
    #expect(config.history?.first?.createdBy == "/bin/sh -c #(nop) ADD file")
    #expect(config.platform == Platform(os: "linux", architecture: "amd64"))
    // Round trip keeps the wire names.
    let encoded = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
    #expect(encoded.contains("\"diff_ids\"") && encoded.contains("\"Entrypoint\""))
}
