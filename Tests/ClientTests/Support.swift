import Client
import Synchronization

/// An image record in the shape `GET /images` returns (reference §3.2).
let imageDigest = "sha256:e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6"
let parentDigest = "sha256:17751775177517751775177517751775177517751775177517751775177517751775"

let analyzedRecordJSON = """
    {
      "imageDigest": "\(imageDigest)",
      "parentDigest": "\(parentDigest)",
      "userId": "admin", "image_type": "docker", "analysis_status": "analyzed", "image_status": "active",
      "analyzed_at": "2021-10-01T10:02:11Z", "created_at": "2021-10-01T10:00:03Z", "last_updated": "2021-10-01T10:02:11Z",
      "annotations": {"team": "payments"},
      "image_content": {"metadata": {"arch": "amd64", "distro": "alpine", "distro_version": "3.12.7",
          "dockerfile_mode": "Guessed", "image_size": 5613056, "layer_count": 1}},
      "image_detail": [{"imageDigest": "\(imageDigest)", "userId": "admin",
          "registry": "docker.io", "repo": "alpine", "tag": "3.12", "fulltag": "docker.io/alpine:3.12",
          "digest": "\(imageDigest)", "fulldigest": "docker.io/alpine@\(imageDigest)",
          "imageId": "13621d1b12d4", "dockerfile": null,
          "created_at": "2021-10-01T10:00:03Z", "last_updated": "2021-10-01T10:00:03Z",
          "tag_detected_at": "2021-10-01T10:00:03Z"}]
    }
    """

func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

/// A transport answering from a handler and remembering every request.
final class RecordingTransport: APITransport {
    private let handler: @Sendable (APIRequest) -> APIResponse
    private let log = Mutex<[APIRequest]>([])

    init(_ handler: @escaping @Sendable (APIRequest) -> APIResponse) { self.handler = handler }

    var requests: [APIRequest] { log.withLock { $0 } }
    /// `METHOD URL` of every request after the access check.
    var calls: [String] { requests.dropFirst().map { "\($0.method.rawValue) \($0.url)" } }

    func send(_ request: APIRequest) async throws(ClientError) -> APIResponse {
        log.withLock { $0.append(request) }
        return handler(request)
    }
}

/// A console that keeps what was printed and answers prompts from a script (`nil`: end of input).
final class RecordingConsole: Console {
    private let buffer = Mutex<(out: String, err: String)>(("", ""))
    private let answers: Mutex<[String?]>

    init(answers: [String?] = []) { self.answers = Mutex(answers) }

    var output: String { buffer.withLock { $0.out } }
    var errors: String { buffer.withLock { $0.err } }

    func line(_ text: String) { buffer.withLock { $0.out += text + "\n" } }
    func progress(_ text: String) { buffer.withLock { $0.err += text } }
    func ask(_ prompt: String) -> String? {
        buffer.withLock { $0.out += prompt }
        return answers.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }
}

let base = "http://anchore.test:8228/v1"

/// Runs `body` in a session against `transport`; returns the exit status and what was printed.
func runSession(
    _ transport: RecordingTransport, json jsonMode: Bool = false, checkAccess: Bool = true, answers: [String?] = [],
    _ body: (ClientSession) async throws -> Void
) async -> (status: Int32, output: String, console: RecordingConsole) {
    let console = RecordingConsole(answers: answers)
    let session = ClientSession(
        configuration: ClientConfiguration(url: base, user: "admin", password: "foobar", jsonMode: jsonMode),
        transport: transport, console: console)
    let status = await session.run(checkAccess: checkAccess, body)
    return (status, console.output, console)
}

/// A 200 JSON answer.
func ok(_ value: JSONValue) -> APIResponse { APIResponse(status: 200, json: value) }

/// The engine's error envelope.
func envelope(_ status: Int, _ message: String) -> APIResponse {
    APIResponse(status: status, json: ["message": .string(message), "httpcode": .int(status), "detail": ["error_codes": []]])
}
