import Foundation
public import OCI

/// An image in a registry, named by a reference.
public struct RegistryImageSource: ImageSource {
    public let client: RegistryClient
    public let reference: Reference

    public init(client: RegistryClient, reference: Reference) {
        self.client = client
        self.reference = reference
    }

    public var name: String { reference.description }

    public func resolve(platform: Platform) async throws(RegistryError) -> ResolvedImage {
        var fetched = try await client.fetchManifest(reference)
        let parent = fetched.digest
        if case .index(let index) = fetched.document {
            let chosen: Descriptor
            do {
                chosen = try index.manifest(for: platform)
            } catch {
                throw RegistryError(.invalidContent, "\(reference): \(error.message)")
            }
            fetched = try await client.fetchManifest(
                registry: reference.registry, repository: reference.repository, reference: chosen.digest.description,
                expected: chosen.digest)
        }
        guard case .image(let manifest) = fetched.document else {
            throw RegistryError(.unsupported, "\(reference): the index for \(platform) points at another index; nested indexes are not supported")
        }
        try ImageChecks.validate(manifest, source: name)
        let configData = try await config(manifest.config)
        let config = try ImageChecks.decodeConfig(configData, manifest: manifest, source: name)
        return ResolvedImage(
            reference: reference.withDigest(fetched.digest), manifestDigest: fetched.digest, parentDigest: parent,
            mediaType: fetched.mediaType, manifest: manifest, manifestData: fetched.data, config: config,
            configData: configData)
    }

    /// The config blob: from the client's config cache when it holds it, else fetched (verified) and kept there.
    private func config(_ descriptor: Descriptor) async throws(RegistryError) -> Data {
        let cache = client.configuration.configCache
        if let cached = cache?.data(for: descriptor.digest) { return cached }
        let data = try await blob(descriptor).collect(limit: ImageChecks.configLimit)
        cache?.store(data, digest: descriptor.digest)
        return data
    }

    public func blob(_ descriptor: Descriptor) async throws(RegistryError) -> BlobStream {
        try await client.blob(registry: reference.registry, repository: reference.repository, descriptor: descriptor)
    }
}
