/// One HTTP call to the Anchore API, as anchore-cli builds it: the full URL (query included,
/// already encoded) and, for PUT/POST, the JSON body text. Every request also carries
/// `Content-Type: application/json` and HTTP basic auth (added by the transport).
public struct APIRequest: Sendable, Hashable, CustomStringConvertible {
    public enum Method: String, Sendable, Hashable {
        case get = "GET", post = "POST", put = "PUT", delete = "DELETE"
    }

    public var method: Method
    public var url: String
    public var body: String?
    /// A binary body (sent as `application/octet-stream`), instead of `body`.
    public var data: [UInt8]?

    public init(_ method: Method, _ url: String, body: String? = nil, data: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.body = body
        self.data = data
    }

    public var description: String { "\(method.rawValue) \(url)" + (body.map { " \($0)" } ?? "") }
}

/// A server's answer, read as anchore-cli's `make_client_result` reads it.
public struct APIResponse: Sendable, Hashable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }

    public init(status: Int, json: JSONValue) {
        self.init(status: status, body: Array(json.pythonJSON.utf8))
    }

    /// 200 ≤ status < 299 (Python's `range(200, 299)`).
    public var isSuccess: Bool { (200..<299).contains(status) }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as JSON, or the raw text as a string when it is not JSON (`_safe_loads`).
    public var payload: JSONValue {
        (try? JSONValue(parsing: body)) ?? .string(text)
    }

    /// The error body; an empty 401 answer reads as anchore-cli's substitute text.
    public var errorPayload: JSONValue {
        let value = payload
        if !value.isTruthy, status == 401 { return .string("Unauthorized - please check your username/password") }
        return value
    }
}
