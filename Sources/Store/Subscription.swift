import Crypto
public import Foundation

/// A subscription: a watch on a tag (or repository) of one account.
public struct Subscription: Codable, Hashable, Sendable {
    public var id: String
    public var account: String
    public var type: String
    public var key: String
    public var value: String?
    public var active: Bool
    public var createdAt: Date
    public var lastUpdated: Date

    public init(account: String, type: String, key: String, value: String? = nil, active: Bool = false, createdAt: Date, lastUpdated: Date? = nil) {
        self.id = Subscription.id(account: account, key: key, type: type)
        self.account = account
        self.type = type
        self.key = key
        self.value = value
        self.active = active
        self.createdAt = createdAt
        self.lastUpdated = lastUpdated ?? createdAt
    }

    /// Anchore's deterministic id: the MD5 hex of `account+key+type`.
    public static func id(account: String, key: String, type: String) -> String {
        Insecure.MD5.hash(data: Data("\(account)+\(key)+\(type)".utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The four kinds of tag subscription; `image add` makes all of them for each tag.
    public static let tagTypes = ["policy_eval", "tag_update", "vuln_update", "analysis_update"]
    /// The repository subscription kind.
    public static let repositoryTypes = ["repo_update"]
    public static let allTypes = tagTypes + repositoryTypes
}
