public import Foundation
public import Layers
public import OCI

/// Everything Drydock learned about one image: the native SBOM document.
///
/// The pipeline fills it in; ``NativeEncoder`` writes it as JSON (its `Codable` form is the native format),
/// ``CycloneDXEncoder`` and ``SPDXEncoder`` derive the standard SBOMs from it. Every field is a plain value, so
/// the same analysis always encodes to the same bytes (the time is passed in, never read from the clock).
public struct ImageAnalysis: Codable, Hashable, Sendable {
    /// The version of the native format this value was made for (``currentSchemaVersion`` for new documents).
    public var schemaVersion: String
    /// The tool that produced the analysis.
    public var analyzer: Analyzer
    /// When the analysis ran. Encoded to whole seconds (ISO 8601, UTC) in every format.
    public var analyzedAt: Date
    /// Which image was analyzed: where it came from, its digests, platform and layers.
    public var source: Source
    /// The image configuration's run settings and history.
    public var metadata: Metadata
    /// The Dockerfile, actual (supplied by the user) or guessed from the history.
    public var dockerfile: Dockerfile?
    /// The Linux distribution, when one was detected.
    public var distro: Distro?
    /// The packages found, in the order the catalogers reported them.
    public var packages: [Package]
    /// The files of the squashed image.
    public var files: [FileRecord]
    /// Secrets found in files, redacted.
    public var secrets: [SecretFinding]
    /// Files whose contents were kept at analysis time (`/etc/passwd` by default), for policies to read.
    public var retrievedFiles: [RetrievedFile]
    /// Problems inside the image that did not stop the analysis.
    public var issues: [AnalysisIssue]

    /// The native format version this build writes.
    public static let currentSchemaVersion = "1.0.0"

    /// Makes an analysis document; every field is given explicitly.
    public init(
        schemaVersion: String = ImageAnalysis.currentSchemaVersion, analyzer: Analyzer, analyzedAt: Date,
        source: Source, metadata: Metadata, dockerfile: Dockerfile? = nil, distro: Distro? = nil,
        packages: [Package] = [], files: [FileRecord] = [], secrets: [SecretFinding] = [],
        retrievedFiles: [RetrievedFile] = [], issues: [AnalysisIssue] = []
    ) {
        self.schemaVersion = schemaVersion
        self.analyzer = analyzer
        self.analyzedAt = analyzedAt
        self.source = source
        self.metadata = metadata
        self.dockerfile = dockerfile
        self.distro = distro
        self.packages = packages
        self.files = files
        self.secrets = secrets
        self.retrievedFiles = retrievedFiles
        self.issues = issues
    }

    /// The tool that produced an analysis.
    public struct Analyzer: Codable, Hashable, Sendable {
        /// The tool's name, e.g. `drydock`.
        public var name: String
        /// The tool's version, e.g. `0.1.0`.
        public var version: String

        /// Names a tool and its version.
        public init(name: String = "drydock", version: String) {
            self.name = name
            self.version = version
        }
    }

    /// Which image was analyzed.
    public struct Source: Codable, Hashable, Sendable {
        /// The reference the image was pulled by (or the tag recorded in a local archive), if any.
        public var reference: Reference?
        /// The local path the image was read from (OCI layout directory or docker-archive tarball), if any.
        public var path: String?
        /// The digest of the image manifest, when known (an archive may carry none).
        public var manifestDigest: Digest?
        /// The digest of the index (manifest list) the manifest was chosen from, if any.
        public var parentDigest: Digest?
        /// The image ID: the digest of the image config.
        public var imageID: Digest
        /// The media type of the image manifest.
        public var mediaType: MediaType
        /// The platform of the image.
        public var platform: Platform
        /// The layers, base first.
        public var layers: [Layer]
        /// The sum of the layers' blob sizes.
        public var compressedSize: Int64
        /// The sum of the layers' uncompressed (tar) sizes.
        public var uncompressedSize: Int64

        /// Describes an image's origin and layout.
        public init(
            reference: Reference? = nil, path: String? = nil, manifestDigest: Digest? = nil,
            parentDigest: Digest? = nil, imageID: Digest, mediaType: MediaType, platform: Platform,
            layers: [Layer] = [], compressedSize: Int64 = 0, uncompressedSize: Int64 = 0
        ) {
            self.reference = reference
            self.path = path
            self.manifestDigest = manifestDigest
            self.parentDigest = parentDigest
            self.imageID = imageID
            self.mediaType = mediaType
            self.platform = platform
            self.layers = layers
            self.compressedSize = compressedSize
            self.uncompressedSize = uncompressedSize
        }

        /// The digest that names this image best: the manifest digest, else the image ID.
        public var primaryDigest: Digest { manifestDigest ?? imageID }

        /// A short human name for the image: the reference's `registry/repository`, else the path, else the ID.
        public var displayName: String {
            if let reference { return reference.name }
            if let path, !path.isEmpty { return path }
            return imageID.description
        }
    }

    /// One layer of the image.
    public struct Layer: Codable, Hashable, Sendable {
        /// The digest of the layer blob as stored in the registry.
        public var digest: Digest
        /// The digest of the uncompressed tar.
        public var diffID: Digest
        /// The blob's media type.
        public var mediaType: MediaType
        /// The blob's size in bytes.
        public var size: Int64
        /// The uncompressed tar's size in bytes.
        public var uncompressedSize: Int64

        /// Describes a layer.
        public init(digest: Digest, diffID: Digest, mediaType: MediaType, size: Int64, uncompressedSize: Int64) {
            self.digest = digest
            self.diffID = diffID
            self.mediaType = mediaType
            self.size = size
            self.uncompressedSize = uncompressedSize
        }
    }
}
