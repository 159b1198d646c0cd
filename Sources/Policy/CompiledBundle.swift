public import Foundation

/// A bundle checked against the gate registry, with every rule's parameters parsed and regexes compiled: what
/// evaluation runs. Building it is validation: ``init(_:)`` throws every problem it finds.
public struct CompiledBundle: Sendable {
    public let bundle: PolicyBundle
    let policies: [String: [CompiledRule]]
    let mappings: [(PolicyBundle.Mapping, CompiledSelection)]
    let allowlisted: [CompiledSelection]
    let denylisted: [CompiledSelection]
    let allowlists: [String: AllowlistIndex]

    struct CompiledRule: Sendable {
        let rule: PolicyBundle.Rule
        let policyID: String
        let gate: String
        let trigger: TriggerSpec
        let params: ParameterValues
    }

    public init(_ bundle: PolicyBundle) throws(PolicyError) {
        var problems: [ValidationProblem] = []
        var compiled: [String: [CompiledRule]] = [:]
        func duplicates(_ ids: [String], _ what: String) {
            var seen = Set<String>()
            for id in ids where !seen.insert(id).inserted {
                problems.append(ValidationProblem("DuplicateIdentifierFoundError", "\(what) id \(id) is found more than once; ids must be unique"))
            }
        }
        duplicates(bundle.policies.map(\.id), "policy")
        duplicates(bundle.allowlists.map(\.id), "allowlist")
        duplicates(bundle.mappings.compactMap(\.id), "mapping")
        for policy in bundle.policies {
            var rules: [CompiledRule] = []
            for (index, rule) in policy.rules.enumerated() {
                let place = "policy \(policy.id) rule \(rule.id ?? "#\(index)")"
                switch Self.compile(rule, place: place) {
                case .success(let (gate, trigger, params)):
                    rules.append(CompiledRule(rule: rule, policyID: policy.id, gate: gate, trigger: trigger, params: params))
                case .failure(let found):
                    problems += found.list
                }
            }
            compiled[policy.id] = rules
        }
        let policyIDs = Set(bundle.policies.map(\.id))
        let allowlistIDs = Set(bundle.allowlists.map(\.id))
        for mapping in bundle.mappings {
            if mapping.policyIDs.isEmpty {
                problems.append(ValidationProblem("InvalidBundleFormat", "mapping \(mapping.name): names no policy"))
            }
            for id in mapping.policyIDs where !policyIDs.contains(id) {
                problems.append(ValidationProblem("ReferencedObjectNotFoundError", "mapping \(mapping.name): policy \(id) is not in the bundle"))
            }
            for id in mapping.allowlistIDs where !allowlistIDs.contains(id) {
                problems.append(ValidationProblem("ReferencedObjectNotFoundError", "mapping \(mapping.name): allowlist \(id) is not in the bundle"))
            }
        }
        for allowlist in bundle.allowlists {
            for item in allowlist.items where GateRegistry.gate(named: item.gate) == nil {
                problems.append(ValidationProblem("GateNotFoundError", "allowlist \(allowlist.id) item \(item.id ?? item.triggerID): gate \(item.gate) does not exist"))
            }
        }
        guard problems.isEmpty else { throw PolicyError(.invalid, "Bundle failed validation", problems: problems) }
        self.bundle = bundle
        self.policies = compiled
        mappings = bundle.mappings.map { ($0, CompiledSelection($0.selection)) }
        allowlisted = bundle.allowlistedImages.map(CompiledSelection.init)
        denylisted = bundle.denylistedImages.map(CompiledSelection.init)
        allowlists = Dictionary(bundle.allowlists.map { ($0.id, AllowlistIndex($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The gates the bundle's rules use, so a caller gathers only the data they need (previous images for
    /// `tag_drift`, ancestors for `ancestry`).
    public var gatesUsed: Set<String> { Set(policies.values.flatMap { $0.map(\.gate) }) }

    /// What of an image the bundle's rules read: the parts a caller must gather (the rest may be left empty).
    public var reads: AnalysisParts { policies.values.joined().reduce(into: []) { $0.formUnion($1.trigger.reads) } }

    /// Reads and checks a bundle's JSON in one step.
    public init(json: Data) throws(PolicyError) {
        try self.init(PolicyBundle(json: json))
    }

    /// Resolves a rule's gate, trigger and parameters; every problem of the rule is returned.
    static func compile(_ rule: PolicyBundle.Rule, place: String) -> Result<(String, TriggerSpec, ParameterValues), ValidationProblems> {
        guard let gate = GateRegistry.gate(named: rule.gate) else {
            let names = GateRegistry.gates.filter { $0.state != .eol }.map(\.name).joined(separator: ", ")
            return .failure(ValidationProblems([ValidationProblem("GateNotFoundError", "\(place): gate \(rule.gate) does not exist. Valid gates are: \(names)")]))
        }
        guard gate.state != .eol else {
            return .failure(ValidationProblems([ValidationProblem(
                "EndOfLifedError",
                "\(place): gate \(gate.name) has been End-of-Lifed. It will not be evaluated, and should be removed from policies"
                    + (gate.supersededBy.map { " and replaced with '\($0)'" } ?? ""))]))
        }
        guard let trigger = gate.trigger(named: rule.trigger) else {
            return .failure(ValidationProblems([ValidationProblem(
                "TriggerNotFoundError",
                "\(place): trigger \(rule.trigger) not found for gate \(gate.name). Valid triggers are: \(gate.triggers.map(\.name).joined(separator: ", "))")]))
        }
        var problems: [ValidationProblem] = []
        var values = ParameterValues()
        var given: [String: String] = [:]
        for param in rule.params {
            let name = param.name.lowercased()
            guard let spec = trigger.parameters.first(where: { $0.name == name || $0.aliases.contains(name) }) else {
                problems.append(ValidationProblem(
                    "InvalidParameterError",
                    "\(place) (\(gate.name)/\(trigger.name)): parameter \(param.name) is not in the valid parameters list: \(trigger.parameters.map(\.name))"))
                continue
            }
            if given[spec.name] != nil {
                problems.append(ValidationProblem("InvalidParameterError", "\(place) (\(gate.name)/\(trigger.name)): parameter \(spec.name) is given more than once"))
            }
            given[spec.name] = param.value
            switch spec.parse(param.value) {
            case .success(let value): values.values[spec.name] = value
            case .failure(let problem): problems.append(ValidationProblem(problem.problemType, "\(place) (\(gate.name)/\(trigger.name)): \(problem.details)"))
            }
        }
        for spec in trigger.parameters where spec.required && given[spec.name] == nil {
            problems.append(ValidationProblem("RequiredParameterNotSetError", "\(place) (\(gate.name)/\(trigger.name)): required parameter \(spec.name) is not set"))
        }
        if problems.isEmpty, let problem = trigger.check?(values) {
            problems.append(ValidationProblem("ParameterValueInvalidError", "\(place) (\(gate.name)/\(trigger.name)): \(problem)"))
        }
        return problems.isEmpty ? .success((gate.name, trigger, values)) : .failure(ValidationProblems(problems))
    }
}

/// Several problems, as one error value.
struct ValidationProblems: Error {
    var list: [ValidationProblem]
    init(_ list: [ValidationProblem]) { self.list = list }
}
