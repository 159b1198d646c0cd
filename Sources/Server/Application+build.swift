public import Hummingbird
public import Logging

/// Where and how `drydock serve` listens.
public struct ServerConfiguration: Sendable {
    /// The address to bind, `127.0.0.1` by default.
    public var host: String
    /// The port, 8228 by default (Anchore's).
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8228) {
        self.host = host
        self.port = port
    }
}

/// The Drydock version reported by `/version` and the CLI.
public let drydockVersion = "0.1.0"

/// Builds the HTTP application: for now the health and version endpoints that the service grows from.
public func buildApplication(_ configuration: ServerConfiguration, logger: Logger) -> some ApplicationProtocol {
    let router = Router()
    router.get("/health") { _, _ -> HTTPResponse.Status in .ok }
    router.get("/version") { _, _ -> VersionInfo in VersionInfo() }
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "drydock"),
        logger: logger)
}

struct VersionInfo: ResponseEncodable {
    struct Service: Codable { var version = drydockVersion }
    var service = Service()
    var api = ["version": "0.1.0"]
}
