public import OCI

/// How the client talks to registries: TLS per registry, retries, limits and the platform it picks.
public struct RegistryConfiguration: Sendable {
    /// Per-registry transport settings.
    public struct Endpoint: Sendable, Hashable {
        /// Use plain HTTP instead of HTTPS.
        public var insecure: Bool
        /// Verify the registry's TLS certificate.
        public var verifyTLS: Bool

        public init(insecure: Bool = false, verifyTLS: Bool = true) {
            self.insecure = insecure
            self.verifyTLS = verifyTLS
        }
    }

    /// When and how long to retry.
    public struct RetryPolicy: Sendable, Hashable {
        /// Attempts in all, including the first.
        public var maxAttempts: Int
        /// The delay before the first retry; doubled each time.
        public var baseDelay: Duration
        /// No single wait is longer than this, `Retry-After` included.
        public var maxDelay: Duration

        public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(10)) {
            self.maxAttempts = max(1, maxAttempts)
            self.baseDelay = baseDelay
            self.maxDelay = maxDelay
        }

        /// One attempt only.
        public static let never = RetryPolicy(maxAttempts: 1)

        func delay(forAttempt attempt: Int) -> Duration {
            let scaled = baseDelay * Int(1 << min(attempt - 1, 16))
            return min(scaled, maxDelay)
        }
    }

    /// Settings by registry host (`localhost:5000`, `docker.io`); hosts not listed use HTTPS with verification,
    /// except loopback hosts, which may use plain HTTP as Docker allows.
    public var endpoints: [String: Endpoint]
    /// The platform picked from an index.
    public var platform: Platform
    /// Retries on connection errors, 429 and 5xx.
    public var retry: RetryPolicy
    /// The longest wait for a connection.
    public var connectTimeout: Duration
    /// The longest wait for any response or body chunk.
    public var readTimeout: Duration
    /// Where credentials come from.
    public var credentials: any CredentialStore
    /// Sent as `User-Agent`.
    public var userAgent: String
    /// Where image configs are kept by digest between runs, so a re-resolve skips the config request; nil keeps
    /// none.
    public var configCache: ConfigCache?

    public init(
        endpoints: [String: Endpoint] = [:], platform: Platform = .linuxAMD64, retry: RetryPolicy = RetryPolicy(),
        connectTimeout: Duration = .seconds(10), readTimeout: Duration = .seconds(60),
        credentials: any CredentialStore = StaticCredentialStore(), userAgent: String = "drydock/0.1"
    ) {
        self.endpoints = endpoints
        self.platform = platform
        self.retry = retry
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.credentials = credentials
        self.userAgent = userAgent
        self.configCache = nil
    }

    /// The settings for a registry host.
    public func endpoint(for registry: String) -> Endpoint {
        endpoints[DockerConfig.normalizeRegistry(registry)] ?? Endpoint()
    }

    /// `http` or `https` for a registry host: plain HTTP when configured insecure, or when the host is loopback
    /// and not configured at all.
    public func scheme(for reference: Reference) -> String {
        if let endpoint = endpoints[DockerConfig.normalizeRegistry(reference.registry)] {
            return endpoint.insecure ? "http" : "https"
        }
        return reference.isLoopbackRegistry ? "http" : "https"
    }

    /// The host to send API requests to: Docker Hub's API lives at `registry-1.docker.io`.
    public static func apiHost(for registry: String) -> String {
        registry == Reference.defaultRegistry ? "registry-1.docker.io" : registry
    }
}
