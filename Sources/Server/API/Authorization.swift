import Foundation
import HTTPTypes
public import Store

/// What a caller may do. A role grants a set of these in its own account; the system admin has all, everywhere.
public enum Permission: String, Sendable, CaseIterable, Comparable {
    /// Read images, content, vulnerabilities, subscriptions, registries, events.
    case read
    /// Submit images and repositories for analysis; add and switch subscriptions (watching).
    case analyze
    /// Remove images, repositories, subscriptions, events; cancel pending analyses; manage registry credentials.
    case write
    /// Add, remove and change the users of the account.
    case manageUsers = "manage-users"
    /// Accounts, feeds and other system-wide settings.
    case admin

    public static func < (lhs: Permission, rhs: Permission) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension Role {
    /// What the role allows in its own account.
    public var permissions: Set<Permission> {
        switch self {
        case .fullControl: [.read, .analyze, .write, .manageUsers]
        case .readWrite: [.read, .analyze, .write]
        case .imageAnalyzer: [.read, .analyze]
        case .readOnly: [.read]
        }
    }

    public var summary: String {
        switch self {
        case .fullControl: "Everything in the account, including managing its users"
        case .readWrite: "Submit, watch and remove images and repositories; manage registry credentials; no user management"
        case .imageAnalyzer: "Submit and watch images and repositories and read the results; remove nothing"
        case .readOnly: "Read images, analysis results, subscriptions and events"
        }
    }
}

/// An authenticated caller.
public struct Identity: Sendable, Hashable {
    public var user: String
    public var account: Account
    public var role: Role
    /// The account the request acts on.
    public var namespace: String

    init(user: User, account: Account) {
        self.init(user: user.username, account: account, role: user.role, namespace: account.name)
    }

    public init(user: String, account: Account, role: Role, namespace: String) {
        self.user = user
        self.account = account
        self.role = role
        self.namespace = namespace
    }

    /// A user of an admin-type account: every permission in every account.
    public var isAdmin: Bool { account.type == .admin }

    /// The role as the API shows it: `admin` for the admin account's users.
    public var roleName: String { Self.roleName(role, in: account) }

    static func roleName(_ role: Role, in account: Account) -> String { account.type == .admin ? "admin" : role.rawValue }

    /// What the caller may do in their own account.
    public var permissions: Set<Permission> { isAdmin ? Set(Permission.allCases) : role.permissions }

    /// Whether the caller may do `permission` in `domain` (an account name; nil for the system domain).
    public func allows(_ permission: Permission, in domain: String?) -> Bool {
        if isAdmin { return true }
        guard let domain, domain == account.name, permission != .admin else { return false }
        return role.permissions.contains(permission)
    }
}

/// What one route needs: a permission in a domain.
struct Requirement: Equatable {
    enum Domain: Equatable {
        /// Any authenticated caller (whoami, own credentials, roles list).
        case authenticated
        /// The account the request acts on (own account, or `x-anchore-account` for admins).
        case namespace
        /// A named account (the `/accounts/{name}` routes).
        case account(String)
        /// The system: admins only.
        case system
    }

    var permission: Permission
    var domain: Domain

    static let anyone = Requirement(permission: .read, domain: .authenticated)

    /// The requirement of a request, from its method and path (with or without the `/v1` prefix). Reading is
    /// `read` and changing is `write` unless a rule below says otherwise.
    static func of(method: HTTPRequest.Method, path: String, caller: String) -> Requirement {
        var segments = path.split(separator: "/", omittingEmptySubsequences: true).map { $0.removingPercentEncoding ?? String($0) }
        if segments.first == "v1" { segments.removeFirst() }
        let reading = method == .get || method == .head
        let changing = Requirement(permission: .write, domain: .namespace)
        let looking = Requirement(permission: .read, domain: .namespace)
        switch segments.first {
        case "account", "rbac-manager":
            return .anyone
        case "user":
            return .anyone  // whoami and the caller's own credentials
        case "accounts":
            return accounts(method: method, segments: Array(segments.dropFirst()), caller: caller)
        case "system":
            if reading { return .anyone }
            return Requirement(permission: .admin, domain: .system)
        case "status", "event_types":
            return .anyone
        case "images":
            if reading { return looking }
            if method == .post, segments.count == 1 { return Requirement(permission: .analyze, domain: .namespace) }
            return changing
        case "repositories":
            if method == .post { return Requirement(permission: .analyze, domain: .namespace) }
            return reading ? looking : changing
        case "subscriptions":
            if method == .post || method == .put { return Requirement(permission: .analyze, domain: .namespace) }
            return reading ? looking : changing
        default:
            return reading ? looking : changing
        }
    }

    /// `/accounts…`: the list and account lifecycle are the system's; an account's own record is readable by its
    /// users; its users are managed by full-control users; everyone may change their own password.
    private static func accounts(method: HTTPRequest.Method, segments: [String], caller: String) -> Requirement {
        let reading = method == .get || method == .head
        guard let name = segments.first else { return Requirement(permission: .admin, domain: .system) }
        switch segments.count {
        case 1:
            return reading ? Requirement(permission: .read, domain: .account(name)) : Requirement(permission: .admin, domain: .system)
        case 2 where segments[1] == "state":
            return Requirement(permission: .admin, domain: .system)
        default:
            guard segments[1] == "users" else { return Requirement(permission: .admin, domain: .system) }
            if segments.count >= 4, segments[2] == caller, segments[3] == "credentials" { return .anyone }
            if reading { return Requirement(permission: .read, domain: .account(name)) }
            return Requirement(permission: .manageUsers, domain: .account(name))
        }
    }

    /// Whether `identity` meets the requirement.
    func isMet(by identity: Identity) -> Bool {
        switch domain {
        case .authenticated: true
        case .namespace: identity.allows(permission, in: identity.namespace)
        case .account(let name): identity.allows(permission, in: name)
        case .system: identity.allows(.admin, in: nil)
        }
    }

    /// Anchore's 403 message for an unmet requirement.
    func refusal(for identity: Identity) -> APIError {
        let domainName = switch domain {
        case .authenticated, .system: "system"
        case .namespace: identity.namespace
        case .account(let name): name
        }
        return APIError(.forbidden, "Not authorized. Requires permissions: domain=\(domainName) action=\(permission.rawValue) target=*")
    }
}
