import AsyncHTTPClient
import Crypto
public import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
public import OCI

/// A manifest as fetched: its bytes, the digest they hash to, and the media type.
public struct FetchedManifest: Sendable, Hashable {
    /// The raw bytes as the registry sent them (they are what the digest covers).
    public var data: Data
    /// The sha256 digest of `data`.
    public var digest: OCI.Digest
    /// The media type from the document or the `Content-Type`.
    public var mediaType: MediaType
    /// The decoded document.
    public var document: ManifestDocument
}

extension RegistryClient {
    private static let acceptHeader = MediaType.acceptedManifests.map(\.rawValue).joined(separator: ", ")

    /// Fetches the manifest or index a reference names, verifying its digest: against the reference's digest when
    /// it has one, else against `Docker-Content-Digest` when the registry sends it.
    /// - Throws: ``RegistryError``: `.notFound`, `.tooLarge` over 4 MiB, `.digestMismatch`, `.unsupported`
    ///   (schema 1, unknown types), `.invalidContent`, and the transport errors.
    public func fetchManifest(_ reference: Reference) async throws(RegistryError) -> FetchedManifest {
        try await fetchManifest(registry: reference.registry, repository: reference.repository,
                                reference: reference.manifestReference, expected: reference.digest)
    }

    /// Fetches a manifest by tag or digest string within a repository.
    public func fetchManifest(
        registry: String, repository: String, reference: String, expected: OCI.Digest? = nil
    ) async throws(RegistryError) -> FetchedManifest {
        let operation = Operation(
            .GET, registry: registry, repository: repository, path: "/v2/\(repository)/manifests/\(reference)",
            headers: ["Accept": Self.acceptHeader])
        let what = "fetching manifest \(registry)/\(repository):\(reference)"
        let response = try await send(operation)
        guard response.status.code == 200 else { throw await failure(response, operation, what: what) }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > ManifestDocument.maximumSize {
            throw RegistryError(.tooLarge, "\(what): the manifest is \(length) bytes, over the 4 MiB limit")
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: ManifestDocument.maximumSize)
        } catch let error as NIOTooManyBytesError {
            throw RegistryError(.tooLarge, "\(what): the manifest is over the 4 MiB limit", cause: error)
        } catch {
            throw RegistryError(.unreachable, "\(what): the connection failed while reading the manifest", cause: error)
        }
        let data = Data(buffer: body)
        let digest = OCI.Digest(algorithm: .sha256, bytes: SHA256.hash(data: data))
        if let expected {
            try verify(data, computed: digest, against: expected, what: what)
        } else if let header = response.headers.first(name: "Docker-Content-Digest"), let claimed = try? OCI.Digest(parsing: header) {
            try verify(data, computed: digest, against: claimed, what: what + " (Docker-Content-Digest)")
        }
        let contentType = response.headers.first(name: "Content-Type").map {
            MediaType(String($0.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces))
        }
        let document: ManifestDocument
        do {
            document = try ManifestDocument(decoding: data, contentType: contentType)
        } catch {
            let code: RegistryError.Code =
                error.code == .unsupportedSchema || error.code == .unsupportedMediaType ? .unsupported : .invalidContent
            throw RegistryError(code, "\(what): \(error.message)")
        }
        let mediaType: MediaType
        switch document {
        case .image(let manifest): mediaType = manifest.mediaType ?? contentType ?? .ociManifest
        case .index(let index): mediaType = index.mediaType ?? contentType ?? .ociIndex
        }
        return FetchedManifest(data: data, digest: digest, mediaType: mediaType, document: document)
    }

    private func verify(_ data: Data, computed: OCI.Digest, against expected: OCI.Digest, what: String) throws(RegistryError) {
        let actual = expected.algorithm == .sha256 ? computed : OCI.Digest(algorithm: .sha512, bytes: SHA512.hash(data: data))
        guard actual == expected else {
            throw RegistryError(.digestMismatch, "\(what): the content hashes to \(actual), not \(expected)")
        }
    }

    /// Asks for a manifest's descriptor with HEAD, without downloading it (and without counting as a pull on
    /// registries that rate-limit pulls).
    /// - Returns: the digest, media type and size, or nil when the tag does not exist.
    public func headManifest(_ reference: Reference) async throws(RegistryError) -> Descriptor? {
        let operation = Operation(
            .HEAD, registry: reference.registry, repository: reference.repository,
            path: "/v2/\(reference.repository)/manifests/\(reference.manifestReference)",
            headers: ["Accept": Self.acceptHeader])
        let response = try await send(operation)
        if response.status.code == 404 { return nil }
        guard response.status.code == 200 else {
            throw await failure(response, operation, what: "checking manifest \(reference)")
        }
        guard let header = response.headers.first(name: "Docker-Content-Digest"), let digest = try? OCI.Digest(parsing: header) else {
            // Without the header a HEAD cannot tell the digest: fall back to a GET.
            let fetched = try await fetchManifest(reference)
            return Descriptor(mediaType: fetched.mediaType, digest: fetched.digest, size: Int64(fetched.data.count))
        }
        let type = response.headers.first(name: "Content-Type").map { MediaType(String($0.split(separator: ";")[0])) }
        let size = response.headers.first(name: "Content-Length").flatMap(Int64.init) ?? 0
        return Descriptor(mediaType: type ?? .ociManifest, digest: digest, size: size)
    }
}
