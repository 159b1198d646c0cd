public import Catalog
public import Foundation
import Archive
public import Layers
public import OCI
public import Registry

/// The analysis pipeline: resolve → read each layer once (or take it from the cache) → squash → detect the
/// distro → run the catalogers → assemble the ``Catalog/ImageAnalysis``. Every stage is a function of its inputs,
/// so what the stages after resolving found for a stack of layers is cached too (``StackRecord``), and an image
/// whose layers were analyzed together before is only resolved and assembled.
public struct ImageAnalyzer: Sendable {
    public var configuration: AnalyzerConfiguration
    /// Where layer records are kept between analyses, keyed by diffID and the reader's fingerprint.
    public var cache: (any LayerCache)?

    public init(configuration: AnalyzerConfiguration = AnalyzerConfiguration(), cache: (any LayerCache)? = nil) {
        self.configuration = configuration
        self.cache = cache
    }

    /// OCI's chain ID of a stack of layers (their diffIDs, base first): the key the analysis of the whole stack is
    /// cached under. Nil for no layers.
    public static func chainID(_ diffIDs: [OCI.Digest]) -> OCI.Digest? {
        StackRecord.chainID(diffIDs)
    }

    /// Analyzes one image.
    /// - Parameters:
    ///   - source: where the image comes from.
    ///   - platform: which image of an index to analyze.
    ///   - dockerfile: the Dockerfile the user supplied (Actual mode); nil to guess it from the history.
    ///   - now: the analysis time recorded in the document.
    ///   - progress: called as the work advances (from any task).
    /// - Throws: ``AnalysisError`` when the image cannot be analyzed; corrupt files inside it are issues instead.
    public func analyze(
        _ source: any ImageSource, platform: Platform = .linuxAMD64, dockerfile: String? = nil, now: Date = Date(),
        progress: @escaping @Sendable (AnalysisProgress) -> Void = { _ in }
    ) async throws(AnalysisError) -> ImageAnalysis {
        let stackKey = configuration.stackFingerprint
        // While the source resolves (a registry round trip), read the stack record this source had last time: a
        // re-scan of a tag that has not moved then finds it decoded. Used only if the image has that chain ID.
        var ahead: (chainID: OCI.Digest, stack: Task<StackRecord?, Never>)?
        if let cache, let chainID = await cache.lastStack(for: source.name, analyzer: stackKey) {
            ahead = (chainID, Task { (await cache.stack(for: chainID, analyzer: stackKey)).flatMap { StackRecord(encoded: $0) } })
        }
        let image: ResolvedImage
        do {
            image = try await source.resolve(platform: platform)
        } catch {
            ahead?.stack.cancel()
            throw AnalysisError(.source, error.message, cause: error)
        }
        progress(.resolved(layers: image.manifest.layers.count, bytes: image.compressedSize))
        // Whole seconds: every output format records the time to the second.
        let time = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        if let cache, let chainID = StackRecord.chainID(image.config.rootfs.diffIDs),
            let stack = await cachedStack(chainID, ahead: ahead, for: source.name, cache: cache, key: stackKey),
            stack.uncompressedSizes.count == image.manifest.layers.count
        {
            for index in image.manifest.layers.indices { progress(.layerCached(index: index)) }
            progress(.cataloging)
            return assemble(image, stack: stack, source: source, dockerfile: dockerfile, now: time)
        }
        let records = try await readLayers(image, from: source, progress: progress)
        progress(.cataloging)
        let stack = catalogStack(records)
        // Keyed by the diffIDs computed while reading, like the layer records.
        if let cache, let chainID = StackRecord.chainID(records.map(\.diffID)) {
            try? await cache.storeStack(stack.encoded(), for: chainID, analyzer: stackKey)
            await cache.rememberStack(chainID, for: source.name, analyzer: stackKey)
        }
        return assemble(image, stack: stack, source: source, dockerfile: dockerfile, now: time)
    }

    /// The stack record for a chain ID: the one read ahead for the source when it is that stack, else read now (and
    /// then remembered as the source's stack for next time).
    private func cachedStack(
        _ chainID: OCI.Digest, ahead: (chainID: OCI.Digest, stack: Task<StackRecord?, Never>)?, for source: String,
        cache: any LayerCache, key: String
    ) async -> StackRecord? {
        if let ahead {
            if ahead.chainID == chainID { return await ahead.stack.value }
            ahead.stack.cancel()
        }
        guard let bytes = await cache.stack(for: chainID, analyzer: key), let stack = StackRecord(encoded: bytes) else {
            return nil
        }
        await cache.rememberStack(chainID, for: source, analyzer: key)
        return stack
    }

    /// Reads every layer (at most ``AnalyzerConfiguration/layerConcurrency`` at a time), base first in the result.
    func readLayers(
        _ image: ResolvedImage, from source: any ImageSource, progress: @escaping @Sendable (AnalysisProgress) -> Void
    ) async throws(AnalysisError) -> [LayerRecord] {
        let reader = configuration.reader
        let version = AnalyzerConfiguration.analyzerVersion + "/" + reader.fingerprint
        let layers = Array(zip(image.manifest.layers, image.config.rootfs.diffIDs).enumerated())
        let cache = self.cache
        var records = [LayerRecord?](repeating: nil, count: layers.count)
        do {
            try await withThrowingTaskGroup(of: (Int, LayerRecord).self) { group in
                var next = 0
                func startNext() {
                    guard next < layers.count else { return }
                    let (index, (descriptor, diffID)) = layers[next]
                    next += 1
                    group.addTask {
                        if let cached = await cache?.record(for: diffID, analyzer: version) {
                            progress(.layerCached(index: index))
                            return (index, cached)
                        }
                        let record = try await Self.read(
                            descriptor, diffID: diffID, index: index, reader: reader, source: source, progress: progress)
                        try? await cache?.store(record, analyzer: version)
                        progress(.layerDone(index: index))
                        return (index, record)
                    }
                }
                for _ in 0..<configuration.layerConcurrency { startNext() }
                while let (index, record) = try await group.next() {
                    records[index] = record
                    startNext()
                }
            }
        } catch let error as AnalysisError {
            throw error
        } catch {
            throw AnalysisError(.layer, "\(error)", cause: error)
        }
        return records.compactMap { $0 }
    }

    private static func read(
        _ descriptor: Descriptor, diffID: Digest, index: Int, reader: LayerReader, source: any ImageSource,
        progress: @Sendable (AnalysisProgress) -> Void
    ) async throws -> LayerRecord {
        let name = "layer \(index + 1) (\(descriptor.digest.description.prefix(19)))"
        let compression = descriptor.mediaType.layerCompression.flatMap { Compression(rawValue: $0.rawValue) }
        let scanner: LayerScanner
        let stream: BlobStream
        do {
            scanner = try reader.scanner(name: name, compression: compression, expectedDiffID: diffID)
            stream = try await source.blob(descriptor)
        } catch let error as RegistryError {
            throw AnalysisError(.source, "\(name): \(error.message)", cause: error)
        }
        var read: Int64 = 0
        var reported: Int64 = 0
        do {
            while let chunk = try await stream.nextChunk() {
                try chunk.withUnsafeBytes { bytes in try scanner.feed(bytes) }
                read += Int64(chunk.count)
                if read - reported >= 4 << 20 {
                    reported = read
                    progress(.layerBytes(index: index, read: read, total: descriptor.size))
                }
            }
            return try scanner.finish()
        } catch let error as RegistryError {
            throw AnalysisError(.source, "\(name): \(error.message)", cause: error)
        } catch let error as LayerError {
            throw AnalysisError(.layer, error.message, cause: error)
        }
    }
}
