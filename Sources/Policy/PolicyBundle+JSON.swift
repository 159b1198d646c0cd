public import Foundation

extension PolicyBundle {
    /// The largest bundle accepted (Anchore's default bundle is 3 KB; a bundle with thousands of allowlist items
    /// is well under a megabyte).
    public static let maximumBytes = 5 << 20

    /// Reads a bundle from its JSON, with Anchore Engine's or Anchore Enterprise's names. Shape errors (a missing
    /// required key, a wrong type) are collected and thrown together, each naming where it is
    /// (`policies[0].rules[2].action`); the rules' gates and parameters are checked by ``validate(with:)``.
    public init(json data: Data) throws(PolicyError) {
        guard data.count <= Self.maximumBytes else {
            throw PolicyError(.malformed, "the bundle is \(data.count) bytes; the limit is \(Self.maximumBytes)")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw PolicyError(.malformed, "the bundle is not valid JSON")
        }
        guard let root = object as? [String: Any] else { throw PolicyError(.malformed, "the bundle must be a JSON object") }
        var reader = BundleReader()
        let bundle = reader.bundle(root)
        guard reader.problems.isEmpty, let bundle else {
            throw PolicyError(.invalid, "Bundle failed validation", problems: reader.problems)
        }
        self = bundle
    }
}

/// Reads the bundle's JSON objects, collecting shape problems with their paths.
struct BundleReader {
    var problems: [ValidationProblem] = []

    mutating func problem(_ path: String, _ text: String) {
        problems.append(ValidationProblem("InvalidBundleFormat", "\(path): \(text)"))
    }

    /// The value under the first of `keys` present (v1 name first, then v2).
    func value(_ object: [String: Any], _ keys: [String]) -> (String, Any)? {
        for key in keys { if let value = object[key], !(value is NSNull) { return (key, value) } }
        return nil
    }

    mutating func string(_ object: [String: Any], _ keys: String..., path: String, required: Bool) -> String? {
        guard let (key, value) = value(object, keys) else {
            if required { problem(path, "\(keys[0]) is required") }
            return nil
        }
        guard let text = value as? String else {
            problem(path + "." + key, "must be a string")
            return nil
        }
        return text
    }

    mutating func list(_ object: [String: Any], _ keys: String..., path: String, required: Bool) -> (String, [Any])? {
        guard let (key, value) = value(object, keys) else {
            if required { problem(path, "\(keys[0]) is required") }
            return nil
        }
        guard let list = value as? [Any] else {
            problem(path + "." + key, "must be a list")
            return nil
        }
        return (key, list)
    }

    mutating func objects(_ object: [String: Any], _ keys: String..., path: String, required: Bool) -> [(String, [String: Any])] {
        guard let (key, value) = value(object, keys) else {
            if required { problem(path, "\(keys[0]) is required") }
            return []
        }
        guard let list = value as? [Any] else {
            problem(path + "." + key, "must be a list")
            return []
        }
        var out: [(String, [String: Any])] = []
        for (i, element) in list.enumerated() {
            let here = "\(path.isEmpty ? "" : path + ".")\(key)[\(i)]"
            guard let object = element as? [String: Any] else {
                problem(here, "must be an object")
                continue
            }
            out.append((here, object))
        }
        return out
    }

    mutating func strings(_ object: [String: Any], _ keys: String..., path: String) -> [String]? {
        guard let (key, value) = value(object, keys) else { return nil }
        guard let list = value as? [Any], list.allSatisfy({ $0 is String }) else {
            problem(path + "." + key, "must be a list of strings")
            return nil
        }
        return list as? [String]
    }

    mutating func bundle(_ root: [String: Any]) -> PolicyBundle? {
        let id = string(root, "id", path: "bundle", required: true)
        let version = string(root, "version", path: "bundle", required: true)
        if let version, !PolicyBundle.supportedVersions.contains(version) {
            problems.append(ValidationProblem(
                "UnsupportedVersionError", "Found version \(version), expected one of supported versions \(PolicyBundle.supportedVersions)"))
        }
        let policies = objects(root, "policies", "rule_sets", path: "", required: true).compactMap { policy($0.0, $0.1) }
        let allowlists = objects(root, "whitelists", "allowlists", path: "", required: false).compactMap { allowlist($0.0, $0.1) }
        let mappings = objects(root, "mappings", path: "", required: true).compactMap { mapping($0.0, $0.1) }
        let allowed = objects(root, "whitelisted_images", "allowlisted_images", path: "", required: false).compactMap { selection($0.0, $0.1) }
        let denied = objects(root, "blacklisted_images", "denylisted_images", path: "", required: false).compactMap { selection($0.0, $0.1) }
        let name = string(root, "name", path: "bundle", required: false)
        let comment = string(root, "comment", path: "bundle", required: false)
        let description = string(root, "description", path: "bundle", required: false)
        guard let id, let version else { return nil }
        return PolicyBundle(
            id: id, name: name, version: version, comment: comment, description: description, policies: policies,
            allowlists: allowlists, mappings: mappings, allowlistedImages: allowed, denylistedImages: denied)
    }

