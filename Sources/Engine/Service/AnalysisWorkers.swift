import Archive
public import Catalog
public import Foundation
public import Logging
public import OCI
public import ServiceLifecycle
public import Store

/// The analyzer workers: each claims the oldest queued image (with a lease), analyzes it and stores the result.
///
/// A worker that stops (graceful shutdown) puts its image back in the queue; one that dies leaves a lease that
/// runs out, after which any worker (of any process) requeues it.
public struct AnalysisWorkers: Service {
    public let store: any DataStore
    public let resolver: any ImageResolver
    public let analyzer: ImageAnalyzer
    public var workers: Int
    /// How long a claim lasts before it is presumed dead; renewed while the analysis runs.
    public var lease: Duration
    /// How often an idle worker looks for work.
    public var pollInterval: Duration
    /// A name unique to this process, for leases.
    public let instance: String
    public let logger: Logger
    public let events: EventLog
    /// Told about each stored analysis before its completion events (vulnerability matching).
    public var afterAnalysis: (@Sendable (ImageRecord, ImageAnalysis) async -> Void)?

    public init(
        store: any DataStore, resolver: any ImageResolver, analyzer: ImageAnalyzer, workers: Int = 2,
        lease: Duration = .seconds(300), pollInterval: Duration = .milliseconds(200), instance: String = UUID().uuidString,
        events: EventLog? = nil, logger: Logger
    ) {
        self.events = events ?? EventLog(store: store, logger: logger)
        self.store = store
        self.resolver = resolver
        self.analyzer = analyzer
        self.workers = max(0, workers)
        self.lease = lease
        self.pollInterval = pollInterval
        self.instance = instance
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.sweepAbandoned() }
                for index in 0..<workers {
                    group.addTask { await self.work(name: "\(self.instance)/\(index)") }
                }
            }
        }
    }

    /// One worker's loop, until cancelled.
    func work(name: String) async {
        while !Task.isCancelled {
            let now = Date()
            let claimed: ImageRecord?
            do {
                claimed = try await store.claimNextImage(worker: name, leaseUntil: now + lease.timeInterval, now: now)
            } catch {
                logger.error("cannot claim the next image", metadata: ["error": "\(error)"])
                claimed = nil
            }
            guard let image = claimed else {
                try? await Task.sleep(for: pollInterval)
                continue
            }
            await analyze(image, worker: name)
        }
    }

    /// Requeues analyses whose worker died, every lease period.
    func sweepAbandoned() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: lease)
            if Task.isCancelled { return }
            if let count = try? await store.requeueAbandoned(now: Date(), all: false), count > 0 {
                logger.warning("requeued analyses whose lease ran out", metadata: ["count": "\(count)"])
            }
        }
    }

    /// Analyzes one claimed image and records the outcome.
    func analyze(_ image: ImageRecord, worker: String) async {
        guard let tag = image.tags.max(by: { $0.createdAt < $1.createdAt }) else {
            await finish(failed(image, "the image has no tag to pull it by"), worker: worker, artifacts: [:])
            return
        }
        let reference = Reference(registry: tag.registry, repository: tag.repository).withDigest(image.digest)
        let pullReference = (try? PullString(registry: tag.registry, repository: tag.repository, tag: nil, digest: image.digest).reference) ?? reference
        let dockerfile = tag.dockerfile.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
        await events.record(.analysisStarted, account: image.account, resource: tag.fullTag, details: ["imageDigest": "\(image.digest)"])
        let started = ContinuousClock.now
        let renewal = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: lease / 3)
                _ = try await store.renewLease(account: image.account, digest: image.digest, worker: worker, until: Date() + lease.timeInterval)
            }
        }
        defer { renewal.cancel() }
        do {
            let analysis = try await analyzer.analyze(resolver.source(for: pullReference, account: image.account), dockerfile: dockerfile)
            if Task.isCancelled { return await release(image, worker: worker) }
            let (record, artifacts) = try Self.outcome(of: analysis, for: image)
            if await finish(record, worker: worker, artifacts: artifacts) {
                // Said as soon as the image reads `analyzed`; matching and policy evaluation follow.
                for tag in image.tags {
                    await events.record(
                        .analysisCompleted, account: image.account, resource: tag.fullTag,
                        details: ["imageDigest": "\(image.digest)", "seconds": "\(started.duration(to: .now).components.seconds)"])
                }
                await afterAnalysis?(record, analysis)
            }
        } catch {
            if Task.isCancelled { return await release(image, worker: worker) }
            if await finish(failed(image, "\(error)"), worker: worker, artifacts: [:]) {
                for tag in image.tags {
                    await events.record(
                        .analysisFailed, account: image.account, resource: tag.fullTag,
                        details: ["imageDigest": "\(image.digest)", "error": "\(error)"])
                }
            }
        }
    }

    func failed(_ image: ImageRecord, _ reason: String) -> ImageRecord {
        var record = image
        record.analysisStatus = .analysisFailed
        record.failureReason = reason
        record.lastUpdated = Date()
        return record
    }

    /// Stores the outcome; false when it was dropped (the image was deleted or requeued meanwhile) or failed.
    @discardableResult
    func finish(_ record: ImageRecord, worker: String, artifacts: [String: Data]) async -> Bool {
        do {
            if try await store.finishAnalysis(record, worker: worker, artifacts: artifacts) { return true }
            logger.info("analysis result dropped: the image was deleted or requeued meanwhile", metadata: ["digest": "\(record.digest)"])
        } catch {
            logger.error("cannot store the analysis result", metadata: ["digest": "\(record.digest)", "error": "\(error)"])
        }
        return false
    }

    func release(_ image: ImageRecord, worker: String) async {
        // The worker's task is cancelled by now, and the store refuses work from cancelled tasks: release
        // from a fresh task.
        let store = self.store
        let released = await Task { try? await store.releaseImage(account: image.account, digest: image.digest, worker: worker) }.value
        guard released == true else {
            logger.warning("could not put an interrupted analysis back in the queue; the next start requeues it", metadata: ["digest": "\(image.digest)"])
            return
        }
        logger.info("analysis interrupted; the image is back in the queue", metadata: ["digest": "\(image.digest)"])
    }

    /// The record's analysis fields and the artifacts to store for a finished analysis.
    static func outcome(of analysis: ImageAnalysis, for image: ImageRecord) throws -> (ImageRecord, [String: Data]) {
        var record = image
        record.analysisStatus = .analyzed
        record.analyzedAt = analysis.analyzedAt
        record.lastUpdated = Date()
        record.failureReason = nil
        record.arch = analysis.metadata.architecture
        record.distro = analysis.distro?.id ?? "N/A"
        record.distroVersion = analysis.distro?.version ?? "N/A"
        record.dockerfileMode = analysis.dockerfile?.mode.rawValue ?? "N/A"
        record.imageSize = analysis.source.uncompressedSize
        record.layerCount = analysis.source.layers.count
        let document = try NativeEncoder.encode(analysis, pretty: false)
        let packed = try Compressor.compress(Array(document), as: .zstd)
        return (record, [ArtifactKind.analysis: Data(packed), ArtifactKind.facts: try AnalysisFacts.encode(analysis)])
    }
}

/// The names artifacts are stored under.
public enum ArtifactKind {
    /// The native analysis document, zstd-compressed JSON.
    public static let analysis = "analysis.json.zst"
    /// The same analysis in ``AnalysisFacts``' fast-reading form (the policy engine reads this).
    public static let facts = "analysis-facts.bin.zst"

    /// Reads a stored analysis document back.
    public static func decodeAnalysis(_ data: Data) throws -> ImageAnalysis {
        let json = try Decompressor.decompress(Array(data), as: .zstd, outputLimit: 4 << 30)
        return try NativeEncoder.decode(Data(json))
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
