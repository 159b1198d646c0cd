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
    public var localPath: String? { nil }

    public func resolve(platform: Platform) async throws(RegistryError) -> ResolvedImage {
        let chosen = try await client.fetchPlatformManifest(reference, platform: platform)
        let (fetched, manifest) = (chosen.fetched, chosen.manifest)
        try ImageChecks.validate(manifest, source: name)
        let configData = try await config(manifest.config)
        let config = try ImageChecks.decodeConfig(configData, manifest: manifest, source: name)
        return ResolvedImage(
            reference: reference.withDigest(fetched.digest), manifestDigest: fetched.digest, parentDigest: chosen.parentDigest,
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
