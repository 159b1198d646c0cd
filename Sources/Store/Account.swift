public import Foundation

/// An account: the namespace images, subscriptions and credentials belong to.
public struct Account: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case admin, user, service }
    public enum State: String, Codable, Sendable, CaseIterable { case enabled, disabled, deleting }

    public var name: String
    public var type: Kind
    public var state: State
    public var email: String?
    public var createdAt: Date
    public var lastUpdated: Date

    public init(name: String, type: Kind = .user, state: State = .enabled, email: String? = nil, createdAt: Date, lastUpdated: Date? = nil) {
        self.name = name
        self.type = type
        self.state = state
        self.email = email
        self.createdAt = createdAt
        self.lastUpdated = lastUpdated ?? createdAt
    }

    /// The account every installation starts with.
    public static let adminName = "admin"
}

/// What a user may do in their account. Users of the `admin` account are system administrators whatever their role.
public enum Role: String, Codable, Hashable, Sendable, CaseIterable {
    /// Everything in the account, including its users.
    case fullControl = "full-control"
    /// Everything in the account except managing its users.
    case readWrite = "read-write"
    /// Submit images and repositories for analysis and watch them; read everything; remove nothing.
    case imageAnalyzer = "image-analyzer"
    /// Read only.
    case readOnly = "read-only"
}

/// A user who logs in to an account.
public struct User: Codable, Hashable, Sendable {
    public var username: String
    public var account: String
    /// The bcrypt hash of the password.
    public var passwordHash: String
    public var role: Role
    public var createdAt: Date
    public var lastUpdated: Date

    public init(
        username: String, account: String, passwordHash: String, role: Role = .fullControl, createdAt: Date, lastUpdated: Date? = nil
    ) {
        self.username = username
        self.account = account
        self.passwordHash = passwordHash
        self.role = role
        self.createdAt = createdAt
        self.lastUpdated = lastUpdated ?? createdAt
    }
}
