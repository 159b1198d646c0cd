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
        let mapping = b.mappings.first { Self.selects($0.selection, input) }
        var rows: [PolicyEvaluation.Row] = []
        if let mapping {
            let prepared = PreparedImage(input: input)
            let allowlists = mapping.allowlistIDs.compactMap(b.allowlist(id:))
            for policyID in mapping.policyIDs {
                for rule in policies[policyID] ?? [] {
                    var run = TriggerRun(
                        gate: rule.gate, trigger: rule.trigger.name, ruleID: rule.rule.id, params: rule.params, input: input, now: now,
                        prepared: prepared)
                    rule.trigger.body(&run)
                    for finding in run.fired {
                        let allowed = Self.allowlistMatch(finding, gate: rule.gate, allowlists: allowlists, now: now)
                        rows.append(PolicyEvaluation.Row(
                            triggerID: finding.triggerID, gate: rule.gate, trigger: rule.trigger.name, checkOutput: finding.message,
                            action: allowed == nil ? rule.rule.action : .go, allowlisted: allowed, policyID: policyID, ruleID: rule.rule.id))
                    }
                }
            }
        }
        let policyAction = rows.filter { $0.allowlisted == nil }.map(\.action).min() ?? .go
        let denied = b.denylistedImages.first { Self.selects($0, input) }
        let allowed = b.allowlistedImages.first { Self.selects($0, input) }
        let (final, reason): (Action, PolicyEvaluation.Reason) =
            denied != nil ? (.stop, .denylisted) : allowed != nil ? (.go, .allowlisted) : (policyAction, .policyEvaluation)
        return PolicyEvaluation(
            bundleID: b.id, imageID: input.imageID, digest: input.digest, tag: input.tag.full, finalAction: final, reason: reason,
            policyFinalAction: policyAction, matchedMapping: mapping, matchedAllowlistedImage: allowed, matchedDenylistedImage: denied,
            rows: rows, evaluatedAt: now)
    }

    /// Whether a selection rule selects the image as this tag (Anchore's `MappingRule.matches`).
    static func selects(_ rule: PolicyBundle.ImageSelection, _ input: PolicyInput) -> Bool {
        var registry = input.tag.registry
        if registry == "dockerhub" { registry = "docker.io" }
        guard Wildcard(rule.registry).matches(registry), Wildcard(rule.repository).matches(input.tag.repository) else { return false }
        switch rule.image.kind {
        case .digest: return rule.image.value == input.digest
        case .id: return rule.image.value == input.imageID
        case .tag: return Wildcard(rule.image.value).matches(input.tag.tag) || rule.image.value == input.imageID || rule.image.value == input.digest
        }
    }

    /// The first unexpired item of the mapping's allowlists that names the finding's gate and matches its
    /// trigger id (exactly, or as a `*` pattern).
    static func allowlistMatch(_ finding: Finding, gate: String, allowlists: [PolicyBundle.Allowlist], now: Date) -> PolicyEvaluation.AllowlistMatch? {
        for list in allowlists {
            for item in list.items where item.gate.lowercased() == gate {
                if let expires = item.expiresOn, now >= expires { continue }
                guard item.triggerID == finding.triggerID || Wildcard(item.triggerID).matches(finding.triggerID) else { continue }
                return .init(allowlistID: list.id, allowlistName: list.name ?? list.id, itemID: item.id ?? item.triggerID)
            }
        }
        return nil
    }
}
