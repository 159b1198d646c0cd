/// One client command's world: settings, transport and console. Its operations (in the
/// `ClientSession+…` files) send the requests anchore-cli sends and print what it prints.
public struct ClientSession: Sendable {
    public let configuration: ClientConfiguration
    public let transport: any APITransport
    public let console: any Console

    public init(configuration: ClientConfiguration, transport: any APITransport, console: any Console) {
        self.configuration = configuration
        self.transport = transport
        self.console = console
    }

    public var endpoints: AnchoreEndpoints { configuration.endpoints }

    /// Runs a command body the way every anchore-cli command runs: first (unless told not to)
    /// `GET <url>`, then the body; an error prints as `Error: …` lines (or JSON) and gives the
    /// exit status. Returns 0 on success.
    public func run(checkAccess: Bool = true, _ body: (ClientSession) async throws -> Void) async -> Int32 {
        do {
            if checkAccess { try await self.checkAccess() }
        } catch {
            console.line(ErrorFormatter.render(error, jsonMode: configuration.jsonMode))
            return 2
        }
        do {
            try await body(self)
            return 0
        } catch {
            let failure = error as? ClientError ?? ClientError(.transport, "\(error)", cause: error)
            console.line(ErrorFormatter.render(failure, jsonMode: configuration.jsonMode))
            return failure.exitStatus
        }
    }

    /// `check_access`: the base URL must answer 2xx.
    public func checkAccess() async throws(ClientError) {
        let failure = ClientError(
            .unreachable, "could not access anchore service (user=\(configuration.user ?? "None") url=\(configuration.url))")
        do {
            let response = try await transport.send(endpoints.base())
            guard response.isSuccess else { throw failure }
        } catch {
            var failure = failure
            failure.cause = error
            throw failure
        }
    }

    /// Sends a request; transport failures are ``ClientError/Code/transport``.
    public func send(_ request: APIRequest) async throws(ClientError) -> APIResponse {
        try await transport.send(request)
    }

    /// Sends a request and returns its payload, or throws the server's error for a non-2xx answer.
    func payload(of request: APIRequest) async throws(ClientError) -> JSONValue {
        let response = try await send(request)
        guard response.isSuccess else { throw ClientError.httpError(response) }
        return response.payload
    }

    /// Prints `format_output`'s text for `payload`.
    func emit(_ payload: JSONValue, _ format: (JSONValue) throws(ClientError) -> String) {
        console.line(rendered(payload, format))
    }

    /// `format_output`'s text for `payload` (JSON dump in `--json` mode).
    func rendered(_ payload: JSONValue, _ format: (JSONValue) throws(ClientError) -> String) -> String {
        OutputFormatter.render(payload, jsonMode: configuration.jsonMode, console: console, format)
    }
}

/// Runs client commands against the real service.
public enum ClientRunner {
    /// Resolves the connection settings (flags, environment, credentials file), opens an HTTP client for the
    /// duration of `body`, and returns the exit status anchore-cli would have.
    public static func run(
        _ options: ConnectionOptions, environment: [String: String], checkAccess: Bool = true,
        console: any Console = StandardConsole(),
        _ body: (ClientSession) async throws -> Void
    ) async -> Int32 {
        let file: [String: String]
        do {
            file = try ClientCredentialsFile.settings(environment: environment)
        } catch {
            console.line("Error: \(error)")
            return 2
        }
        let configuration = options.resolve(environment: environment, file: file)
        do {
            return try await HTTPTransport.withTransport(configuration) { transport in
                await ClientSession(configuration: configuration, transport: transport, console: console)
                    .run(checkAccess: checkAccess, body)
            }
        } catch {
            console.line("Error: \(error)")
            return 2
        }
    }
}
