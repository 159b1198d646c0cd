public import AsyncHTTPClient
import Foundation
public import Logging
import NIOFoundationCompat
public import NIOCore
public import NIOHTTP1
import NIOSSL
public import OCI

/// A client for the OCI distribution API: manifests, tags and verified, streamed blobs, with the token and Basic
/// auth flows, retries and per-registry TLS settings.
public final class RegistryClient: Sendable {
    /// The settings this client was made with.
    public let configuration: RegistryConfiguration
    let http: HTTPClient
    let auth: AuthState
    let logger: Logger

    /// Makes a client. Call ``shutdown()`` when done.
    public init(configuration: RegistryConfiguration = RegistryConfiguration(), logger: Logger? = nil) {
        self.configuration = configuration
        var http = HTTPClient.Configuration()
        http.redirectConfiguration = .disallow  // followed by hand, to drop Authorization across hosts
        http.timeout = .init(
            connect: .nanoseconds(configuration.connectTimeout.nanoseconds),
            read: .nanoseconds(configuration.readTimeout.nanoseconds))
        http.decompression = .disabled
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
        self.auth = AuthState()
        self.logger = logger ?? Logger(label: "drydock.registry")
    }

    /// Closes connections. The client cannot be used afterwards.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// One API call, described as a value and run by ``send(_:)``.
    package struct Operation: Sendable {
        package var method: HTTPMethod
        package var registry: String
        /// The repository the call is about, for the token scope; nil for `/v2/`.
        package var repository: String?
        /// A path starting with `/v2/`, or an absolute URL (upload locations).
        package var path: String
        package var actions: [String]
        package var headers: HTTPHeaders
        package var body: ByteBuffer?
        /// The longest wait for the response head.
        package var timeout: Duration

        package init(
            _ method: HTTPMethod, registry: String, repository: String?, path: String, actions: [String] = ["pull"],
            headers: HTTPHeaders = [:], body: ByteBuffer? = nil, timeout: Duration = .seconds(60)
        ) {
            self.method = method
            self.registry = registry
            self.repository = repository
            self.path = path
            self.actions = actions
            self.headers = headers
            self.body = body
            self.timeout = timeout
        }

        var scope: String? {
            repository.map { "repository:\($0):\(actions.joined(separator: ","))" }
        }
    }

    /// The base URL of a registry's API, e.g. `http://127.0.0.1:5000`.
    package func baseURL(for registry: String) -> String {
        let reference = Reference(registry: registry, repository: "x")
        return "\(configuration.scheme(for: reference))://\(RegistryConfiguration.apiHost(for: registry))"
    }

