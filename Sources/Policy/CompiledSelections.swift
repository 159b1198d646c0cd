import Foundation

/// An image selection rule with its patterns compiled once, not once per evaluation.
struct CompiledSelection: Sendable {
    let rule: PolicyBundle.ImageSelection
    let registry: Wildcard
    let repository: Wildcard
    let tag: Wildcard

    init(_ rule: PolicyBundle.ImageSelection) {
        self.rule = rule
        registry = Wildcard(rule.registry)
        repository = Wildcard(rule.repository)
        tag = Wildcard(rule.image.value)
    }

    /// Whether the rule selects the image as this tag (Anchore's `MappingRule.matches`).
    func selects(_ input: PolicyInput) -> Bool {
        let name = input.tag.registry == "dockerhub" ? "docker.io" : input.tag.registry
        guard registry.matches(name), repository.matches(input.tag.repository) else { return false }
        switch rule.image.kind {
        case .digest: return rule.image.value == input.digest
        case .id: return rule.image.value == input.imageID
        case .tag: return tag.matches(input.tag.tag) || rule.image.value == input.imageID || rule.image.value == input.digest
        }
    }
}

/// An allowlist's items indexed for the findings of an evaluation (an allowlist of thousands of CVE items meets
/// every fired trigger): exact trigger ids by gate and id, `*` and `regexp:` patterns by gate, each with its
/// place in the list so the first matching item still wins.
struct AllowlistIndex: Sendable {
    struct Entry: Sendable {
        let order: Int
        let item: PolicyBundle.Allowlist.Item
        func live(at now: Date) -> Bool { item.expiresOn.map { now < $0 } ?? true }
    }

    let id: String
    let name: String
    private var exact: [String: [String: [Entry]]] = [:]
    private var patterns: [String: [(Entry, Wildcard)]] = [:]

    init(_ list: PolicyBundle.Allowlist) {
        id = list.id
        name = list.name ?? list.id
        for (order, item) in list.items.enumerated() {
            let entry = Entry(order: order, item: item)
            let gate = item.gate.lowercased()
            let pattern = Wildcard(item.triggerID)
            if case .exact = pattern.form {
                exact[gate, default: [:]][item.triggerID, default: []].append(entry)
            } else {
                patterns[gate, default: []].append((entry, pattern))
            }
        }
    }

    /// The first unexpired item naming the gate whose trigger id equals or matches `triggerID`.
    func match(_ triggerID: String, gate: String, now: Date) -> Entry? {
        var best = exact[gate]?[triggerID]?.first { $0.live(at: now) }
        for (entry, pattern) in patterns[gate] ?? [] {
            if let best, best.order < entry.order { break }
            if entry.live(at: now), entry.item.triggerID == triggerID || pattern.matches(triggerID) {
                best = entry
                break
            }
        }
        return best
    }
}
