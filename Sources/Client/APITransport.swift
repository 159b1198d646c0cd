import AsyncHTTPClient
import Foundation
import NIOSSL
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Sends one API request and returns the answer, whatever its status; throws only when no
/// answer could be had. The seam between the commands and the network.
public protocol APITransport: Sendable {
    func send(_ request: APIRequest) async throws(ClientError) -> APIResponse
}

/// The real transport: AsyncHTTPClient, HTTP basic auth and `Content-Type: application/json` on
/// every request, as anchore-cli's `requests` calls send them. Use ``withTransport(_:_:)``.
public struct HTTPTransport: APITransport {
    /// The most a response body may hold (content listings of big images are large).
    static let maximumBodySize = 512 * 1024 * 1024
    /// How long one request may take (`image add` resolves the image at the registry first).
    static let requestTimeout = TimeAmount.seconds(300)

    let client: HTTPClient
    let authorization: String?
    /// `x-anchore-account`, when acting for another account.
    var account: String?

    /// Creates a client for `configuration`, runs `body` with it and always shuts it down.
    public static func withTransport<T: Sendable>(
        _ configuration: ClientConfiguration, _ body: (HTTPTransport) async throws -> T
    ) async throws -> T {
        var http = HTTPClient.Configuration()
        http.timeout = .init(connect: .seconds(10), read: requestTimeout)
        // Like `requests`: a refused connection fails now (the pool would retry until the connect timeout).
        http.connectionPool.retryConnectionEstablishment = false
        if !configuration.verifyTLS {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            http.tlsConfiguration = tls
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
        let transport = HTTPTransport(client: client, authorization: basicAuthorization(configuration), account: configuration.asAccount)
        do {
            let result = try await body(transport)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// `Basic base64(user:password)`; like `requests`, a missing half is sent as `None`.
    static func basicAuthorization(_ configuration: ClientConfiguration) -> String? {
        guard configuration.user != nil || configuration.password != nil else { return nil }
        let credentials = "\(configuration.user ?? "None"):\(configuration.password ?? "None")"
        return "Basic " + Data(credentials.utf8).base64EncodedString()
    }

    public func send(_ request: APIRequest) async throws(ClientError) -> APIResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        outgoing.headers.add(name: "Content-Type", value: request.data == nil ? "application/json" : "application/octet-stream")
        outgoing.headers.add(name: "Accept", value: "*/*")
        if let authorization { outgoing.headers.add(name: "Authorization", value: authorization) }
        if let account, !account.isEmpty { outgoing.headers.add(name: "x-anchore-account", value: account) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(string: body)) }
        if let data = request.data { outgoing.body = .bytes(ByteBuffer(bytes: data)) }
        do {
            let response = try await client.execute(outgoing, timeout: Self.requestTimeout)
            let body = try await response.body.collect(upTo: Self.maximumBodySize)
            return APIResponse(status: Int(response.status.code), body: Array(body.readableBytesView))
        } catch {
            throw ClientError(.transport, "\(request.method.rawValue) \(request.url) failed: \(error)", cause: error)
        }
    }
}
