public import Archive
import Crypto
public import OCI

/// Reads layer blobs into ``LayerRecord``s: one streaming pass per layer, nothing extracted to disk.
///
/// Configured once per analysis with the capture rules and probes of every cataloger; each `read` is
/// independent, so layers can be read concurrently.
public struct LayerReader: Sendable {
    /// The files whose contents are kept.
    public let captures: [CaptureRule]
    /// The streaming probes offered every regular file.
    public let probes: [any ContentProbe]
    /// Bounds on each layer.
    public let limits: LayerLimits
    /// Whether large layers are hashed and parsed on a second thread while the caller's thread decompresses.
    public let pipelined: Bool
    private let matcher: CaptureMatcher

    /// Creates a reader.
    /// - Parameters:
    ///   - captures: The files whose contents are kept.
    ///   - probes: The streaming probes offered every regular file.
    ///   - limits: Bounds on each layer.
    ///   - pipelined: Whether a layer past 8 MiB uncompressed is hashed and parsed on a second thread while the
    ///     caller's thread decompresses (one extra thread per layer being read; probes then run on it).
    public init(
        captures: [CaptureRule] = [], probes: [any ContentProbe] = [], limits: LayerLimits = .default,
        pipelined: Bool = true
    ) {
        self.captures = captures
        self.probes = probes
        self.limits = limits
        self.pipelined = pipelined
        self.matcher = CaptureMatcher(captures)
    }

    /// A short hash of what decides a record's contents (record format, capture rules, probe names, limits):
    /// part of the ``LayerCache`` key, so that a reader configured differently never reuses another's records.
    /// A probe that changes behaviour must change its name or the analyzer version.
    public var fingerprint: String {
        var text = "layer-record-v\(LayerRecord.formatVersion)\n"
        for rule in captures { text += "capture \(rule.glob.pattern) \(rule.maxSize)\n" }
        for probe in probes { text += "probe \(probe.name)\n" }
        text += "limits \(limits.maxCapturedBytes) \(limits.maxIssues)\n"
        return String(OCI.Digest.hex(SHA256.hash(data: Array(text.utf8))).prefix(16))
    }

    /// A sans-IO scanner for one layer, configured like this reader.
    /// - Parameters:
    ///   - name: How messages name the layer, e.g. `layer 2 (sha256:ab12…)`.
    ///   - compression: The blob's compression, or nil to sniff it.
    ///   - expectedDiffID: The diffID the image config declares, verified at the end; nil to skip.
    public func scanner(name: String, compression: Compression?, expectedDiffID: OCI.Digest? = nil) throws(LayerError)
        -> LayerScanner
    {
        try LayerScanner(
            name: name, compression: compression, expectedDiffID: expectedDiffID, matcher: matcher, probes: probes,
            limits: limits, pipelined: pipelined)
    }

    /// Reads a layer blob streamed as chunks (e.g. a registry `BlobStream`).
    /// - Parameters:
    ///   - chunks: The blob's bytes, in chunks of any size.
    ///   - compression: The blob's compression, or nil to sniff it from its first bytes.
    ///   - name: How messages name the layer.
    ///   - expectedDiffID: The diffID the image config declares, verified at the end; nil to skip.
    ///   - isolation: The caller's actor, inherited.
    /// - Returns: The layer's record, with ``FileRecord/layer`` unset (0).
    /// - Throws: ``LayerError`` when the layer cannot be read to the end; the sequence's own errors and
    ///   `CancellationError` as they are.
    public func read<Chunks: AsyncSequence>(
        _ chunks: Chunks, compression: Compression?, name: String, expectedDiffID: OCI.Digest? = nil,
        isolation: isolated (any Actor)? = #isolation
    ) async throws -> LayerRecord where Chunks.Element: Collection, Chunks.Element.Element == UInt8 {
        let scanner = try scanner(name: name, compression: compression, expectedDiffID: expectedDiffID)
        for try await chunk in chunks {
            try Task.checkCancellation()
            let handled: Void? = try chunk.withContiguousStorageIfAvailable { buffer in
                try scanner.feed(UnsafeRawBufferPointer(buffer))
            }
            if handled == nil {
                try Array(chunk).withUnsafeBytes { try scanner.feed($0) }
            }
        }
        return try scanner.finish()
    }

    /// Reads a whole layer blob held in memory (tests, small local layers).
    public func read(
        _ blob: [UInt8], compression: Compression?, name: String, expectedDiffID: OCI.Digest? = nil
    ) throws(LayerError) -> LayerRecord {
        let scanner = try scanner(name: name, compression: compression, expectedDiffID: expectedDiffID)
        var failure: LayerError?
        blob.withUnsafeBytes { bytes in
            do throws(LayerError) { try scanner.feed(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
        return try scanner.finish()
    }
}
