public import Foundation

/// The outcome of evaluating one image (as one tag) against one bundle.
public struct PolicyEvaluation: Sendable {
    /// Why the final action is what it is.
    public enum Reason: String, Sendable {
        case policyEvaluation = "policy_evaluation"
        case allowlisted = "whitelisted"
        case denylisted = "blacklisted"
    }

    public var bundleID: String
    public var imageID: String
    public var digest: String
    public var tag: String
    public var finalAction: Action
    public var reason: Reason
    /// The least action of the mapped policies' rows (ignores image allow/deny lists).
    public var policyFinalAction: Action
    public var matchedMapping: PolicyBundle.Mapping?
    public var matchedAllowlistedImage: PolicyBundle.ImageSelection?
    public var matchedDenylistedImage: PolicyBundle.ImageSelection?
    public var rows: [Row]
    public var evaluatedAt: Date

    /// One fired trigger.
    public struct Row: Sendable, Hashable {
        public var triggerID: String
        public var gate: String
        public var trigger: String
        public var checkOutput: String
        /// The rule's action, or `go` when allowlisted.
        public var action: Action
        public var allowlisted: AllowlistMatch?
        public var policyID: String
        public var ruleID: String?
    }

    /// The allowlist item that allowed a row.
    public struct AllowlistMatch: Sendable, Hashable {
        public var allowlistID: String
        public var allowlistName: String
        public var itemID: String
    }

    /// `pass` when the final action is GO or WARN, else `fail` (the catalog's status).
    public var status: String { finalAction == .stop ? "fail" : "pass" }
}

extension CompiledBundle {
    /// Evaluates an image: the first matching mapping chooses policies and allowlists; every rule of those
    /// policies runs; allowlisted matches become `go`; the least action decides, unless a deny-list (first) or
    /// allow-list rule selects the image. No matching mapping means nothing runs and the answer is `go`.
    public func evaluate(_ input: PolicyInput, now: Date) -> PolicyEvaluation {
        let b = bundle
        let mapping = mappings.first { $0.1.selects(input) }?.0
        var rows: [PolicyEvaluation.Row] = []
        if let mapping {
            let prepared = PreparedImage(input: input)
            let lists = mapping.allowlistIDs.compactMap { allowlists[$0] }
            for policyID in mapping.policyIDs {
                for rule in policies[policyID] ?? [] {
                    var run = TriggerRun(
                        gate: rule.gate, trigger: rule.trigger.name, ruleID: rule.rule.id, params: rule.params, input: input, now: now,
                        prepared: prepared)
                    rule.trigger.body(&run)
                    for finding in run.fired {
                        let allowed = Self.allowlistMatch(finding, gate: rule.gate, allowlists: lists, now: now)
                        rows.append(PolicyEvaluation.Row(
                            triggerID: finding.triggerID, gate: rule.gate, trigger: rule.trigger.name, checkOutput: finding.message,
                            action: allowed == nil ? rule.rule.action : .go, allowlisted: allowed, policyID: policyID, ruleID: rule.rule.id))
                    }
                }
            }
        }
        let policyAction = rows.filter { $0.allowlisted == nil }.map(\.action).min() ?? .go
        let denied = denylisted.first { $0.selects(input) }?.rule
        let allowed = allowlisted.first { $0.selects(input) }?.rule
        let (final, reason): (Action, PolicyEvaluation.Reason) =
            denied != nil ? (.stop, .denylisted) : allowed != nil ? (.go, .allowlisted) : (policyAction, .policyEvaluation)
        return PolicyEvaluation(
            bundleID: b.id, imageID: input.imageID, digest: input.digest, tag: input.tag.full, finalAction: final, reason: reason,
            policyFinalAction: policyAction, matchedMapping: mapping, matchedAllowlistedImage: allowed, matchedDenylistedImage: denied,
            rows: rows, evaluatedAt: now)
    }

    /// The first unexpired item of the mapping's allowlists, in their order, that names the finding's gate and
    /// matches its trigger id (exactly, or as a `*` pattern).
    static func allowlistMatch(_ finding: Finding, gate: String, allowlists: [AllowlistIndex], now: Date) -> PolicyEvaluation.AllowlistMatch? {
        for list in allowlists {
            guard let entry = list.match(finding.triggerID, gate: gate, now: now) else { continue }
            return .init(allowlistID: list.id, allowlistName: list.name, itemID: entry.item.id ?? entry.item.triggerID)
        }
        return nil
    }
}
