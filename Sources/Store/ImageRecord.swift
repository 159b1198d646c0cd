public import Foundation
public import OCI

/// Where an image is in the analysis state machine.
public enum AnalysisStatus: String, Codable, Sendable, CaseIterable {
    case notAnalyzed = "not_analyzed"
    case analyzing
    case analyzed
    case analysisFailed = "analysis_failed"
}

/// Whether an image is live or on its way out.
public enum ImageStatus: String, Codable, Sendable, CaseIterable {
    case active, inactive, deleting
}

/// One image (by manifest digest) in one account: the `catalog_image` row plus its tags.
public struct ImageRecord: Codable, Hashable, Sendable {
    public var account: String
    /// The digest of the analyzed (platform) manifest.
    public var digest: Digest
    /// The index digest the manifest was chosen from, or the digest itself.
    public var parentDigest: Digest
    public var imageType: String
    public var analysisStatus: AnalysisStatus
    public var imageStatus: ImageStatus
    public var createdAt: Date
    public var lastUpdated: Date
    public var analyzedAt: Date?
    /// Why the last analysis failed, when it did.
    public var failureReason: String?
    public var annotations: [String: String]
    public var compressedSize: Int64
    /// Filled from the analysis: the image configuration's architecture and the detected distro.
    public var arch: String?
    public var distro: String?
    public var distroVersion: String?
    /// `Actual` (the user gave a Dockerfile), `Guessed` (from the history), or nil before analysis.
    public var dockerfileMode: String?
    /// Bytes of the squashed, uncompressed filesystem.
    public var imageSize: Int64?
    public var layerCount: Int?
    /// When the image was (re)queued for analysis; orders the queue.
    public var queuedAt: Date?
    /// The tags that ever pointed at this digest, oldest first.
    public var tags: [TagRecord]

    public init(
        account: String, digest: Digest, parentDigest: Digest? = nil, imageType: String = "docker",
        analysisStatus: AnalysisStatus = .notAnalyzed, imageStatus: ImageStatus = .active, createdAt: Date,
        lastUpdated: Date? = nil, analyzedAt: Date? = nil, failureReason: String? = nil,
        annotations: [String: String] = [:], compressedSize: Int64 = 0, arch: String? = nil, distro: String? = nil,
        distroVersion: String? = nil, dockerfileMode: String? = nil, imageSize: Int64? = nil,
        layerCount: Int? = nil, queuedAt: Date? = nil, tags: [TagRecord] = []
    ) {
        self.account = account
        self.digest = digest
        self.parentDigest = parentDigest ?? digest
        self.imageType = imageType
        self.analysisStatus = analysisStatus
        self.imageStatus = imageStatus
        self.createdAt = createdAt
        self.lastUpdated = lastUpdated ?? createdAt
        self.analyzedAt = analyzedAt
        self.failureReason = failureReason
        self.annotations = annotations
        self.compressedSize = compressedSize
        self.arch = arch
        self.distro = distro
        self.distroVersion = distroVersion
        self.dockerfileMode = dockerfileMode
        self.imageSize = imageSize
        self.layerCount = layerCount
        self.queuedAt = queuedAt
        self.tags = tags
    }
}

/// One tag that pointed at an image: the `catalog_image_docker` row.
public struct TagRecord: Codable, Hashable, Sendable {
    public var registry: String
    public var repository: String
    public var tag: String
    /// The image ID: the config digest's hex.
    public var imageID: String
    /// The user's Dockerfile, base64, when one was given.
    public var dockerfile: String?
    /// Orders the tag's history: the newest `createdAt` is the tag's current image.
    public var createdAt: Date
    public var lastUpdated: Date
    public var tagDetectedAt: Date

    public init(
        registry: String, repository: String, tag: String, imageID: String, dockerfile: String? = nil,
        createdAt: Date, lastUpdated: Date? = nil, tagDetectedAt: Date? = nil
    ) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.imageID = imageID
        self.dockerfile = dockerfile
        self.createdAt = createdAt
        self.lastUpdated = lastUpdated ?? createdAt
        self.tagDetectedAt = tagDetectedAt ?? createdAt
    }

    /// `registry/repository:tag`.
    public var fullTag: String { "\(registry)/\(repository):\(tag)" }
}

/// Which images a listing returns.
public struct ImageFilter: Sendable, Hashable {
    public var analysisStatus: AnalysisStatus?
    /// nil for every status.
    public var imageStatus: ImageStatus?
    /// Only images that ever had this tag.
    public var tag: TagKey?
    /// Only images whose tag rows carry this image ID.
    public var imageID: String?

    public init(analysisStatus: AnalysisStatus? = nil, imageStatus: ImageStatus? = .active, tag: TagKey? = nil, imageID: String? = nil) {
        self.analysisStatus = analysisStatus
        self.imageStatus = imageStatus
        self.tag = tag
        self.imageID = imageID
    }
}

/// A tag's identity: registry, repository and tag.
public struct TagKey: Sendable, Hashable, Codable {
    public var registry: String
    public var repository: String
    public var tag: String

    public init(registry: String, repository: String, tag: String) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
    }

    public var fullTag: String { "\(registry)/\(repository):\(tag)" }
}
