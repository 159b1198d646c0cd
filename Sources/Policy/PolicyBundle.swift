public import Foundation

/// A policy bundle as Anchore defines it (version `1_0`): policies of rules, allowlists, mappings that choose
/// which policies and allowlists apply to an image, and images allowed or denied outright.
///
/// Read by ``init(json:)``, which accepts Anchore Engine's names (`whitelists`, `whitelisted_images`, …) and
/// Anchore Enterprise's (`allowlists`, `rule_sets`, …); the stored JSON is the user's own, returned as given.
public struct PolicyBundle: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var version: String
    public var comment: String?
    public var description: String?
    public var policies: [Policy]
    public var allowlists: [Allowlist]
    public var mappings: [Mapping]
    public var allowlistedImages: [ImageSelection]
    public var denylistedImages: [ImageSelection]

    public init(
        id: String, name: String? = nil, version: String = "1_0", comment: String? = nil, description: String? = nil,
        policies: [Policy], allowlists: [Allowlist] = [], mappings: [Mapping], allowlistedImages: [ImageSelection] = [],
        denylistedImages: [ImageSelection] = []
    ) {
        self.id = id
        self.name = name
        self.version = version
        self.comment = comment
        self.description = description
        self.policies = policies
        self.allowlists = allowlists
        self.mappings = mappings
        self.allowlistedImages = allowlistedImages
        self.denylistedImages = denylistedImages
    }

    /// The versions a bundle may declare.
    public static let supportedVersions = ["1_0", "2_0"]

    /// A set of rules.
    public struct Policy: Sendable, Hashable {
        public var id: String
        public var name: String?
        public var version: String
        public var comment: String?
        public var rules: [Rule]

        public init(id: String, name: String? = nil, version: String = "1_0", comment: String? = nil, rules: [Rule]) {
            self.id = id
            self.name = name
            self.version = version
            self.comment = comment
            self.rules = rules
        }
    }

    /// One gate trigger with its parameters and the action taken when it fires.
    public struct Rule: Sendable, Hashable {
        public var id: String?
        public var gate: String
        public var trigger: String
        public var action: Action
        public var params: [Parameter]

        public init(id: String? = nil, gate: String, trigger: String, action: Action, params: [Parameter] = []) {
            self.id = id
            self.gate = gate
            self.trigger = trigger
            self.action = action
            self.params = params
        }
    }

    /// A rule parameter: values are strings, as in Anchore (`"22"`, `"true"`, `"a,b"`).
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Trigger matches that are allowed (their action becomes `go`).
    public struct Allowlist: Sendable, Hashable {
        public var id: String
        public var name: String?
        public var version: String
        public var comment: String?
        public var items: [Item]

        public init(id: String, name: String? = nil, version: String = "1_0", comment: String? = nil, items: [Item]) {
            self.id = id
            self.name = name
            self.version = version
            self.comment = comment
            self.items = items
        }

        /// One allowed match: a gate and a trigger id (or a `*` pattern), until `expiresOn` if set.
        public struct Item: Sendable, Hashable {
            public var id: String?
            public var gate: String
            public var triggerID: String
            public var expiresOn: Date?

            public init(id: String? = nil, gate: String, triggerID: String, expiresOn: Date? = nil) {
                self.id = id
                self.gate = gate
                self.triggerID = triggerID
                self.expiresOn = expiresOn
            }
        }
    }

    /// Which images a mapping (or an allow/deny rule) selects.
    public struct ImageSelector: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case tag, digest, id }
        public var kind: Kind
        public var value: String

        public init(_ kind: Kind, _ value: String) {
            self.kind = kind
            self.value = value
        }
    }

    /// Chooses the policies and allowlists for images whose registry, repository and tag (or digest, or id)
    /// match. Mappings are tried in order; the first that matches applies.
    public struct Mapping: Sendable, Hashable {
        public var id: String?
        public var name: String
        public var registry: String
        public var repository: String
        public var image: ImageSelector
        public var policyIDs: [String]
        public var allowlistIDs: [String]

        public init(
            id: String? = nil, name: String, registry: String = "*", repository: String = "*",
            image: ImageSelector = ImageSelector(.tag, "*"), policyIDs: [String], allowlistIDs: [String] = []
        ) {
            self.id = id
            self.name = name
            self.registry = registry
            self.repository = repository
            self.image = image
            self.policyIDs = policyIDs
            self.allowlistIDs = allowlistIDs
        }

        var selection: ImageSelection { ImageSelection(id: id, name: name, registry: registry, repository: repository, image: image) }
    }

    /// An image rule of `whitelisted_images` / `blacklisted_images`.
    public struct ImageSelection: Sendable, Hashable {
        public var id: String?
        public var name: String
        public var registry: String
        public var repository: String
        public var image: ImageSelector

        public init(id: String? = nil, name: String, registry: String, repository: String, image: ImageSelector) {
            self.id = id
            self.name = name
            self.registry = registry
            self.repository = repository
            self.image = image
        }
    }

}

/// What a rule does when its trigger fires, ordered `stop < warn < go` (the decision is the least).
public enum Action: String, Sendable, Hashable, Comparable, CaseIterable {
    case stop = "STOP", warn = "WARN", go = "GO"

    var rank: Int {
        switch self {
        case .stop: -1
        case .warn: 0
        case .go: 1
        }
    }

    public static func < (a: Action, b: Action) -> Bool { a.rank < b.rank }

    /// Anchore's lower-case name (`stop`, `warn`, `go`), as evaluation documents carry it.
    public var name: String { rawValue.lowercased() }
}
