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
    /// Whether an `https://` service's certificate is verified (`--insecure` or `ANCHORE_CLI_SSL_VERIFY=n`: not).
    public var verifyTLS: Bool

    public init(
        url: String = ClientConfiguration.defaultURL, user: String? = nil, password: String? = nil, jsonMode: Bool = false,
        asAccount: String? = nil, verifyTLS: Bool = true
    ) {
        self.url = url
        self.user = user
        self.password = password
        self.jsonMode = jsonMode
        self.asAccount = asAccount
        self.verifyTLS = verifyTLS
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

    /// The settings after applying the environment and credentials-file fallbacks.
    public func resolve(environment: [String: String], file: [String: String] = [:]) -> ClientConfiguration {
        ClientConfiguration.resolve(
            url: url, user: user, password: password, json: json, asAccount: asAccount, environment: environment, file: file)
    }
}

extension ClientConfiguration {
    /// Flags first, then `DRYDOCK_*`, then anchore-cli's credentials file (`file`: its `default` profile, see
    /// ``ClientCredentialsFile``; anchore-cli too lets the file win over its environment), then `ANCHORE_CLI_*`, then
    /// the defaults.
    public static func resolve(
        url: String?, user: String?, password: String?, json: Bool, asAccount: String? = nil, insecure: Bool = false,
        environment: [String: String], file: [String: String] = [:]
    ) -> ClientConfiguration {
        func fromEnvironment(_ names: String...) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        func setting(_ drydock: String, _ anchore: String) -> String? {
            fromEnvironment(drydock) ?? file[anchore].flatMap { $0.isEmpty ? nil : $0 } ?? fromEnvironment(anchore)
        }
        return ClientConfiguration(
            url: url ?? setting("DRYDOCK_URL", "ANCHORE_CLI_URL") ?? defaultURL,
            user: user ?? setting("DRYDOCK_USER", "ANCHORE_CLI_USER"),
            password: password ?? setting("DRYDOCK_PASS", "ANCHORE_CLI_PASS"),
            jsonMode: json || fromEnvironment("DRYDOCK_JSON", "ANCHORE_CLI_JSON")?.lowercased() == "y",
            asAccount: asAccount ?? fromEnvironment("DRYDOCK_ACCOUNT", "ANCHORE_CLI_ACCOUNT"),
            // anchore-cli: `--insecure`, else `ANCHORE_CLI_SSL_VERIFY` (the file's over the environment's) of `n`.
            verifyTLS: !insecure && setting("DRYDOCK_SSL_VERIFY", "ANCHORE_CLI_SSL_VERIFY")?.lowercased() != "n")
    }
}

extension ConnectionOptions {
    /// The options anchore-cli takes before its command (`anchore-cli --url U --u USER --p PASS --json image list`)
    /// that drydock's client commands take too, with whether each has a value (`--insecure` is handled apart).
    static let leadingOptions: [String: Bool] = [
        "--url": true, "--u": true, "--user": true, "--p": true, "--password": true, "--as-account": true, "--json": false,
    ]

    /// A command line with anchore-cli's leading connection options moved after the command words, where every
    /// drydock client command reads them: `--url U --json image list` → `image list --url U --json`. Left as it is
    /// when it does not start with one of them (or ends before an option's value). anchore-cli's global
    /// `--insecure` is taken out and returned (`insecure`): after the command it would be `registry add`'s own
    /// `--insecure` (the registry's TLS), so the caller applies it as `DRYDOCK_SSL_VERIFY=n`.
    public static func movingLeadingOptions(_ arguments: [String]) -> (arguments: [String], insecure: Bool) {
        var leading: [String] = []
        var insecure = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--insecure" {
                insecure = true
                index += 1
                continue
            }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            guard let takesValue = leadingOptions[name] else { break }
            if takesValue, !argument.contains("=") {
                guard index + 1 < arguments.count else { return (arguments, false) }
                leading += [argument, arguments[index + 1]]
                index += 2
            } else {
                leading.append(argument)
                index += 1
            }
        }
        var rest = Array(arguments[index...])
        // Before a `--` that ends the options, if there is one.
        let end = rest.firstIndex(of: "--") ?? rest.count
        rest.insert(contentsOf: leading, at: end)
        return (rest, insecure)
    }
}
