public import Foundation

extension MemoryStore: PolicyStore {
    public func policies(account: String) async throws(StoreError) -> [PolicyRecord] {
        policiesByKey.values.filter { $0.account == account }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func policy(account: String, id: String) async throws(StoreError) -> PolicyRecord? { policiesByKey[AccountKey(account: account, id: id)] }

    public func save(_ policy: PolicyRecord) async throws(StoreError) {
        if policy.active {
            for (key, stored) in policiesByKey where stored.account == policy.account && stored.id != policy.id {
                policiesByKey[key]?.active = false
            }
        }
        let key = AccountKey(account: policy.account, id: policy.id)
        var record = policy
        if let stored = policiesByKey[key] { record.createdAt = stored.createdAt }
        policiesByKey[key] = record
    }

    public func deletePolicy(account: String, id: String) async throws(StoreError) -> Bool {
        policiesByKey.removeValue(forKey: AccountKey(account: account, id: id)) != nil
    }

    public func save(_ evaluation: EvaluationRecord) async throws(StoreError) { upsert(evaluation) }

    public func save(_ evaluations: [EvaluationRecord]) async throws(StoreError) {
        for evaluation in evaluations { upsert(evaluation) }
    }

    /// A new evaluation, or a new time and document for an existing id (its outcome is in its id).
    func upsert(_ evaluation: EvaluationRecord) {
        let key = AccountKey(account: evaluation.account, id: evaluation.id)
        guard var stored = evaluationsByKey[key] else {
            evaluationsByKey[key] = evaluation
            return
        }
        stored.evaluatedAt = evaluation.evaluatedAt
        stored.document = evaluation.document
        evaluationsByKey[key] = stored
    }

    public func evaluations(account: String, digest: String, tag: String?, policyID: String?) async throws(StoreError) -> [EvaluationRecord] {
        evaluationsByKey.values.filter {
            $0.account == account && $0.digest == digest && (tag == nil || $0.tag == tag) && (policyID == nil || $0.policyID == policyID)
        }.sorted(by: Self.newestFirst)
    }

    public func latestEvaluation(account: String, digest: String, tag: String) async throws(StoreError) -> EvaluationRecord? {
        evaluationsByKey.values.filter { $0.account == account && $0.digest == digest && $0.tag == tag }
            .sorted(by: Self.newestFirst).first.map(Self.withoutDocument)
    }

    public func latestEvaluations(account: String, digests: [String]) async throws(StoreError) -> [EvaluationRecord] {
        let wanted = Set(digests)
        return Self.latestPerImageTag(evaluationsByKey.values.filter { $0.account == account && wanted.contains($0.digest) })
    }

    public func evaluation(account: String, id: String) async throws(StoreError) -> EvaluationRecord? {
        evaluationsByKey[AccountKey(account: account, id: id)]
    }

    public func latestEvaluations(account: String, policyID: String) async throws(StoreError) -> [EvaluationRecord] {
        Self.latestPerImageTag(evaluationsByKey.values.filter { $0.account == account && $0.policyID == policyID })
    }

    /// The newest of each (image, tag), without documents, ordered by image and tag.
    static func latestPerImageTag(_ records: some Sequence<EvaluationRecord>) -> [EvaluationRecord] {
        var latest: [String: EvaluationRecord] = [:]
        for record in records {
            let key = record.digest + " " + record.tag
            if let current = latest[key], !newestFirst(record, current) { continue }
            latest[key] = record
        }
        return latest.values.sorted { ($0.digest, $0.tag) < ($1.digest, $1.tag) }.map(withoutDocument)
    }

    static func newestFirst(_ a: EvaluationRecord, _ b: EvaluationRecord) -> Bool { (b.evaluatedAt, a.id) < (a.evaluatedAt, b.id) }

    static func withoutDocument(_ record: EvaluationRecord) -> EvaluationRecord {
        var record = record
        record.document = Data()
        return record
    }
}

extension MemoryStore: VEXStore {
    public func vexDocuments(account: String) async throws(StoreError) -> [VEXRecord] {
        vexByKey.values.filter { $0.account == account }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func vexDocument(account: String, id: String) async throws(StoreError) -> VEXRecord? { vexByKey[AccountKey(account: account, id: id)] }

    public func save(_ vex: VEXRecord) async throws(StoreError) { vexByKey[AccountKey(account: vex.account, id: vex.id)] = vex }

    public func deleteVEXDocument(account: String, id: String) async throws(StoreError) -> Bool {
        vexByKey.removeValue(forKey: AccountKey(account: account, id: id)) != nil
    }
}
