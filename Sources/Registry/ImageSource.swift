public import Foundation
public import OCI

/// Where an image comes from: a registry, an OCI layout directory or a `docker save` archive.
public protocol ImageSource: Sendable {
    /// A short account of the source for messages, e.g. `localhost:5000/a/b:1` or `oci-layout:/tmp/x`.
    var name: String { get }
    /// Where a local source (an OCI layout, a docker archive) lives, as the analysis records it in `source.path`;
    /// nil for an image read from a registry, however it is reached.
    var localPath: String? { get }
    /// Picks the single-platform image (from an index when there is one) and reads its manifest and config.
    func resolve(platform: Platform) async throws(RegistryError) -> ResolvedImage
    /// Opens a blob (a layer) as a verified stream.
    func blob(_ descriptor: Descriptor) async throws(RegistryError) -> BlobStream
}

/// A single-platform image: everything but the layer contents.
public struct ResolvedImage: Sendable, Hashable {
    /// The reference it was resolved from, when it came from a registry.
    public var reference: Reference?
    /// The digest of the image manifest.
    public var manifestDigest: Digest
    /// The digest of the index it was picked from, else the manifest digest (Anchore's `parentDigest`).
    public var parentDigest: Digest
    /// The media type of the image manifest.
    public var mediaType: MediaType
    /// The image manifest.
    public var manifest: ImageManifest
    /// The manifest bytes.
    public var manifestData: Data
    /// The image config.
    public var config: ImageConfig
    /// The config bytes.
    public var configData: Data

    /// The platform, from the config.
    public var platform: Platform { config.platform }
    /// The sum of the compressed layer sizes.
    public var compressedSize: Int64 { manifest.layers.reduce(0) { $0 + $1.size } }

    /// The config digest, which Docker shows as the image ID.
    public var imageID: Digest { manifest.config.digest }
}

/// Checks shared by every source once manifest and config are known.
enum ImageChecks {
    /// The largest config blob read.
    static let configLimit: Int64 = 16 * 1024 * 1024

    static func validate(_ manifest: ImageManifest, source: String) throws(RegistryError) {
        let configType = manifest.config.mediaType
        guard configType == .ociConfig || configType == .dockerConfig else {
            throw RegistryError(
                .unsupported,
                "\(source) is not a container image: its config has media type \"\(configType)\"\(manifest.artifactType.map { " (artifact type \($0))" } ?? "")")
        }
        for (index, layer) in manifest.layers.enumerated() where layer.mediaType.layerCompression == nil {
            throw RegistryError(.unsupported, "\(source): layer \(index + 1) has unsupported media type \"\(layer.mediaType)\"")
        }
    }

    static func decodeConfig(_ data: Data, manifest: ImageManifest, source: String) throws(RegistryError) -> ImageConfig {
        let config: ImageConfig
        do {
            config = try JSONDecoder().decode(ImageConfig.self, from: data)
        } catch {
            throw RegistryError(.invalidContent, "\(source): the image config is invalid: \(ManifestDocument.describe(error))")
        }
        guard config.rootfs.diffIDs.count == manifest.layers.count else {
            throw RegistryError(
                .invalidContent,
                "\(source): the config lists \(config.rootfs.diffIDs.count) layer diff IDs but the manifest has \(manifest.layers.count) layers")
        }
        return config
    }
}
