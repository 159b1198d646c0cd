public import Catalog
import Archive
import Crypto
public import Foundation
import Logging
public import OCI
public import Policy
public import Store
import Vulnerabilities

extension PolicyService {
    /// What a re-evaluation did.
    public struct ReevaluationStats: Sendable, Hashable {
        public var evaluated: Int
        public var failed: Int
        public var seconds: Double
    }

    /// Evaluates an analyzed image as `tag` (a full tag) against a bundle (the active one unless `policyID` is
    /// given), stores the evaluation and returns it. When the evaluation is against the active bundle and the tag's
    /// previous outcome differs, raises `user.checks.tag.policy_evaluation.update` (and so the `policy_eval`
    /// webhook) if the tag is subscribed.
    public func evaluate(account: String, image: ImageRecord, tag: String, policyID: String? = nil) async throws -> EvaluationRecord {
        guard image.analysisStatus == .analyzed else {
            throw CatalogError(.notFound, "image is not analyzed - analysis_status: \(image.analysisStatus.rawValue)")
        }
        let policy: PolicyRecord
        if let policyID { policy = try await self.policy(account: account, id: policyID) } else { policy = try await activePolicy(account: account) }
        let bundle = try compiledBundle(policy)
        guard let result = await evaluate(account: account, pairs: [(image, tag)], policy: policy, bundle: bundle).first else {
            throw CatalogError(.internalError, "the image was not evaluated")
        }
        return try result.get()
    }

    /// Evaluates (image, tag) pairs against a bundle and stores the evaluations: the batch's stored facts are read
    /// together, the images evaluated on every core, the records written in one transaction. When the bundle is
    /// the active one and a tag's previous outcome differs, raises `user.checks.tag.policy_evaluation.update` (and
    /// so the `policy_eval` webhook) if the tag is subscribed. The results are in the pairs' order.
    func evaluate(
        account: String, pairs: [(ImageRecord, String)], policy: PolicyRecord, bundle: CompiledBundle, analysis: ImageAnalysis? = nil
    ) async -> [Result<EvaluationRecord, any Error>] {
        let reads: BatchReads
        do { reads = try await read(account: account, pairs: pairs, policy: policy, analysisKnown: analysis != nil) } catch {
            return pairs.map { _ in .failure(error) }
        }
        let outcomes = await run(account: account, pairs: pairs, policy: policy, bundle: bundle, reads: reads, analysis: analysis)
        return await commit(account: account, pairs: pairs, outcomes: outcomes, previous: reads.previous)
    }

    /// What a batch of evaluations reads: the images' stored facts and, against the active bundle, each tag's
    /// latest outcome (to announce the tags whose outcome changes).
    struct BatchReads {
        var stored: StoredFacts
        var previous: [String: EvaluationRecord] = [:]
    }

    func read(account: String, pairs: [(ImageRecord, String)], policy: PolicyRecord, analysisKnown: Bool) async throws -> BatchReads {
        let digests = Array(Set(pairs.map(\.0.digest)))
        var reads = BatchReads(stored: try await storedFacts(account: account, digests: digests, analysisKnown: analysisKnown))
        // An evaluation against another than the active bundle is a what-if and announces nothing.
        if policy.active {
            for record in try await store.latestEvaluations(account: account, digests: digests.map(\.description)) {
                reads.previous[record.digest + " " + record.tag] = record
            }
        }
        return reads
    }

    /// The batch's evaluations, on every core: each record, and its image's first-seen record when it changed.
    func run(
        account: String, pairs: [(ImageRecord, String)], policy: PolicyRecord, bundle: CompiledBundle, reads: BatchReads, analysis: ImageAnalysis?
    ) async -> [Result<(EvaluationRecord, Data?), any Error>] {
        let stored = reads.stored
        return await concurrently(pairs.count) { index -> (EvaluationRecord, Data?) in
            let (image, tag) = pairs[index]
            return try await self.evaluate(account: account, image: image, tag: tag, policy: policy, bundle: bundle, stored: stored, analysis: analysis)
        }
    }