    mutating func policy(_ path: String, _ object: [String: Any]) -> PolicyBundle.Policy? {
        let id = string(object, "id", path: path, required: true)
        let version = string(object, "version", path: path, required: false) ?? "1_0"
        let rules = objects(object, "rules", path: path, required: false).compactMap { rule($0.0, $0.1) }
        guard let id else { return nil }
        return PolicyBundle.Policy(
            id: id, name: string(object, "name", path: path, required: false), version: version,
            comment: string(object, "comment", path: path, required: false), rules: rules)
    }

    mutating func rule(_ path: String, _ object: [String: Any]) -> PolicyBundle.Rule? {
        let gate = string(object, "gate", path: path, required: true)
        let trigger = string(object, "trigger", path: path, required: true)
        let actionText = string(object, "action", path: path, required: true)
        var params: [PolicyBundle.Parameter] = []
        for (here, param) in objects(object, "params", path: path, required: false) {
            guard let name = string(param, "name", path: here, required: true) else { continue }
            guard let raw = param["value"], !(raw is NSNull) else {
                problem(here, "value is required")
                continue
            }
            guard let value = raw as? String else {
                problem(here + ".value", "must be a string (parameter values are strings, e.g. \"22\" or \"true\")")
                continue
            }
            params.append(.init(name, value))
        }
        var action: Action?
        if let actionText {
            action = Action(rawValue: actionText.uppercased())
            if action == nil {
                problems.append(ValidationProblem(
                    "InvalidGateAction", "\(path).action: \(actionText) is not one of STOP, WARN, GO"))
            }
        }
        guard let gate, let trigger, let action else { return nil }
        return PolicyBundle.Rule(id: string(object, "id", path: path, required: false), gate: gate, trigger: trigger, action: action, params: params)
    }

    mutating func allowlist(_ path: String, _ object: [String: Any]) -> PolicyBundle.Allowlist? {
        let id = string(object, "id", path: path, required: true)
        var items: [PolicyBundle.Allowlist.Item] = []
        for (here, item) in objects(object, "items", path: path, required: false) {
            let gate = string(item, "gate", path: here, required: true)
            let trigger = string(item, "trigger_id", path: here, required: true)
            var expires: Date?
            if let text = string(item, "expires_on", path: here, required: false), !text.isEmpty {
                expires = RFC3339.parse(text)
                if expires == nil { problem(here + ".expires_on", "\"\(text)\" is not an RFC 3339 time (2024-01-31T00:00:00Z)") }
            }
            if let gate, let trigger {
                items.append(.init(id: string(item, "id", path: here, required: false), gate: gate, triggerID: trigger, expiresOn: expires))
            }
        }
        guard let id else { return nil }
        return PolicyBundle.Allowlist(
            id: id, name: string(object, "name", path: path, required: false),
            version: string(object, "version", path: path, required: false) ?? "1_0",
            comment: string(object, "comment", path: path, required: false), items: items)
    }

    mutating func selector(_ path: String, _ object: [String: Any]) -> (String, String, String, PolicyBundle.ImageSelector)? {
        let name = string(object, "name", path: path, required: false) ?? ""
        let registry = string(object, "registry", path: path, required: true)
        let repository = string(object, "repository", path: path, required: true)
        guard let image = object["image"] as? [String: Any] else {
            problem(path, "image is required: {\"type\": \"tag\"|\"digest\"|\"id\", \"value\": …}")
            return nil
        }
        let type = string(image, "type", path: path + ".image", required: true)
        let value = string(image, "value", path: path + ".image", required: true)
        var kind: PolicyBundle.ImageSelector.Kind?
        if let type {
            kind = .init(rawValue: type)
            if kind == nil { problem(path + ".image.type", "\"\(type)\" is not one of tag, digest, id") }
        }
        guard let registry, let repository, let kind, let value else { return nil }
        return (name, registry, repository, .init(kind, value))
    }

    mutating func mapping(_ path: String, _ object: [String: Any]) -> PolicyBundle.Mapping? {
        let single = string(object, "policy_id", "rule_set_id", path: path, required: false)
        let many = strings(object, "policy_ids", "rule_set_ids", path: path)
        if single != nil, many != nil { problem(path, "give policy_id or policy_ids, not both") }
        if single == nil, many == nil { problem(path, "policy_ids is required") }
        let allowlists = strings(object, "whitelist_ids", "allowlist_ids", path: path) ?? []
        guard let (name, registry, repository, image) = selector(path, object) else { return nil }
        return PolicyBundle.Mapping(
            id: string(object, "id", path: path, required: false), name: name, registry: registry, repository: repository, image: image,
            policyIDs: many ?? single.map { [$0] } ?? [], allowlistIDs: allowlists)
    }

    mutating func selection(_ path: String, _ object: [String: Any]) -> PolicyBundle.ImageSelection? {
        guard let (name, registry, repository, image) = selector(path, object) else { return nil }
        return PolicyBundle.ImageSelection(
            id: string(object, "id", path: path, required: false), name: name, registry: registry, repository: repository, image: image)
    }
}

/// RFC 3339 times as bundles carry them (`2024-01-31T00:00:00Z`, with or without fractions, any offset).
enum RFC3339 {
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
