/// Why a test server (``RegistryServer``, ``TokenIssuer`` or ``ScriptedRegistry``) could not be started or used.
public enum RegistryServerError: Error, CustomStringConvertible, Sendable {
    /// A program the launcher needs (`docker-registry`, `htpasswd`, `openssl`) is not installed.
    case missingTool(String)
    /// No free 127.0.0.1 port could be bound; carries `errno`.
    case noFreePort(errno: Int32)
    /// A helper command failed (`status` nil: it timed out).
    case commandFailed(command: String, status: Int32?, output: String)
    /// The registry exited or never answered `/v2/` in time; carries the tail of its log.
    case registryDidNotStart(reason: String, log: String)
    /// An in-process HTTP server (the token issuer, a scripted registry) did not come up; `server` names it.
    case serverDidNotStart(server: String, reason: String)
    /// ``RegistryServer/restart()`` called after ``RegistryServer/stop()``.
    case alreadyStopped

    public var description: String {
        switch self {
        case .missingTool(let tool):
            let package = tool.hasSuffix("htpasswd") ? "apache2-utils" : tool.hasSuffix("docker-registry") ? "docker-registry" : "openssl"
            return "\(tool) not found: run `make test` (or `make deps`, or `apt-get install \(package)`) to install it"
        case .noFreePort(let errno):
            return "could not bind a free port on 127.0.0.1 (errno \(errno))"
        case .commandFailed(let command, let status, let output):
            let how = status.map { "exited with status \($0)" } ?? "timed out"
            return "`\(command)` \(how): \(output)"
        case .registryDidNotStart(let reason, let log):
            return "docker-registry did not start: \(reason)\n--- registry log (tail) ---\n\(log)"
        case .serverDidNotStart(let server, let reason):
            return "\(server) did not start: \(reason)"
        case .alreadyStopped:
            return "the registry was stopped for good; start a new one"
        }
    }
}