    /// Stores a batch's evaluations in one transaction (and the changed first-seen records), then announces the
    /// tags whose outcome changed.
    func commit(
        account: String, pairs: [(ImageRecord, String)], outcomes: [Result<(EvaluationRecord, Data?), any Error>], previous: [String: EvaluationRecord]
    ) async -> [Result<EvaluationRecord, any Error>] {
        var records: [EvaluationRecord] = []
        var seen: [OCI.Digest: Data] = [:]
        for (index, outcome) in outcomes.enumerated() {
            guard case .success(let (record, data)) = outcome else { continue }
            records.append(record)
            if let data { seen[pairs[index].0.digest] = data }
        }
        do {
            try await store.save(records)
            for (digest, data) in seen { try await store.putArtifact(account: account, digest: digest, kind: Self.seenArtifact, data: data) }
        } catch {
            return pairs.map { _ in .failure(error) }
        }
        for record in records {
            if let before = previous[record.digest + " " + record.tag], before.finalAction != record.finalAction {
                await announce(previous: before, current: record)
            }
        }
        return outcomes.map { $0.map(\.0) }
    }

    /// `body(0..<count)` on up to ``concurrency`` tasks at once; the results in index order.
    func concurrently<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async -> [Result<T, any Error>] {
        var results = [Result<T, any Error>?](repeating: nil, count: count)
        await withTaskGroup(of: (Int, Result<T, any Error>).self) { group in
            var next = 0
            func add() {
                guard next < count else { return }
                let index = next
                next += 1
                group.addTask {
                    do { return (index, .success(try await body(index))) } catch { return (index, .failure(error)) }
                }
            }
            for _ in 0..<concurrency { add() }
            for await (index, result) in group {
                results[index] = result
                add()
            }
        }
        return results.map { $0 ?? .failure(CatalogError(.internalError, "not evaluated")) }
    }

    /// One evaluation from what was read for its batch: the record, and the image's first-seen record when it
    /// changed.
    func evaluate(
        account: String, image: ImageRecord, tag: String, policy: PolicyRecord, bundle: CompiledBundle, stored: StoredFacts, analysis: ImageAnalysis?
    ) async throws -> (EvaluationRecord, Data?) {
        let now = clock()
        let (input, seen) = try await input(account: account, image: image, tag: tag, bundle: bundle, now: now, stored: stored, analysis: analysis)
        let result = bundle.evaluate(input, now: now)
        let document = try EvaluationDocument.compress(result.documentJSON(account: account, bundle: policy.bundle))
        let final = result.finalAction.rawValue
        let digest = image.digest.description
        let record = EvaluationRecord(
            account: account, id: Self.evaluationID(policyID: policy.id, account: account, digest: digest, tag: input.tag.full, final: final),
            digest: digest, tag: input.tag.full, policyID: policy.id, finalAction: final, evaluatedAt: now, document: document)
        return (record, seen)
    }

