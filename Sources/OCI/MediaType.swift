/// A media type of a manifest, index, config or layer, e.g. `application/vnd.oci.image.manifest.v1+json`.
public struct MediaType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    // OCI image spec.
    public static let ociManifest: MediaType = "application/vnd.oci.image.manifest.v1+json"
    public static let ociIndex: MediaType = "application/vnd.oci.image.index.v1+json"
    public static let ociConfig: MediaType = "application/vnd.oci.image.config.v1+json"
    public static let ociLayer: MediaType = "application/vnd.oci.image.layer.v1.tar"
    public static let ociLayerGzip: MediaType = "application/vnd.oci.image.layer.v1.tar+gzip"
    public static let ociLayerZstd: MediaType = "application/vnd.oci.image.layer.v1.tar+zstd"
    public static let ociLayerNondistributable: MediaType = "application/vnd.oci.image.layer.nondistributable.v1.tar"
    public static let ociLayerNondistributableGzip: MediaType =
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
    public static let ociEmpty: MediaType = "application/vnd.oci.empty.v1+json"

    // Docker image manifest v2.
    public static let dockerManifest: MediaType = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerManifestList: MediaType = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let dockerConfig: MediaType = "application/vnd.docker.container.image.v1+json"
    public static let dockerLayerGzip: MediaType = "application/vnd.docker.image.rootfs.diff.tar.gzip"
    public static let dockerForeignLayerGzip: MediaType = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"
    public static let dockerLayerZstd: MediaType = "application/vnd.docker.image.rootfs.diff.tar.zstd"
    public static let dockerManifestV1: MediaType = "application/vnd.docker.distribution.manifest.v1+json"
    public static let dockerManifestV1Signed: MediaType = "application/vnd.docker.distribution.manifest.v1+prettyjws"

    /// The manifest and index types a client accepts, most specific first.
    public static let acceptedManifests: [MediaType] = [.ociIndex, .dockerManifestList, .ociManifest, .dockerManifest]

    /// Whether this is an image index or a Docker manifest list.
    public var isIndex: Bool { self == .ociIndex || self == .dockerManifestList }
    /// Whether this is a single-platform image manifest.
    public var isImageManifest: Bool { self == .ociManifest || self == .dockerManifest }
    /// Whether this is a Docker schema 1 manifest.
    public var isSchema1: Bool {
        self == .dockerManifestV1 || self == .dockerManifestV1Signed || rawValue == "application/json"
    }

    /// The compression of a layer of this media type, or nil if this is not a known layer type.
    public var layerCompression: LayerCompression? {
        switch self {
        case .ociLayer, .ociLayerNondistributable, "application/vnd.docker.image.rootfs.diff.tar": LayerCompression.none
        case .ociLayerGzip, .ociLayerNondistributableGzip, .dockerLayerGzip, .dockerForeignLayerGzip: .gzip
        case .ociLayerZstd, .dockerLayerZstd: .zstd
        default: nil
        }
    }

    /// How a layer blob is compressed, as its media type says.
    public enum LayerCompression: String, Sendable, Hashable {
        case none, gzip, zstd
    }
}
