import AsyncHTTPClient
import NIOCore
import NIOHTTP1
public import OCI

extension RegistryClient {
    /// Opens a blob for streaming; the returned stream verifies size and digest as it is read.
    /// - Throws: ``RegistryError`` `.notFound` when the registry does not have it, or the transport errors.
    public func blob(registry: String, repository: String, descriptor: Descriptor) async throws(RegistryError) -> BlobStream {
        let operation = Operation(
            .GET, registry: registry, repository: repository, path: "/v2/\(repository)/blobs/\(descriptor.digest)")
        let response = try await send(operation)
        guard response.status.code == 200 else {
            throw await failure(response, operation, what: "fetching blob \(descriptor.digest) of \(registry)/\(repository)")
        }
        var iterator = response.body.makeAsyncIterator()
        return BlobStream(descriptor: descriptor, origin: "registry \(registry) repository \(repository)") {
            guard let buffer = try await iterator.next() else { return nil }
            return Array(buffer.readableBytesView)
        }
    }

    /// Whether a blob exists in a repository (HEAD).
    public func blobExists(registry: String, repository: String, digest: Digest) async throws(RegistryError) -> Bool {
        let operation = Operation(.HEAD, registry: registry, repository: repository, path: "/v2/\(repository)/blobs/\(digest)")
        let response = try await send(operation)
        switch response.status.code {
        case 200: return true
        case 404: return false
        default: throw await failure(response, operation, what: "checking blob \(digest)")
        }
    }

    /// Checks that a registry answers the distribution API and that our credentials (if any) are accepted.
    /// - Returns: the challenge the registry uses.
    public func ping(registry: String) async throws(RegistryError) -> AuthChallenge {
        let operation = Operation(.GET, registry: registry, repository: nil, path: "/v2/")
        let response = try await send(operation)
        guard response.status.code == 200 else {
            throw await failure(response, operation, what: "checking registry \(registry)")
        }
        _ = try? await response.body.collect(upTo: 64 * 1024)
        return await auth.challenge(for: registry) ?? .none
    }
}
