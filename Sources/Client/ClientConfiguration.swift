public import ArgumentParser

/// Where the service is and who is asking: the resolved connection settings of one command.
public struct ClientConfiguration: Sendable, Hashable {
    public static let defaultURL = "http://localhost:8228/v1"

    public var url: String
    public var user: String?
    public var password: String?
    /// `--json`: print the raw JSON payload (Python `json.dumps(indent=4, sort_keys=True)`).
    public var jsonMode: Bool
    /// `--as-account`: an admin acting for another account (sent as `x-anchore-account`).
    public var asAccount: String?

    public init(
        url: String = ClientConfiguration.defaultURL, user: String? = nil, password: String? = nil, jsonMode: Bool = false,
        asAccount: String? = nil
    ) {
        self.url = url
        self.user = user
        self.password = password
        self.jsonMode = jsonMode
        self.asAccount = asAccount
    }

    public var endpoints: AnchoreEndpoints { AnchoreEndpoints(baseURL: url) }
}

/// The connection options every client command takes. A flag wins over `DRYDOCK_URL` /
/// `DRYDOCK_USER` / `DRYDOCK_PASS`, which win over anchore-cli's `ANCHORE_CLI_URL` /
/// `ANCHORE_CLI_USER` / `ANCHORE_CLI_PASS` (and `ANCHORE_CLI_JSON=y`).
public struct ConnectionOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("url"), help: "Service URL (or DRYDOCK_URL / ANCHORE_CLI_URL; default \(ClientConfiguration.defaultURL)).")
    public var url: String?

    @Option(name: [.customLong("u"), .customLong("user")], help: "Username (or DRYDOCK_USER / ANCHORE_CLI_USER).")
    public var user: String?

    @Option(name: [.customLong("p"), .customLong("password")], help: "Password (or DRYDOCK_PASS / ANCHORE_CLI_PASS).")
    public var password: String?

    @Flag(name: .customLong("json"), help: "Output raw API JSON.")
    public var json = false

    @Option(name: .customLong("as-account"), help: "Act for this account (admins; or DRYDOCK_ACCOUNT / ANCHORE_CLI_ACCOUNT).")
    public var asAccount: String?

    public init() {}

    /// The settings after applying the environment fallbacks.
    public func resolve(environment: [String: String]) -> ClientConfiguration {
        ClientConfiguration.resolve(url: url, user: user, password: password, json: json, asAccount: asAccount, environment: environment)
    }
}

extension ClientConfiguration {
    /// Flags first, then `DRYDOCK_*`, then `ANCHORE_CLI_*`, then the defaults.
    public static func resolve(
        url: String?, user: String?, password: String?, json: Bool, asAccount: String? = nil, environment: [String: String]
    ) -> ClientConfiguration {
        func fromEnvironment(_ names: String...) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        return ClientConfiguration(
            url: url ?? fromEnvironment("DRYDOCK_URL", "ANCHORE_CLI_URL") ?? defaultURL,
            user: user ?? fromEnvironment("DRYDOCK_USER", "ANCHORE_CLI_USER"),
            password: password ?? fromEnvironment("DRYDOCK_PASS", "ANCHORE_CLI_PASS"),
            jsonMode: json || fromEnvironment("DRYDOCK_JSON", "ANCHORE_CLI_JSON")?.lowercased() == "y",
            asAccount: asAccount ?? fromEnvironment("DRYDOCK_ACCOUNT", "ANCHORE_CLI_ACCOUNT"))
    }
}
