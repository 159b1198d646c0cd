public import Catalog
public import Foundation
public import Layers
public import Vulnerabilities

/// Everything an evaluation may look at about one image and one tag, gathered by the caller (the service from
/// its stored analysis and match report, `drydock scan` from the analysis it just made). Optional parts are
/// nil when the data does not exist, so a trigger that needs them says so instead of passing silently.
public struct PolicyInput: Sendable {
    /// The image ID: the config digest's hex, without `sha256:`.
    public var imageID: String
    /// The manifest digest, `sha256:…`.
    public var digest: String
    /// The tag the image is evaluated as.
    public var tag: TagName
    public var analysis: ImageAnalysis
    /// The image's vulnerability matches with when each was first seen; nil when no feed has been synced.
    public var vulnerabilities: [Vulnerability]?
    /// The state of the vulnerability data for the image's distro.
    public var feed: FeedState
    /// CISA KEV ids, when that data is synced; nil otherwise.
    public var knownExploited: Set<String>?
    /// The packages of the image the tag pointed at before this one (tag_drift); nil when there was none.
    public var previousPackages: [Package]?
    /// Other analyzed images whose layers this image is built on, nearest first (ancestry).
    public var ancestors: [Ancestor]
    /// Contents of files retrieved at analysis time, by path (the analysis's own unless given).
    public var retrievedFiles: [String: Data]?
    /// Malware scan results; nil when no scan ran (Drydock has no malware scanner).
    public var malwareFindings: [MalwareFinding]?

    public init(
        imageID: String, digest: String, tag: TagName, analysis: ImageAnalysis, vulnerabilities: [Vulnerability]?,
        feed: FeedState, knownExploited: Set<String>? = nil, previousPackages: [Package]? = nil, ancestors: [Ancestor] = [],
        retrievedFiles: [String: Data]? = nil, malwareFindings: [MalwareFinding]? = nil
    ) {
        self.imageID = imageID
        self.digest = digest
        self.tag = tag
        self.analysis = analysis
        self.vulnerabilities = vulnerabilities
        self.feed = feed
        self.knownExploited = knownExploited
        self.previousPackages = previousPackages
        self.ancestors = ancestors
        self.retrievedFiles = retrievedFiles
            ?? Dictionary(analysis.retrievedFiles.map { ($0.path, $0.content) }, uniquingKeysWith: { _, last in last })
        self.malwareFindings = malwareFindings
    }

    /// The input with what `parts` leaves out emptied: what a caller that gathers only a bundle's
    /// ``CompiledBundle/reads`` passes. Evaluating it gives the same result as evaluating the whole input.
    public func keeping(_ parts: AnalysisParts) -> PolicyInput {
        var input = self
        if !parts.contains(.packages) {
            input.analysis.packages = []
        } else {
            for index in input.analysis.packages.indices {
                input.analysis.packages[index].purl = ""
                input.analysis.packages[index].locations = []
                input.analysis.packages[index].metadata = [:]
                if !parts.contains(.packageFiles) { input.analysis.packages[index].files = [] }
            }
        }
        if !parts.contains(.files) { input.analysis.files = [] }
        if !parts.contains(.secrets) { input.analysis.secrets = [] }
        if !parts.contains(.retrievedFiles) {
            input.analysis.retrievedFiles = []
            input.retrievedFiles = [:]
        }
        if !parts.contains(.vulnerabilities) {
            input.vulnerabilities = nil
            input.feed = FeedState(namespace: nil, distroNamespace: feed.distroNamespace, oldestSync: nil)
            input.knownExploited = nil
        }
        return input
    }

    /// A tag in its parts, as mappings select by them.
    public struct TagName: Sendable, Hashable {
        public var registry: String
        public var repository: String
        public var tag: String

        public init(registry: String, repository: String, tag: String) {
            self.registry = registry
            self.repository = repository
            self.tag = tag
        }

        /// `registry/repository:tag`.
        public var full: String { "\(registry)/\(repository):\(tag)" }
    }

    /// One match with the times the policy's age parameters compare against.
    public struct Vulnerability: Sendable, Hashable {
        public var match: VulnerabilityMatch
        /// When the match was first seen for this image.
        public var detectedAt: Date
        /// When a fix was first seen for it; nil while there is none.
        public var fixObservedAt: Date?

        public init(match: VulnerabilityMatch, detectedAt: Date, fixObservedAt: Date? = nil) {
            self.match = match
            self.detectedAt = detectedAt
            self.fixObservedAt = fixObservedAt
        }
    }

    /// The vulnerability data available for the image's distro packages.
    public struct FeedState: Sendable, Hashable {
        /// The namespace the OS packages were matched in (`debian:12`), nil when none has data.
        public var namespace: String?
        /// The namespace as named from the image (`debian:12`, `ubuntu:22.04`), for messages.
        public var distroNamespace: String
        /// The oldest last-sync time of the groups serving that namespace; nil when never synced.
        public var oldestSync: Date?

        public init(namespace: String?, distroNamespace: String, oldestSync: Date?) {
            self.namespace = namespace
            self.distroNamespace = distroNamespace
            self.oldestSync = oldestSync
        }
    }

    /// An analyzed image this image is built on: its layers are a prefix of this image's.
    public struct Ancestor: Sendable, Hashable {
        public var digest: String
        public var tags: [String]

        public init(digest: String, tags: [String]) {
            self.digest = digest
            self.tags = tags
        }
    }

    /// One malware scanner finding.
    public struct MalwareFinding: Sendable, Hashable {
        public var scanner: String
        public var path: String
        public var signature: String

        public init(scanner: String, path: String, signature: String) {
            self.scanner = scanner
            self.path = path
            self.signature = signature
        }
    }
}
