/// Everything that can go wrong in a client command: a code (which also decides the exit status,
/// as anchore-cli's does), the message printed after `Error: `, the server's error body when there
/// is one, and the underlying cause.
public struct ClientError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// `GET <url>` failed: `could not access anchore service …` (exit 2).
        case unreachable
        /// The server answered outside 2xx; the body is in ``ClientError/payload`` (exit per status).
        case httpStatus(Int)
        /// The request could not be sent or its answer read (exit 2).
        case transport
        /// The answer was not what the command needs (exit 2).
        case invalidResponse
        /// The user's input cannot be used: `can only add a tag`, bad annotations (exit 2).
        case invalidInput
        /// No image digest could be derived from the input (exit 1).
        case noImageDigest
        /// The server refused to delete the image (`delete_failed`; exit 1).
        case deleteRefused
        /// A record the command needs does not exist (exit 2).
        case notFound
        /// The server returned nothing to show (exit 2).
        case emptyResult
        /// A wait ran out of time (exit 2).
        case timedOut
    }

    public var code: Code
    public var message: String
    /// The error body the server sent (JSON, or the raw text as a string).
    public var payload: JSONValue?
    public var cause: (any Error)?
    /// The exit status to use instead of the code's (anchore-cli keeps an earlier status sometimes).
    public var exitStatusOverride: Int32?

    public init(_ code: Code, _ message: String, payload: JSONValue? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.payload = payload
        self.cause = cause
    }

    /// An error for a non-2xx answer, carrying its body.
    public static func httpError(_ response: APIResponse) -> ClientError {
        ClientError(.httpStatus(response.status), "HTTP \(response.status)", payload: response.errorPayload)
    }

    /// The process exit status anchore-cli 0.9.3 uses for this error.
    public var exitStatus: Int32 {
        if let exitStatusOverride { return exitStatusOverride }
        switch code {
        case .httpStatus(let status): return ExitStatus.forHTTPStatus(status) == 0 ? 2 : ExitStatus.forHTTPStatus(status)
        case .noImageDigest, .deleteRefused: return 1
        case .unreachable, .transport, .invalidResponse, .invalidInput, .notFound, .emptyResult, .timedOut: return 2
        }
    }

    public var description: String {
        var text = message
        if let payload { text += " " + payload.pythonJSON }
        if let cause { text += " (\(cause))" }
        return text
    }
}

/// anchore-cli's exit statuses (`anchorecli/cli/utils.py: get_ecode`).
public enum ExitStatus {
    /// 200–298 → 0 (Python's `range(200, 299)`), 401 and 500 → 2, anything else → 1.
    public static func forHTTPStatus(_ status: Int) -> Int32 {
        if (200..<299).contains(status) { return 0 }
        if status == 401 || status == 500 { return 2 }
        return 1
    }
}
