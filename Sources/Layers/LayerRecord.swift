public import OCI

/// What one pass over one layer blob found: everything the squash and the catalogers need, so that a layer
/// shared by many images is read once (see ``LayerCache``).
///
/// A record does not know its position in an image: ``FileRecord/layer`` of its ``entries`` is 0 and
/// ``AnalysisIssue/layer`` of its ``issues`` is nil until ``FileTree/squash(_:)`` applies the index, so the same
/// cached record serves every image that has the layer, at any position.
public struct LayerRecord: Codable, Sendable, Hashable {
    /// The SHA-256 of the uncompressed tar stream, as computed while reading (not as declared).
    public var diffID: Digest
    /// The size of the uncompressed tar stream in bytes.
    public var uncompressedSize: Int64
    /// Every file entry in archive order, with cleaned paths (whiteout markers and refused entries excluded).
    /// A path may occur twice; the later entry wins.
    public var entries: [FileRecord]
    /// Paths this layer deletes from lower layers (`dir/.wh.NAME` → `/dir/NAME`), with everything below them.
    public var whiteouts: [String]
    /// Directories whose lower-layer contents this layer hides (`dir/.wh..wh..opq` → `/dir`).
    public var opaqueDirectories: [String]
    /// The captured contents of regular files matched by a ``CaptureRule``, by path.
    public var contents: [String: [UInt8]]
    /// What each ``ContentProbe`` extracted, by probe name, then path.
    public var extracts: [String: [String: [UInt8]]]
    /// What was wrong inside the layer without stopping its reading (refused paths, capture bound reached).
    public var issues: [AnalysisIssue]

    /// Creates a record.
    public init(
        diffID: Digest, uncompressedSize: Int64, entries: [FileRecord] = [], whiteouts: [String] = [],
        opaqueDirectories: [String] = [], contents: [String: [UInt8]] = [:],
        extracts: [String: [String: [UInt8]]] = [:], issues: [AnalysisIssue] = []
    ) {
        self.diffID = diffID
        self.uncompressedSize = uncompressedSize
        self.entries = entries
        self.whiteouts = whiteouts
        self.opaqueDirectories = opaqueDirectories
        self.contents = contents
        self.extracts = extracts
        self.issues = issues
    }
}
