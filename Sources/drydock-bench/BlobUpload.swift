import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OCI
import Registry
import TestSupport

/// Pushes bench images: big layer blobs from disk in 32 MiB PATCH chunks (never whole in memory), the config and
/// manifest through TestSupport's ``ImagePusher``.
struct BenchPusher {
    let client: RegistryClient
    static let chunkSize = 32 << 20

    /// Uploads a blob file unless the repository has it: POST, PATCH per chunk (following each Location), PUT
    /// with the digest.
    func pushBlobFile(_ path: String, digest: OCI.Digest, size: Int64, registry: String, repository: String) async throws {
        if try await client.blobExists(registry: registry, repository: repository, digest: digest) { return }
        guard let input = FileHandle(forReadingAtPath: path) else { throw BenchError("cannot read \(path)") }
        defer { try? input.close() }
        let start = RegistryClient.Operation(
            .POST, registry: registry, repository: repository, path: "/v2/\(repository)/blobs/uploads/",
            actions: ["pull", "push"], headers: ["Content-Length": "0"])
        let started = try await client.send(start)
        guard started.status.code == 202, var location = started.headers.first(name: "Location") else {
            throw await client.failure(started, start, what: "starting an upload of \(digest)")
        }
        let base = client.baseURL(for: registry)
        var offset: Int64 = 0
        while let chunk = try input.read(upToCount: Self.chunkSize), !chunk.isEmpty {
            let url = location.hasPrefix("/") ? base + location : location
            let patch = RegistryClient.Operation(
                .PATCH, registry: registry, repository: repository, path: url, actions: ["pull", "push"],
                headers: [
                    "Content-Type": "application/octet-stream", "Content-Length": "\(chunk.count)",
                    "Content-Range": "\(offset)-\(offset + Int64(chunk.count) - 1)",
                ],
                body: ByteBuffer(bytes: chunk), timeout: .seconds(300))
            let response = try await client.send(patch)
            guard response.status.code == 202, let next = response.headers.first(name: "Location") else {
                throw await client.failure(response, patch, what: "uploading \(digest) at offset \(offset)")
            }
            _ = try? await response.body.collect(upTo: 64 * 1024)
            location = next
            offset += Int64(chunk.count)
        }
        guard offset == size else { throw BenchError("\(path) has \(offset) bytes, expected \(size)") }
        var url = location.hasPrefix("/") ? base + location : location
        url += (url.contains("?") ? "&" : "?") + "digest=\(digest)"
        let put = RegistryClient.Operation(
            .PUT, registry: registry, repository: repository, path: url, actions: ["pull", "push"],
            headers: ["Content-Length": "0"], timeout: .seconds(300))
        let finished = try await client.send(put)
        guard finished.status.code == 201 else { throw await client.failure(finished, put, what: "finishing upload of \(digest)") }
        _ = try? await finished.body.collect(upTo: 64 * 1024)
    }

    /// Pushes an image made of layer files (OCI manifest and config, linux/amd64) and tags it.
    func push(_ layers: [LayerFile], to reference: Reference) async throws -> OCI.Digest {
        for layer in layers {
            try await pushBlobFile(layer.path, digest: layer.digest, size: layer.size, registry: reference.registry,
                                   repository: reference.repository)
        }
        let created = "2025-01-01T00:00:00Z"
        let config = ImageConfig(
            created: created, architecture: "amd64", os: "linux",
            config: .init(env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], cmd: ["bash"]),
            rootfs: .init(diffIDs: layers.map(\.diffID)),
            history: layers.map { .init(created: created, createdBy: "drydock-bench: rootfs \($0.name)") })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let configData = try encoder.encode(config)
        let manifest = ImageManifest(
            mediaType: .ociManifest,
            config: Descriptor(mediaType: .ociConfig, digest: sha256(configData), size: Int64(configData.count)),
            layers: layers.map(\.descriptor))
        let manifestData = try encoder.encode(manifest)
        let pusher = ImagePusher(client: client)
        try await pusher.pushBlob(
            [UInt8](configData), digest: manifest.config.digest, registry: reference.registry,
            repository: reference.repository)
        try await pusher.pushManifest(
            manifestData, mediaType: .ociManifest, registry: reference.registry, repository: reference.repository,
            reference: reference.tag ?? sha256(manifestData).description)
        return sha256(manifestData)
    }
}
