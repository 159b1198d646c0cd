/// The capture rules of a reader, indexed so that each entry costs one dictionary look-up plus the rules whose
/// pattern does not end in a literal file name.
struct CaptureMatcher: Sendable {
    /// Rules by the literal basename their pattern ends with.
    private let byBasename: [String: [CaptureRule]]
    /// Rules that end in a wildcard: tried on every path.
    private let others: [CaptureRule]

    init(_ rules: [CaptureRule]) {
        var byBasename: [String: [CaptureRule]] = [:]
        var others: [CaptureRule] = []
        for rule in rules {
            if let name = rule.glob.literalBasename {
                byBasename[name, default: []].append(rule)
            } else {
                others.append(rule)
            }
        }
        self.byBasename = byBasename
        self.others = others
    }

    var isEmpty: Bool { byBasename.isEmpty && others.isEmpty }

    /// The largest size any matching rule accepts for this path, or nil when no rule matches.
    func limit(for path: String, basename: Substring) -> Int64? {
        let named = byBasename[String(basename)]
        guard named != nil || !others.isEmpty else { return nil }
        let subject = GlobSubject(path)
        var best: Int64?
        for rule in named ?? [] where rule.glob.matches(subject) {
            best = max(best ?? rule.maxSize, rule.maxSize)
        }
        for rule in others where rule.glob.matches(subject) {
            best = max(best ?? rule.maxSize, rule.maxSize)
        }
        return best
    }
}
