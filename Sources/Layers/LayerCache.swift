public import OCI

/// Where layer records are kept between analyses, keyed by the layer's diffID and the analyzer version, so an
/// image that shares layers with one already analyzed only reads its new layers.
///
/// The analyzer version must change whenever what a record holds could change: pass the engine's version
/// together with ``LayerReader/fingerprint`` (capture rules, probes, record format). Store records under the
/// diffID *computed* while reading (``LayerRecord/diffID``), never one merely declared by an image, so that a
/// hostile image cannot plant a record under another layer's key.
public protocol LayerCache: Sendable {
    /// The record stored for a layer, or nil on a miss (including an unreadable entry, which is dropped).
    func record(for diffID: Digest, analyzer: String) async -> LayerRecord?
    /// Stores a record under its ``LayerRecord/diffID``.
    /// - Throws: when the record cannot be stored; the analysis may go on without caching.
    func store(_ record: LayerRecord, analyzer: String) async throws

    /// What the analysis of a whole stack of layers found, keyed by the stack's chain ID (OCI's `ChainID`: the
    /// diffIDs of a layer and of everything below it), or nil on a miss. The bytes are the engine's encoding; the
    /// cache only keeps them. The same rule holds as for records: store under a chain ID computed from the
    /// diffIDs computed while reading.
    func stack(for chainID: Digest, analyzer: String) async -> [UInt8]?
    /// Stores what ``stack(for:analyzer:)`` returns.
    func storeStack(_ bytes: [UInt8], for chainID: Digest, analyzer: String) async throws

    /// The chain ID of the stack last analyzed for a source (an image name such as `registry/repo:tag`), so its
    /// record can be read while the source is resolved. A hint only: the engine uses that record when the resolved
    /// image has that chain ID.
    func lastStack(for source: String, analyzer: String) async -> Digest?
    /// Remembers the stack a source resolved to, for ``lastStack(for:analyzer:)``.
    func rememberStack(_ chainID: Digest, for source: String, analyzer: String) async
}

/// A ``LayerCache`` in memory, without bound: for tests and one-shot scans.
public actor MemoryLayerCache: LayerCache {
    private struct Key: Hashable {
        let diffID: Digest
        let analyzer: String
    }

    private var records: [Key: LayerRecord] = [:]
    private var stacks: [Key: [UInt8]] = [:]
    private struct SourceKey: Hashable {
        let source: String
        let analyzer: String
    }
    private var lastStacks: [SourceKey: Digest] = [:]
    private var stackReadCount = 0

    /// Creates an empty cache.
    public init() {}

    /// The number of layer records held.
    public var count: Int { records.count }
    /// The number of stack records held.
    public var stackCount: Int { stacks.count }

    public func record(for diffID: Digest, analyzer: String) -> LayerRecord? {
        records[Key(diffID: diffID, analyzer: analyzer)]
    }

    public func store(_ record: LayerRecord, analyzer: String) {
        records[Key(diffID: record.diffID, analyzer: analyzer)] = record
    }

    public func stack(for chainID: Digest, analyzer: String) -> [UInt8]? {
        stackReadCount += 1
        return stacks[Key(diffID: chainID, analyzer: analyzer)]
    }

    public func storeStack(_ bytes: [UInt8], for chainID: Digest, analyzer: String) {
        stacks[Key(diffID: chainID, analyzer: analyzer)] = bytes
    }

    public func lastStack(for source: String, analyzer: String) -> Digest? {
        lastStacks[SourceKey(source: source, analyzer: analyzer)]
    }

    public func rememberStack(_ chainID: Digest, for source: String, analyzer: String) {
        lastStacks[SourceKey(source: source, analyzer: analyzer)] = chainID
    }

    /// How many times ``stack(for:analyzer:)`` was asked (tests check that a hinted record is read once).
    public var stackReads: Int { stackReadCount }

    /// Forgets every stack record, keeping the layer records (as if only layers had been analyzed before).
    public func removeStacks() {
        stacks.removeAll()
    }
}
