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
}

/// A ``LayerCache`` in memory, without bound: for tests and one-shot scans.
public actor MemoryLayerCache: LayerCache {
    private struct Key: Hashable {
        let diffID: Digest
        let analyzer: String
    }

    private var records: [Key: LayerRecord] = [:]
    private var stacks: [Key: [UInt8]] = [:]

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
        stacks[Key(diffID: chainID, analyzer: analyzer)]
    }

    public func storeStack(_ bytes: [UInt8], for chainID: Digest, analyzer: String) {
        stacks[Key(diffID: chainID, analyzer: analyzer)] = bytes
    }

    /// Forgets every stack record, keeping the layer records (as if only layers had been analyzed before).
    public func removeStacks() {
        stacks.removeAll()
    }
}