    /// Anchore's evaluation record id: md5 of `policyId:account:digest:tag:FINAL_ACTION`.
    static func evaluationID(policyID: String, account: String, digest: String, tag: String, final: String) -> String {
        Insecure.MD5.hash(data: Data("\(policyID):\(account):\(digest):\(tag):\(final)".utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Raises the tag's policy-evaluation event when a `policy_eval` subscription on it is active.
    func announce(previous summary: EvaluationRecord, current: EvaluationRecord) async {
        let previous: EvaluationRecord
        do {
            let subscriptions = try await store.subscriptions(account: current.account, key: current.tag, type: "policy_eval")
            guard subscriptions.contains(where: \.active) else { return }
            previous = try await store.evaluation(account: summary.account, id: summary.id) ?? summary
        } catch {
            logger.error("cannot read subscriptions", metadata: ["error": "\(error)"])
            return
        }
        await events.record(
            .policyEvaluationUpdated, account: current.account, resource: current.tag,
            details: [
                "imageDigest": current.digest, "policyId": current.policyID, "last_final_action": previous.finalAction,
                "curr_final_action": current.finalAction,
                "last_eval": String(decoding: EvaluationDocument.json(previous.document), as: UTF8.self),
                "curr_eval": String(decoding: EvaluationDocument.json(current.document), as: UTF8.self),
            ])
    }

    /// The stored evaluations of an image as a tag, newest first.
    public func history(account: String, digest: OCI.Digest, tag: String, policyID: String?) async throws -> [EvaluationRecord] {
        try await store.evaluations(account: account, digest: digest.description, tag: tag, policyID: policyID)
    }

    // MARK: Re-evaluation

    /// A freshly analyzed image (its analysis in hand): evaluates each of its tags against the active bundle.
    public func imageAnalyzed(_ image: ImageRecord, analysis: ImageAnalysis) async {
        await reevaluate(account: image.account, pairs: image.tags.map { (image, $0.fullTag) }, analysis: analysis)
    }

    /// Images whose vulnerabilities changed (a feed sync): re-evaluates them, as each of their tags, in every
    /// account that holds them.
    public func vulnerabilitiesChanged(_ digests: [OCI.Digest]) async {
        guard !digests.isEmpty else { return }
        do {
            for account in try await store.accounts() {
                var pairs: [(ImageRecord, String)] = []
                for digest in digests {
                    guard let image = try await store.image(account: account.name, digest: digest), image.analysisStatus == .analyzed else { continue }
                    pairs += image.tags.map { (image, $0.fullTag) }
                }
                await reevaluate(account: account.name, pairs: pairs)
            }
        } catch {
            logger.error("cannot re-evaluate images after a feed change", metadata: ["error": "\(error)"])
        }
    }

    /// Evaluates the newest image of every tag of the account against its active bundle (after the bundle
    /// changed, and for the compliance view).
    @discardableResult
    public func reevaluate(account: String) async -> ReevaluationStats {
        do {
            return await reevaluate(account: account, pairs: try await newestPerTag(account: account))
        } catch {
            logger.error("cannot list images to re-evaluate", metadata: ["account": "\(account)", "error": "\(error)"])
            return ReevaluationStats(evaluated: 0, failed: 1, seconds: 0)
        }
    }

    /// The newest analyzed image of each tag of the account, sorted by tag.
    func newestPerTag(account: String) async throws -> [(ImageRecord, String)] {
        let images = try await store.images(account: account, filter: ImageFilter(analysisStatus: .analyzed, imageStatus: .active))
        var newest: [String: (ImageRecord, Date)] = [:]
        for image in images {
            for tag in image.tags where (newest[tag.fullTag]?.1 ?? .distantPast) < tag.createdAt {
                newest[tag.fullTag] = (image, tag.createdAt)
            }
        }
        return newest.sorted { $0.key < $1.key }.map { ($0.value.0, $0.key) }
    }

    /// What activating a bundle would do: it is evaluated against the newest image of every tag of the account
    /// (nothing is stored), and compared with each tag's latest stored outcome against the active bundle.
    public func preview(account: String, json: Data) async throws -> PolicyPreview {
        let bundle = try CompiledBundle(json: json)
        let active = try? await activePolicy(account: account)
        var previous: [String: String] = [:]
        if let active {
            for record in try await store.latestEvaluations(account: account, policyID: active.id) { previous[record.digest + " " + record.tag] = record.finalAction }
        }
        var preview = PolicyPreview(bundleID: bundle.bundle.id, activeBundleID: active?.id)
        let pairs = try await newestPerTag(account: account)
        for first in stride(from: 0, to: pairs.count, by: Self.batchSize) {
            let batch = Array(pairs[first..<min(first + Self.batchSize, pairs.count)])
            let stored = try await storedFacts(account: account, digests: Array(Set(batch.map(\.0.digest))), analysisKnown: false)
            let results = await concurrently(batch.count) { index -> (action: Action, stops: Int) in
                let (image, tag) = batch[index]
                let now = self.clock()
                let input = try await self.input(account: account, image: image, tag: tag, bundle: bundle, now: now, stored: stored, analysis: nil).0
                let result = bundle.evaluate(input, now: now)
                return (result.finalAction, result.rows.filter { $0.action == .stop }.count)
            }
            for (index, outcome) in results.enumerated() {
                let (image, tag) = batch[index]
                let (action, stops) = try outcome.get()
                switch action {
                case .go: preview.pass += 1
                case .warn: preview.warn += 1
                case .stop: preview.fail += 1
                }
                let before = previous[image.digest.description + " " + tag]
                if before != action.rawValue {
                    preview.changes.append(.init(digest: image.digest.description, tag: tag, previous: before, next: action.rawValue, stops: stops))
                }
            }
        }
        return preview
    }

    /// How many (image, tag) pairs a re-evaluation reads, evaluates and writes at once.
    static let batchSize = 64

    /// Evaluates (image, tag) pairs against the active bundle, a batch at a time.
    @discardableResult
    func reevaluate(account: String, pairs: [(ImageRecord, String)], analysis: ImageAnalysis? = nil) async -> ReevaluationStats {
        let start = ContinuousClock.now
        guard !pairs.isEmpty, let policy = try? await store.policies(account: account).first(where: \.active),
              let bundle = try? compiledBundle(policy)
        else { return ReevaluationStats(evaluated: 0, failed: 0, seconds: 0) }
        var evaluated = 0, failed = 0
        // A pipeline: while one batch is evaluated on every core, the next one's reads and the previous one's
        // writes run on the database's own threads.
        let batches = stride(from: 0, to: pairs.count, by: Self.batchSize).map { Array(pairs[$0..<min($0 + Self.batchSize, pairs.count)]) }
        func reading(_ index: Int) -> Task<BatchReads, any Error>? {
            guard index < batches.count else { return nil }
            return Task { try await self.read(account: account, pairs: batches[index], policy: policy, analysisKnown: analysis != nil) }
        }
        func tally(_ batch: [(ImageRecord, String)], _ results: [Result<EvaluationRecord, any Error>]) {
            for (index, result) in results.enumerated() {
                switch result {
                case .success: evaluated += 1
                case .failure(let error):
                    failed += 1
                    let (image, tag) = batch[index]
                    logger.error("cannot evaluate an image", metadata: ["digest": "\(image.digest)", "tag": "\(tag)", "error": "\(error)"])
                }
            }
        }
        var next = reading(0)
        var writing: Task<[Result<EvaluationRecord, any Error>], Never>?
        var written: [(ImageRecord, String)] = []
        for (index, batch) in batches.enumerated() {
            let reads = await next?.result
            next = reading(index + 1)
            let outcomes: [Result<(EvaluationRecord, Data?), any Error>]
            var previous: [String: EvaluationRecord] = [:]
            switch reads {
            case .success(let reads)?:
                outcomes = await run(account: account, pairs: batch, policy: policy, bundle: bundle, reads: reads, analysis: analysis)
                previous = reads.previous
            case .failure(let error)?: outcomes = batch.map { _ in .failure(error) }
            case nil: outcomes = []
            }
            if let writing { tally(written, await writing.value) }
            written = batch
            writing = Task { await self.commit(account: account, pairs: batch, outcomes: outcomes, previous: previous) }
        }
        if let writing { tally(written, await writing.value) }
        let elapsed = start.duration(to: .now)
        return ReevaluationStats(
            evaluated: evaluated, failed: failed,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

/// The impact of a bundle on an account's images, before it is activated.
public struct PolicyPreview: Sendable, Hashable {
    public var bundleID: String
    public var activeBundleID: String?
    /// Images (newest per tag) whose final action would be GO, WARN, STOP.
    public var pass = 0
    public var warn = 0
    public var fail = 0
    /// Tags whose outcome would differ from their latest evaluation against the active bundle.
    public var changes: [Change] = []

    public struct Change: Sendable, Hashable {
        public var digest: String
        public var tag: String
        /// The final action against the active bundle, nil when never evaluated.
        public var previous: String?
        public var next: String
        /// How many STOP rows the new bundle fires.
        public var stops: Int
    }
}

/// Stored evaluation documents are zstd-compressed JSON (an evaluation with a thousand fired triggers is hundreds of
/// kilobytes of repeated text); readers get the JSON back with ``json(_:)``.
public enum EvaluationDocument {
    static func compress(_ json: Data) throws -> Data { Data(try Compressor.compress(Array(json), as: .zstd, level: 1)) }

    /// The JSON of a stored document (documents stored uncompressed are returned as they are).
    public static func json(_ stored: Data) -> Data {
        guard stored.starts(with: [0x28, 0xB5, 0x2F, 0xFD]),
              let bytes = try? Decompressor.decompress(Array(stored), as: .zstd, outputLimit: 1 << 30)
        else { return stored }
        return Data(bytes)
    }
}
