import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A real HTTP server on 127.0.0.1 whose answers a test writes: for registry behaviour the real registry
/// never shows (wrong digests, 429 with `Retry-After`, 5xx bursts, cross-host redirects, oversize manifests).
public final class ScriptedRegistry: Sendable {
    /// One request as the server saw it.
    public struct Request: Sendable {
        public var method: String
        /// The path with its query, e.g. `/v2/a/manifests/t`.
        public var path: String
        public var headers: [String: String]
    }

    /// One answer.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: [UInt8]

        public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        public static func json(_ status: Int, _ text: String, headers: [String: String] = [:]) -> Response {
            Response(status: status, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a }, body: Array(text.utf8))
        }
    }

    /// The port it listens on.
    public let port: Int
    private let task: Task<Void, any Error>
    private let log: ServerStateBox<[Request]>

    /// `127.0.0.1:PORT`.
    public var host: String { "127.0.0.1:\(port)" }
    /// Every request received so far.
    public var requests: [Request] { log.value }

    private init(port: Int, task: Task<Void, any Error>, log: ServerStateBox<[Request]>) {
        self.port = port
        self.task = task
        self.log = log
    }

    /// Starts the server; `handler` answers every request.
    public static func start(_ handler: @escaping @Sendable (Request) async -> Response) async throws -> ScriptedRegistry {
        let log = ServerStateBox<[Request]>([])
        let router = Router()
        let respond: @Sendable (Hummingbird.Request, BasicRequestContext) async throws -> Hummingbird.Response = { request, _ in
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            if let authority = request.head.authority { headers["host"] = authority }
            let seen = Request(method: request.method.rawValue, path: request.uri.description, headers: headers)
            log.withLock { $0.append(seen) }
            let answer = await handler(seen)
            var fields = HTTPFields()
            for (name, value) in answer.headers {
                if let name = HTTPField.Name(name) { fields[name] = value }
            }
            return Hummingbird.Response(
                status: .init(code: answer.status), headers: fields,
                body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        for method in [HTTPRequest.Method.get, .head, .put, .post, .patch, .delete] {
            router.on("**", method: method, use: respond)
            router.on("/", method: method, use: respond)  // `**` needs a path component
        }
        let boundPort = ServerStateBox<Int?>(nil)
        var logger = Logger(label: "drydock.test.scripted-registry")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "scripted-registry"),
            onServerRunning: { channel in boundPort.withLock { $0 = channel.localAddress?.port ?? -1 } },
            logger: logger)
        let task = Task(executorPreference: ServerThreads.shared) { try await app.run() }
        if let port = await waitForPort(within: .seconds(60), { boundPort.value }) {
            return ScriptedRegistry(port: port, task: task, log: log)
        }
        task.cancel()
        throw RegistryServerError.serverDidNotStart(server: "scripted registry", reason: "no listening port within 60 s")
    }

    /// Stops the server (bounded wait).
    public func stop() async {
        task.cancel()
        let task = self.task
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = await task.result }
            group.addTask { try? await Task.sleep(for: .seconds(5)) }
            await group.next()
            group.cancelAll()
        }
    }
}
