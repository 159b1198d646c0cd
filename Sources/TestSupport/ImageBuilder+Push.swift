import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
public import OCI
public import Registry

/// Pushes built images through the distribution API with a real ``RegistryClient`` (so auth works the same).
public struct ImagePusher: Sendable {
    public let client: RegistryClient

    public init(client: RegistryClient) { self.client = client }

    /// Uploads a blob with a monolithic POST + PUT, unless the registry already has it.
    public func pushBlob(_ bytes: [UInt8], digest: Digest, registry: String, repository: String) async throws {
        if try await client.blobExists(registry: registry, repository: repository, digest: digest) { return }
        let start = RegistryClient.Operation(
            .POST, registry: registry, repository: repository, path: "/v2/\(repository)/blobs/uploads/",
            actions: ["pull", "push"], headers: ["Content-Length": "0"])
        let started = try await client.send(start)
        guard started.status.code == 202, let location = started.headers.first(name: "Location") else {
            throw await client.failure(started, start, what: "starting an upload")
        }
        let base = client.baseURL(for: registry)
        var url = location.hasPrefix("/") ? base + location : location
        url += (url.contains("?") ? "&" : "?") + "digest=\(digest)"
        let put = RegistryClient.Operation(
            .PUT, registry: registry, repository: repository, path: url, actions: ["pull", "push"],
            headers: ["Content-Type": "application/octet-stream", "Content-Length": "\(bytes.count)"],
            body: ByteBuffer(bytes: bytes))
        let finished = try await client.send(put)
        guard finished.status.code == 201 else { throw await client.failure(finished, put, what: "uploading blob \(digest)") }
    }

    /// Puts manifest bytes under a tag or digest.
    public func pushManifest(
        _ data: Data, mediaType: MediaType, registry: String, repository: String, reference: String
    ) async throws {
        let operation = RegistryClient.Operation(
            .PUT, registry: registry, repository: repository, path: "/v2/\(repository)/manifests/\(reference)",
            actions: ["pull", "push"], headers: ["Content-Type": mediaType.rawValue], body: ByteBuffer(bytes: data))
        let response = try await client.send(operation)
        guard response.status.code == 201 else {
            throw await client.failure(response, operation, what: "pushing manifest \(repository):\(reference)")
        }
    }

    /// Pushes an image's blobs and manifest; tags it when the reference has a tag.
    @discardableResult
    public func push(_ image: BuiltImage, to reference: Reference) async throws -> Digest {
        for layer in image.layers {
            try await pushBlob(layer.blob, digest: layer.descriptor.digest, registry: reference.registry, repository: reference.repository)
        }
        try await pushBlob(
            [UInt8](image.configData), digest: image.manifest.config.digest, registry: reference.registry,
            repository: reference.repository)
        try await pushManifest(
            image.manifestData, mediaType: image.manifest.mediaType ?? .ociManifest, registry: reference.registry,
            repository: reference.repository, reference: reference.tag ?? image.digest.description)
        return image.digest
    }

    /// Pushes several images and an index over them under the reference's tag.
    @discardableResult
    public func pushIndex(_ images: [BuiltImage], format: ImageFormat = .oci, to reference: Reference) async throws -> Digest {
        for image in images {
            try await push(image, to: Reference(registry: reference.registry, repository: reference.repository))
        }
        let (index, data) = try ImageBuilder.index(images, format: format)
        try await pushManifest(
            data, mediaType: index.mediaType ?? .ociIndex, registry: reference.registry, repository: reference.repository,
            reference: reference.tag ?? sha256(data).description)
        return sha256(data)
    }
}
