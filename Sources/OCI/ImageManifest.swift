/// A single-platform image manifest: OCI image manifest v1 or Docker image manifest v2 schema 2 (same shape).
public struct ImageManifest: Codable, Hashable, Sendable {
    /// Always 2.
    public var schemaVersion: Int
    /// `application/vnd.oci.image.manifest.v1+json` or `application/vnd.docker.distribution.manifest.v2+json`;
    /// optional in OCI documents.
    public var mediaType: MediaType?
    /// The artifact type, for OCI artifacts.
    public var artifactType: MediaType?
    /// The image configuration blob.
    public var config: Descriptor
    /// The layers, base first.
    public var layers: [Descriptor]
    /// The manifest this one refers to (OCI 1.1 referrers).
    public var subject: Descriptor?
    /// Arbitrary metadata.
    public var annotations: [String: String]?

    public init(
        mediaType: MediaType? = .ociManifest, config: Descriptor, layers: [Descriptor],
        annotations: [String: String]? = nil
    ) {
        self.schemaVersion = 2
        self.mediaType = mediaType
        self.config = config
        self.layers = layers
        self.annotations = annotations
    }
}

/// An image index (OCI) or manifest list (Docker): one manifest per platform.
public struct ImageIndex: Codable, Hashable, Sendable {
    /// Always 2.
    public var schemaVersion: Int
    /// `application/vnd.oci.image.index.v1+json` or `application/vnd.docker.distribution.manifest.list.v2+json`.
    public var mediaType: MediaType?
    /// The artifact type, for OCI artifacts.
    public var artifactType: MediaType?
    /// The manifests, each usually with a platform.
    public var manifests: [Descriptor]
    /// Arbitrary metadata.
    public var annotations: [String: String]?

    public init(mediaType: MediaType? = .ociIndex, manifests: [Descriptor], annotations: [String: String]? = nil) {
        self.schemaVersion = 2
        self.mediaType = mediaType
        self.manifests = manifests
        self.annotations = annotations
    }

    /// The image manifest for a platform: the first entry whose platform matches, skipping attestation
    /// manifests (`unknown/unknown`) and nested indexes.
    /// - Throws: ``OCIError`` listing the platforms the index does offer.
    public func manifest(for platform: Platform) throws(OCIError) -> Descriptor {
        let images = manifests.filter { $0.mediaType.isImageManifest || $0.mediaType.isIndex }
        if let found = images.first(where: { $0.platform.map(platform.matches) ?? false }) {
            return found
        }
        let offered = images.compactMap { $0.platform?.description }.filter { $0 != "unknown/unknown" }
        let list = offered.isEmpty ? "none" : offered.joined(separator: ", ")
        throw OCIError(.noMatchingPlatform, "no image for platform \(platform) in the index (it offers: \(list))")
    }
}
