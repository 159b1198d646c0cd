import Foundation
import Yams

/// anchore-cli's credentials file: `$ANCHORE_CLI_CONFIG`, else `~/.anchore/credentials.yaml`, whose `default` profile
/// may set `ANCHORE_CLI_URL`, `ANCHORE_CLI_USER`, `ANCHORE_CLI_PASS` and `ANCHORE_CLI_SSL_VERIFY` (the keys drydock reads;
/// anchore-cli's hub URL and API version are not). A missing file is no settings; an unreadable or malformed one is an error with
/// anchore-cli's wording, never silently ignored.
public enum ClientCredentialsFile {
    public static let keys = ["ANCHORE_CLI_URL", "ANCHORE_CLI_USER", "ANCHORE_CLI_PASS", "ANCHORE_CLI_SSL_VERIFY"]

    /// The file's path for this environment.
    public static func path(environment: [String: String]) -> String? {
        if let configured = environment["ANCHORE_CLI_CONFIG"], !configured.isEmpty { return configured }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.anchore/credentials.yaml"
    }

    /// The `default` profile's settings, by key.
    public static func settings(environment: [String: String]) throws(ClientError) -> [String: String] {
        guard let path = path(environment: environment), FileManager.default.fileExists(atPath: path) else { return [:] }
        guard let data = FileManager.default.contents(atPath: path) else { throw failure("cannot read \(path)") }
        return try settings(String(decoding: data, as: UTF8.self))
    }

    /// The `default` profile's settings of a file's text.
    public static func settings(_ text: String) throws(ClientError) -> [String: String] {
        let document: Any?
        do {
            document = try Yams.load(yaml: text)
        } catch {
            throw failure("YAML load failed: \(error)")
        }
        guard let document else { return [:] }  // an empty file
        guard let root = document as? [String: Any] else {
            throw failure("credentials file exists and has data, but cannot parse: invalid credentials file format")
        }
        guard let profile = root["default"] else { return [:] }
        guard let values = profile as? [String: Any] else {
            throw failure("credentials file exists and has data, but cannot parse: the default profile is not a mapping")
        }
        var result: [String: String] = [:]
        for key in keys {
            guard let value = values[key] else { continue }
            switch value {
            case let text as String: result[key] = text
            case let number as Int: result[key] = String(number)
            case let number as Double: result[key] = String(number)
            case let flag as Bool: result[key] = flag ? "True" : "False"
            default: throw failure("credentials file exists and has data, but cannot parse: \(key) is not a scalar")
            }
        }
        return result
    }

    static func failure(_ detail: String) -> ClientError {
        ClientError(.invalidInput, "error while processing credentials file, please check format and read permissions - exception: \(detail)")
    }
}
