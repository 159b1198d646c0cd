import Engine
import Foundation
import Logging
import Store
import Testing

/// A graceful stop cancels the service's tasks; what they leave behind must be as if they had finished.
@Suite struct GracefulStopTests {
    /// The process's row goes when its heartbeat stops, though the stop cancels the heartbeat's task (SQLite, through
    /// GRDB, refuses a cancelled task's writes: the removal runs in a task of its own).
    @Test func aStoppedHeartbeatRemovesItsRow() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "drydock-heartbeat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appending(path: "drydock.sqlite").path)
        let heartbeat = ProcessHeartbeat(
            store: store,
            instance: ServiceInstance(id: "me", hostID: "host-1", roles: ["api"], baseURL: "http://127.0.0.1:1", version: "0", startedAt: Date(), heartbeatAt: Date()),
            interval: .milliseconds(50), logger: Logger(label: "test"))
        let running = Task { try await heartbeat.run() }
        for _ in 0..<200 where try await store.serviceInstances().isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        #expect(try await store.serviceInstances().map(\.id) == ["me"])
        running.cancel()
        _ = await running.result
        #expect(try await store.serviceInstances().isEmpty)
    }
}