    /// Runs an operation: adds credentials, answers one auth challenge, follows redirects (dropping
    /// `Authorization` when the host changes), and retries connection errors, 429 and 5xx.
    /// The caller maps the final status; a 401 here means the credentials were refused.
    package func send(_ operation: Operation) async throws(RegistryError) -> HTTPClientResponse {
        let base = baseURL(for: operation.registry)
        var url = operation.path.hasPrefix("/") ? base + operation.path : operation.path
        var method = operation.method
        var body = operation.body
        var authorization = try await authorization(for: operation)
        var answeredChallenge = false
        var redirects = 0
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers = operation.headers
            request.headers.replaceOrAdd(name: "User-Agent", value: configuration.userAgent)
            if let authorization { request.headers.replaceOrAdd(name: "Authorization", value: authorization) }
            if let body { request.body = .bytes(body) }
            if !configuration.endpoint(for: operation.registry).verifyTLS {
                var tls = TLSConfiguration.makeClientConfiguration()
                tls.certificateVerification = .none
                request.tlsConfiguration = tls
            }
            let response = try await sendWithRetries(request, operation: operation)
            switch response.status.code {
            case 301, 302, 303, 307, 308:
                guard redirects < 5, let location = response.headers.first(name: "Location"),
                    let next = URL(string: location, relativeTo: URL(string: url))?.absoluteURL
                else {
                    throw RegistryError(
                        .protocolViolation,
                        "registry \(operation.registry) sent a redirect without a usable Location, or more than 5, for \(operation.method) \(operation.path)")
                }
                if next.host != URL(string: url)?.host || next.port != URL(string: url)?.port {
                    authorization = nil  // never send registry credentials to another host (e.g. blob storage)
                }
                if response.status.code == 303 {
                    method = .GET
                    body = nil
                }
                url = next.absoluteString
                redirects += 1
            case 401 where !answeredChallenge && redirects == 0:
                answeredChallenge = true
                let header = response.headers.first(name: "WWW-Authenticate") ?? ""
                guard let challenge = AuthChallenge(header: header) else {
                    throw RegistryError(
                        .unauthorized,
                        "registry \(operation.registry) refused \(operation.method) \(operation.path) with 401 and no usable WWW-Authenticate challenge (\"\(header)\")")
                }
                authorization = try await answer(challenge, for: operation, discarding: authorization)
            default:
                return response
            }
        }
    }

    private func sendWithRetries(
        _ request: HTTPClientRequest, operation: Operation
    ) async throws(RegistryError) -> HTTPClientResponse {
        let policy = configuration.retry
        var attempt = 1
        while true {
            do {
                let response = try await http.execute(
                    request, timeout: .nanoseconds(operation.timeout.nanoseconds), logger: logger)
                let code = response.status.code
                guard (code == 429 || code >= 500), attempt < policy.maxAttempts else { return response }
                let wait = retryAfter(response.headers) ?? policy.delay(forAttempt: attempt)
                logger.debug("registry answered \(code); retrying", metadata: ["url": "\(request.url)", "attempt": "\(attempt)"])
                _ = try? await response.body.collect(upTo: 64 * 1024)
                try? await Task.sleep(for: min(wait, policy.maxDelay))
            } catch let error as RegistryError {
                throw error
            } catch {
                if Task.isCancelled {
                    throw RegistryError(.unreachable, "request to registry \(operation.registry) was cancelled", cause: error)
                }
                guard attempt < policy.maxAttempts else {
                    throw RegistryError(
                        .unreachable,
                        "cannot reach registry \(operation.registry) at \(request.url) after \(attempt) attempt\(attempt == 1 ? "" : "s")",
                        cause: error)
                }
                logger.debug("registry connection failed; retrying", metadata: ["url": "\(request.url)", "error": "\(error)"])
                try? await Task.sleep(for: policy.delay(forAttempt: attempt))
            }
            attempt += 1
        }
    }

    /// `Retry-After` in seconds or as an HTTP date.
    func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        guard let value = headers.first(name: "Retry-After")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Int(value) { return .seconds(max(0, seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(max(0, Int(date.timeIntervalSinceNow * 1000)))
    }

    /// Turns a non-2xx final response into an error that says what, where and why, with the registry's own
    /// error body (capped) when it sent one.
    package func failure(_ response: HTTPClientResponse, _ operation: Operation, what: String) async -> RegistryError {
        let body = try? await response.body.collect(upTo: 64 * 1024)
        let detail: String
        if let body, let errors = try? JSONDecoder().decode(DistributionErrors.self, from: Data(buffer: body)),
            !errors.errors.isEmpty
        {
            detail = errors.summary
        } else if let body, body.readableBytes > 0 {
            detail = String(String(buffer: body).prefix(300))
        } else {
            detail = "no details"
        }
        let place = "registry \(operation.registry) (\(operation.method) \(operation.path), HTTP \(response.status.code))"
        switch response.status.code {
        case 401:
            let who = configuration.credentials.credentials(forRegistry: operation.registry).map { "user \($0.username)" } ?? "anonymous access"
            return RegistryError(.unauthorized, "\(what): \(place) refused \(who): \(detail)")
        case 403: return RegistryError(.denied, "\(what): access denied by \(place): \(detail)")
        case 404: return RegistryError(.notFound, "\(what): not found on \(place): \(detail)")
        case 429, 500...: return RegistryError(.unavailable, "\(what): \(place) kept failing after \(configuration.retry.maxAttempts) attempts: \(detail)")
        default: return RegistryError(.rejected, "\(what): \(place) rejected the request: \(detail)")
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
