public import Hummingbird
public import Store

/// The request context: who is calling and which account the request acts on.
public struct DrydockContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated user and their account (nil on the open routes).
    public var identity: Identity?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The request's account: the `x-anchore-account` header (admins only) or the caller's own account.
    public var account: String {
        get throws {
            guard let identity else { throw UnauthorizedError() }
            return identity.namespace
        }
    }
}
