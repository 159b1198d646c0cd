public import Foundation
public import Logging
public import Policy
public import Store
import Synchronization

/// The policy engine: each account's bundles (one active), evaluations of images against them, and
/// re-evaluation when an image is analyzed, its vulnerabilities change, or the active bundle changes — raising
/// `user.checks.tag.policy_evaluation.update` when a tag's outcome changes.
public final class PolicyService: Sendable {
    public let store: any DataStore
    let vulnerabilities: VulnerabilityService?
    let events: EventLog
    let logger: Logger
    public let clock: @Sendable () -> Date
    /// Compiled bundles by account, id and update time (a stored bundle is compiled once per change).
    let compiled = Mutex<[String: CompiledBundle]>([:])
    /// How many images a full re-evaluation works on at once.
    let concurrency = max(2, ProcessInfo.processInfo.activeProcessorCount)
    /// The re-evaluation a bundle change started; the next one waits for it (two never run at once).
    let background = Mutex<Task<ReevaluationStats, Never>?>(nil)

    public init(
        store: any DataStore, vulnerabilities: VulnerabilityService?, events: EventLog, logger: Logger,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.vulnerabilities = vulnerabilities
        self.events = events
        self.logger = logger
        self.clock = clock
    }

    // MARK: Bundles

    /// Gives an account with no bundle Anchore's default bundle, active.
    public func ensureDefaultBundle(account: String) async throws {
        guard try await store.policies(account: account).isEmpty else { return }
        let bundle = try CompiledBundle(json: PolicyBundle.defaultBundleJSON).bundle
        let now = clock()
        try await store.save(PolicyRecord(
            account: account, id: bundle.id, active: true, name: bundle.name, description: bundle.description ?? bundle.comment,
            bundle: PolicyBundle.defaultBundleJSON, createdAt: now, lastUpdated: now))
    }

    /// Every account without a bundle gets the default one (accounts made before policies existed).
    public func ensureDefaultBundles() async throws {
        for account in try await store.accounts() where account.state != .deleting { try await ensureDefaultBundle(account: account.name) }
    }

    public func policies(account: String) async throws -> [PolicyRecord] { try await store.policies(account: account) }

    public func policy(account: String, id: String) async throws -> PolicyRecord {
        guard let record = try await store.policy(account: account, id: id) else { throw CatalogError(.notFound, "cannot locate specified policyId") }
        return record
    }

    /// The account's active bundle; ``CatalogError/Code/notFound`` when it has none.
    public func activePolicy(account: String) async throws -> PolicyRecord {
        guard let active = try await store.policies(account: account).first(where: \.active) else {
            throw CatalogError(.notFound, "user has no active policy to evaluate: \(account)")
        }
        return active
    }

    /// `POST /policies`: validates and stores a bundle (replacing one with the same id). It is active when the
    /// JSON says `"active": true`, when it replaces the active bundle, or when the account has no active bundle.
    public func add(account: String, json: Data) async throws -> PolicyRecord {
        let bundle = try CompiledBundle(json: json).bundle
        let existing = try await store.policies(account: account)
        let previous = existing.first { $0.id == bundle.id }
        let asked = (try? JSONSerialization.jsonObject(with: json) as? [String: Any])?["active"] as? Bool ?? false
        let active = asked || previous?.active == true || !existing.contains(where: \.active)
        let now = clock()
        let record = PolicyRecord(
            account: account, id: bundle.id, active: active, name: bundle.name, description: bundle.description ?? bundle.comment, bundle: json,
            createdAt: previous?.createdAt ?? now, lastUpdated: now)
        try await store.save(record)
        // The verdicts change only when another bundle becomes active or the active one's content changes.
        if active, previous?.active != true || previous?.bundle != json {
            await activeChanged(account: account, record: record, wasActive: existing.first(where: \.active))
        }
        return record
    }

    /// `PUT /policies/{id}`: replaces a bundle's content and may activate it (never deactivate the active one).
    public func update(account: String, id: String, json: Data?, active: Bool?) async throws -> PolicyRecord {
        let existing = try await store.policies(account: account)
        guard let previous = existing.first(where: { $0.id == id }) else { throw CatalogError(.notFound, "cannot locate specified policyId") }
        if previous.active, active == false {
            throw CatalogError(.conflict, "cannot deactivate an active policy - can only activate an inactive policy")
        }
        var record = previous
        if let json {
            let bundle = try CompiledBundle(json: json).bundle
            guard bundle.id == id else { throw CatalogError(.badRequest, "policyId in route is different from policyId in payload") }
            record.bundle = json
            record.name = bundle.name
            record.description = bundle.description ?? bundle.comment
        }
        record.active = previous.active || active == true
        record.lastUpdated = clock()
        try await store.save(record)
        if record.active, !previous.active || record.bundle != previous.bundle {
            await activeChanged(account: account, record: record, wasActive: existing.first(where: \.active))
        }
        return record
    }

    /// `DELETE /policies/{id}`: the active bundle cannot be deleted. Deleting an unknown id succeeds (Anchore).
    public func delete(account: String, id: String) async throws {
        if let record = try await store.policy(account: account, id: id), record.active {
            throw CatalogError(.conflict, "cannot delete an active policy - activate a different policy then delete this one")
        }
        _ = try await store.deletePolicy(account: account, id: id)
    }

    /// The compiled form of a stored bundle (cached until it changes).
    func compiledBundle(_ record: PolicyRecord) throws -> CompiledBundle {
        let key = "\(record.account)\u{1F}\(record.id)\u{1F}\(record.lastUpdated.timeIntervalSince1970)\u{1F}\(record.bundle.count)"
        if let hit = compiled.withLock({ $0[key] }) { return hit }
        let bundle = try CompiledBundle(json: record.bundle)
        compiled.withLock { cache in
            if cache.count > 256 { cache.removeAll() }
            cache[key] = bundle
        }
        return bundle
    }

    /// The active bundle changed (another was activated, or its content changed): say so, and re-evaluate the
    /// account's images in the background.
    func activeChanged(account: String, record: PolicyRecord, wasActive: PolicyRecord?) async {
        let kind: EventLog.Kind = wasActive?.id == record.id ? .policyContentChanged : .policyActivated
        await events.record(kind, account: account, resource: record.id, details: ["policyId": record.id, "previous": wasActive?.id ?? ""])
        background.withLock { running in
            let previous = running
            running = Task { [self] in
                _ = await previous?.value
                return await self.reevaluate(account: account)
            }
        }
    }

    /// The account's VEX statements changed: its verdicts may too, so its images are re-evaluated in the background.
    public func vexChanged(account: String) {
        background.withLock { running in
            let previous = running
            running = Task { [self] in
                _ = await previous?.value
                return await self.reevaluate(account: account)
            }
        }
    }

    /// Waits for the re-evaluation the last bundle change started, and returns its figures (nil when none ran).
    public func waitForReevaluation() async -> ReevaluationStats? {
        await background.withLock { $0 }?.value
    }
}
