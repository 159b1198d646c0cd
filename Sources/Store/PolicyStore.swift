public import Foundation

/// A stored policy bundle of one account: the user's JSON as given, and its record fields.
public struct PolicyRecord: Hashable, Sendable {
    public var account: String
    /// The bundle's id.
    public var id: String
    public var active: Bool
    /// `local` (added through the API) — Anchore's `policy_source`.
    public var source: String
    public var name: String?
    public var description: String?
    /// The bundle JSON.
    public var bundle: Data
    public var createdAt: Date
    public var lastUpdated: Date

    public init(
        account: String, id: String, active: Bool, source: String = "local", name: String?, description: String?, bundle: Data,
        createdAt: Date, lastUpdated: Date
    ) {
        self.account = account
        self.id = id
        self.active = active
        self.source = source
        self.name = name
        self.description = description
        self.bundle = bundle
        self.createdAt = createdAt
        self.lastUpdated = lastUpdated
    }
}

/// One stored evaluation of an image, as one tag, against one bundle. Anchore keeps one record per distinct
/// outcome (its id hashes the final action), updated with the time of the latest evaluation that gave it.
public struct EvaluationRecord: Hashable, Sendable {
    public var account: String
    public var id: String
    public var digest: String
    public var tag: String
    public var policyID: String
    /// `STOP`, `WARN` or `GO`.
    public var finalAction: String
    public var evaluatedAt: Date
    /// The evaluation document (JSON).
    public var document: Data

    public init(account: String, id: String, digest: String, tag: String, policyID: String, finalAction: String, evaluatedAt: Date, document: Data) {
        self.account = account
        self.id = id
        self.digest = digest
        self.tag = tag
        self.policyID = policyID
        self.finalAction = finalAction
        self.evaluatedAt = evaluatedAt
        self.document = document
    }

    /// `pass` for GO and WARN, else `fail`.
    public var status: String { finalAction == "STOP" ? "fail" : "pass" }
}

/// Policy bundles and evaluations of accounts.
public protocol PolicyStore: Sendable {
    func policies(account: String) async throws(StoreError) -> [PolicyRecord]
    func policy(account: String, id: String) async throws(StoreError) -> PolicyRecord?
    /// Inserts or replaces a bundle by id. When it is active, every other bundle of the account is deactivated
    /// in the same transaction (one active bundle per account).
    func save(_ policy: PolicyRecord) async throws(StoreError)
    /// Deletes a bundle; false when there was none.
    func deletePolicy(account: String, id: String) async throws(StoreError) -> Bool
    /// Inserts or replaces an evaluation by id.
    func save(_ evaluation: EvaluationRecord) async throws(StoreError)
    /// Several at once, in one transaction.
    func save(_ evaluations: [EvaluationRecord]) async throws(StoreError)
    /// The evaluations of an image as a tag (against one bundle, when given), newest first.
    func evaluations(account: String, digest: String, tag: String?, policyID: String?) async throws(StoreError) -> [EvaluationRecord]
    /// The newest evaluation of an image as a tag (any bundle), without its document; nil when there is none.
    func latestEvaluation(account: String, digest: String, tag: String) async throws(StoreError) -> EvaluationRecord?
    /// ``latestEvaluation(account:digest:tag:)`` of every tag of several images in one read.
    func latestEvaluations(account: String, digests: [String]) async throws(StoreError) -> [EvaluationRecord]
    /// One evaluation by id, with its document.
    func evaluation(account: String, id: String) async throws(StoreError) -> EvaluationRecord?
    /// The newest evaluation of each (image, tag) of the account against `policyID`, without documents.
    func latestEvaluations(account: String, policyID: String) async throws(StoreError) -> [EvaluationRecord]
}
