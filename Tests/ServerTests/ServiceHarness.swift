import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Server
import Store
import Testing
import ServiceLifecycle
import Synchronization
import TestSupport

/// A live `DrydockService` on a free loopback port with a temporary data directory, stopped at the end.
struct ServiceHarness {
    let service: DrydockService
    let api: APIClient

    static let password = "test-password"

    /// Which store the service runs on: the SQLite database in its data directory, a ``MemoryStore``, or a
    /// throw-away PostgreSQL cluster named by `database:` as a user would.
    enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, memory, postgres
        var testDescription: String { rawValue }
    }

    static func with<T>(
        dataDirectory: URL? = nil, store kind: StoreKind = .sqlite, configure: (inout ServiceConfiguration) -> Void = { _ in },
        _ body: (ServiceHarness) async throws -> T
    ) async throws -> T {
        guard kind == .postgres else { return try await run(dataDirectory: dataDirectory, store: kind, configure: configure, body) }
        return try await PostgresServer.withServer { server in
            try await run(dataDirectory: dataDirectory, store: kind, configure: { configuration in
                configuration.database = server.url + "?sslmode=disable"
                configure(&configuration)
            }, body)
        }
    }

    private static func run<T>(
        dataDirectory: URL?, store kind: StoreKind, configure: (inout ServiceConfiguration) -> Void,
        _ body: (ServiceHarness) async throws -> T
    ) async throws -> T {
        let data = dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("drydock-test-\(UUID().uuidString)")
        defer { if dataDirectory == nil { try? FileManager.default.removeItem(at: data) } }
        let store: (any DataStore)? = kind == .memory ? MemoryStore() : nil
        var attempt = 0
        while true {
            attempt += 1
            var configuration = ServiceConfiguration(dataDirectory: data.path)
            configuration.port = try FreePort.next()
            configuration.adminPassword = password
            configuration.workers = 2
            configuration.feeds = []  // loopback only: a test that wants feeds configures file:// or loopback ones
            configure(&configuration)
            var logger = Logger(label: "drydock-test")
            logger.logLevel = .warning
            let service = try await DrydockService(configuration: configuration, logger: logger, store: store)
            let group = ServiceGroup(services: [ServiceRunner(service: service)], logger: logger)
            // On the servers' threads, as the other in-process servers: it answers however busy the pool is.
            let running = Task(executorPreference: ServerThreads.shared) { try await group.run() }
            let api = APIClient(base: "http://127.0.0.1:\(configuration.port)")
            do {
                // Our own server must be the one listening: a port another process took between FreePort and the
                // bind makes the run fail, and /health would be answered by the other one.
                guard try await waitForListening(service, running: running) else {
                    _ = try? await running.value
                    try? await api.shutdown()
                    guard attempt < 5 else { throw HarnessError("the service could not bind a port in 5 attempts") }
                    continue
                }
                try await api.waitUntilUp()
                let result = try await body(ServiceHarness(service: service, api: api))
                await group.triggerGracefulShutdown()
                try await running.value
                try await api.shutdown()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                _ = try? await running.value
                try? await api.shutdown()
                throw error
            }
        }
    }

    /// Polls (at most 30 s) until the service listens (true) or its run has ended without listening (false).
    private static func waitForListening(_ service: DrydockService, running: Task<Void, any Error>) async throws -> Bool {
        let ended = Mutex(false)
        let watcher = Task {
            _ = try? await running.value
            ended.withLock { $0 = true }
        }
        defer { watcher.cancel() }
        for _ in 0..<600 {
            if service.listeningPort != nil { return true }
            if ended.withLock({ $0 }) { return false }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("the service neither listened nor stopped within 30 s")
    }
}

struct ServiceRunner: Service {
    let service: DrydockService
    func run() async throws { try await service.runAsService() }
}

/// A test's HTTP client for the API: basic auth by default, JSON in and out.
struct APIClient {
    let base: String
    let client = HTTPClient(eventLoopGroupProvider: .singleton)

    struct Reply {
        var status: Int
        var text: String
        var headers: HTTPHeaders
        /// The body's bytes (binary answers).
        var body = Data()
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
        var list: [[String: Any]] { json as? [[String: Any]] ?? [] }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var message: String { object["message"] as? String ?? "" }
    }

    func call(
        _ method: HTTPMethod, _ path: String, body: String? = nil, bodyData: Data? = nil, user: String? = "admin",
        password: String = ServiceHarness.password, headers extra: [String: String] = [:]
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let user {  // nil: no Basic credentials (a browser's session cookie, or nothing)
            let token = Data("\(user):\(password)".utf8).base64EncodedString()
            request.headers.add(name: "Authorization", value: "Basic \(token)")
        }
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in extra { request.headers.replaceOrAdd(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        if let bodyData { request.body = .bytes(ByteBuffer(bytes: bodyData)) }
        let response = try await client.execute(request, timeout: TimeAmount.seconds(60))
        let buffer = try await response.body.collect(upTo: 256 << 20)
        return Reply(
            status: Int(response.status.code), text: String(buffer: buffer), headers: response.headers, body: Data(buffer.readableBytesView))
    }

    func waitUntilUp() async throws {
        for _ in 0..<300 {
            if let reply = try? await call(.GET, "/health"), reply.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError("the service did not answer /health within 30 s")
    }

    /// Polls the image until its analysis ends; returns its record.
    func waitForAnalysis(_ digest: String, account: String? = nil, timeout: Duration = .seconds(60)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        // The deadline is checked after each look: this task may have waited for the pool past it.
        while true {
            let reply = try await call(.GET, "/v1/images/\(digest)", headers: account.map { ["x-anchore-account": $0] } ?? [:])
            if let image = reply.list.first, let status = image["analysis_status"] as? String,
               status == "analyzed" || status == "analysis_failed" {
                return image
            }
            if ContinuousClock.now >= deadline { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError("image \(digest) was not analyzed within \(timeout)")
    }

    func shutdown() async throws { try await client.shutdown() }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
