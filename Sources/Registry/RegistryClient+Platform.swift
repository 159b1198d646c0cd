public import OCI

/// The single-platform image manifest a reference names: the manifest itself, or the one its index offers for
/// a platform.
public struct PlatformManifest: Sendable, Hashable {
    /// The image manifest as fetched.
    public var fetched: FetchedManifest
    /// The decoded image manifest.
    public var manifest: ImageManifest
    /// The digest of the index it was chosen from, else the manifest's own (Anchore's `parentDigest`).
    public var parentDigest: Digest
}

extension RegistryClient {
    /// Fetches what `reference` names and, for an index, the manifest it offers for `platform` (verified against
    /// the index's digest). A platform the index does not offer is ``RegistryError/Code/invalidContent`` with the
    /// `OCIError` (`noMatchingPlatform`) as its cause; an index pointing at another index is
    /// ``RegistryError/Code/unsupported``.
    public func fetchPlatformManifest(_ reference: Reference, platform: Platform) async throws(RegistryError) -> PlatformManifest {
        var fetched = try await fetchManifest(reference)
        let parent = fetched.digest
        if case .index(let index) = fetched.document {
            let chosen: Descriptor
            do {
                chosen = try index.manifest(for: platform)
            } catch {
                throw RegistryError(.invalidContent, "\(reference): \(error.message)", cause: error)
            }
            fetched = try await fetchManifest(
                registry: reference.registry, repository: reference.repository, reference: chosen.digest.description,
                expected: chosen.digest)
        }
        guard case .image(let manifest) = fetched.document else {
            throw RegistryError(
                .unsupported, "\(reference): the index for \(platform) points at another index; nested indexes are not supported",
                cause: NestedIndex())
        }
        return PlatformManifest(fetched: fetched, manifest: manifest, parentDigest: parent)
    }

    /// The cause of the error for an index that points at another index.
    public struct NestedIndex: Error, Sendable {}
}
