public import Foundation

extension TokenIssuer {
    /// What a caller that sends no credentials gets from the issuer.
    public enum AnonymousAccess: Sendable, Hashable {
        /// 401 with `WWW-Authenticate: Basic`: credentials are required.
        case denied
        /// A valid token that grants nothing (as Docker Hub answers for a private repository).
        case nothing
        /// A token granting at most `pull`.
        case pull
        /// A token granting whatever was asked (an open registry behind token auth).
        case everything
    }

    /// How a ``TokenIssuer`` behaves.
    public struct Configuration: Sendable, Hashable {
        /// `service` the registry expects, and the tokens' `aud`.
        public var service: String
        /// The tokens' `iss`; the registry is configured to trust it.
        public var issuer: String
        /// User and password accepted in Basic credentials; nil accepts any credentials.
        public var username: String?
        /// See ``username``.
        public var password: String?
        /// What callers without credentials get.
        public var anonymous: AnonymousAccess
        /// Lifetime of each token (`expires_in`). The registry itself allows 60 s of clock leeway.
        public var lifetime: Duration
        /// Whether the token header names the key by `kid` or carries the certificate in `x5c`.
        public var keyIdentification: TokenKeyIdentification

        /// - Parameters:
        ///   - username: the only user accepted; nil accepts any credentials.
        ///   - anonymous: what requests without credentials get (default: pull only).
        ///   - lifetime: token lifetime, default 5 minutes.
        public init(
            service: String = "drydock-test-registry",
            issuer: String = "drydock-test-issuer",
            username: String? = "tester",
            password: String? = "secret",
            anonymous: AnonymousAccess = .pull,
            lifetime: Duration = .seconds(300),
            keyIdentification: TokenKeyIdentification = .keyID
        ) {
            self.service = service
            self.issuer = issuer
            self.username = username
            self.password = password
            self.anonymous = anonymous
            self.lifetime = lifetime
            self.keyIdentification = keyIdentification
        }
    }

    /// One token handed out, for tests that assert what a client asked for.
    public struct IssuedToken: Sendable, Hashable {
        /// Who asked (`anonymous` when no credentials were sent).
        public var subject: String
        /// The access granted (may be narrower than asked).
        public var access: [TokenAccess]
        /// The `scope` parameters as sent.
        public var requestedScopes: [String]
        /// When it was issued.
        public var issuedAt: Date
    }
}
