import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOFoundationCompat
import Synchronization
import TestSupport

/// A real webhook receiver on a free loopback port: records every POST (path, headers, body) and answers with
/// the status its script picks (it may also stall, to play a hanging receiver).
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        var path: String
        var headers: [String: String]
        var body: Data
        var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var payload: [String: Any] { (object["data"] as? [String: Any])?["notification_payload"] as? [String: Any] ?? [:] }
    }

    /// What to answer: a status, after an optional stall.
    struct Answer: Sendable {
        var status: Int
        var stall: Duration = .zero
    }

    final class DeliveryLog: Sendable {
        let mutex = Mutex<[Delivery]>([])
    }

    let port: Int
    private let task: Task<Void, any Error>
    private let log: DeliveryLog

    var deliveries: [Delivery] { log.mutex.withLock { $0 } }
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    private init(port: Int, task: Task<Void, any Error>, log: DeliveryLog) {
        self.port = port
        self.task = task
        self.log = log
    }

    /// Starts a receiver; `script` gets the 0-based index of the request (over all paths) and the request.
    static func start(_ script: @escaping @Sendable (Int, Delivery) -> Answer = { _, _ in Answer(status: 200) }) async throws -> WebhookReceiver {
        let log = DeliveryLog()
        let router = Router()
        router.post("**") { request, _ -> Response in
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let delivery = Delivery(path: request.uri.description, headers: headers, body: Data(buffer: buffer))
            let index = log.mutex.withLock { list in
                list.append(delivery)
                return list.count - 1
            }
            let answer = script(index, delivery)
            if answer.stall > .zero { try? await Task.sleep(for: answer.stall) }
            return Response(status: .init(code: answer.status))
        }
        let bound = Mutex<Int?>(nil)
        var logger = Logger(label: "drydock.test.webhook-receiver")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "webhook-receiver"),
            onServerRunning: { channel in bound.withLock { $0 = channel.localAddress?.port ?? -1 } }, logger: logger)
        let task = Task(executorPreference: ServerThreads.shared) { try await app.run() }
        if let port = await waitForPort(within: .seconds(10), { bound.withLock { $0 } }) {
            return WebhookReceiver(port: port, task: task, log: log)
        }
        task.cancel()
        throw HarnessError("the webhook receiver did not listen within 10 s")
    }

    /// Waits (bounded) until at least `count` deliveries arrived; returns them all.
    @discardableResult
    func waitFor(_ count: Int, timeout: Duration = .seconds(20)) async throws -> [Delivery] {
        let deadline = ContinuousClock.now + timeout
        // The deadline is checked after each look: this task may have waited for the pool past it.
        while true {
            let seen = deliveries
            if seen.count >= count { return seen }
            if ContinuousClock.now >= deadline { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw HarnessError("the receiver got \(deliveries.count) of \(count) deliveries within \(timeout)")
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Runs `body` with a started receiver, always stopping it.
    static func with<T>(
        _ script: @escaping @Sendable (Int, Delivery) -> Answer = { _, _ in Answer(status: 200) }, _ body: (WebhookReceiver) async throws -> T
    ) async throws -> T {
        let receiver = try await start(script)
        do {
            let result = try await body(receiver)
            await receiver.stop()
            return result
        } catch {
            await receiver.stop()
            throw error
        }
    }
}
