import Foundation
import NIOHTTP1
import OCI
import Server
import Store
import TestSupport
import Testing

/// Several real `drydock serve` processes on one real PostgreSQL: one with the api role, two analyzers.
@Suite(.serialized) struct ScaleOutTests {
    @Test func rolesNeedASharedDatabase() async throws {
        await #expect {
            try await ServiceHarness.with(configure: { $0.roles = [.api] }) { _ in }
        } throws: { error in
            "\(error)".contains("need a shared database")
        }
    }

    @Test func eachProcessIsListedByItsRolesAndASilentOneIsDown() async throws {
        try await ServiceHarness.with(store: .memory) { harness in
            // This process: every role, under Anchore's five service names, up.
            let own = try await harness.api.call(.GET, "/v1/system/services").list
            #expect(own.compactMap { $0["servicename"] as? String } == ["apiext", "analyzer", "catalog", "policy_engine", "simplequeue"])
            #expect(own.allSatisfy { $0["status"] as? Bool == true && $0["status_message"] as? String == "available" })
            // Another process last heard from a minute ago.
            let silent = ServiceInstance(
                id: "gone", hostID: "drydock-elsewhere-9000", roles: ["analyzer"], baseURL: "http://elsewhere:9000", version: "0.1.0",
                startedAt: Date() - 3600, heartbeatAt: Date() - 60)
            try await harness.service.store.heartbeat(silent)
            // A process with the feeds role that does not lead it: up, a standby.
            try await harness.service.store.heartbeat(ServiceInstance(
                id: "standby", hostID: "drydock-other-9001", roles: ["feeds"], leading: [], baseURL: "http://other:9001", version: "0.1.0",
                startedAt: Date(), heartbeatAt: Date()))
            let feeds = try await harness.api.call(.GET, "/v1/system/services/policy_engine").list
            let standby = try #require(feeds.first { $0["hostid"] as? String == "drydock-other-9001" })
            #expect(standby["status"] as? Bool == true && standby["status_message"] as? String == "standby")
            #expect(feeds.contains { $0["status_message"] as? String == "available" })  // this process leads
            let analyzers = try await harness.api.call(.GET, "/v1/system/services/analyzer").list
            let down = try #require(analyzers.first { $0["hostid"] as? String == "drydock-elsewhere-9000" })
            #expect(down["status"] as? Bool == false && down["status_message"] as? String == "unavailable")
            #expect((down["service_detail"] as? [String: Any])?["up"] as? Bool == false)
            #expect(try await harness.api.call(.GET, "/v1/system/services/analyzer/drydock-elsewhere-9000").list.count == 1)
            #expect(try await harness.api.call(.GET, "/v1/system/services/analyzer/nowhere").status == 404)
            // `system del`: a down service's record is forgotten; an up one is refused (it would come back); an unknown 404.
            let hostID = try #require(own.first?["hostid"] as? String)
            #expect(try await harness.api.call(.DELETE, "/v1/system/services/analyzer/\(hostID)").status == 409)
            #expect(try await harness.api.call(.DELETE, "/v1/system/services/catalog/drydock-elsewhere-9000").status == 404)
            #expect(try await harness.api.call(.DELETE, "/v1/system/services/analyzer/drydock-elsewhere-9000").status == 200)
            #expect(try await harness.api.call(.GET, "/v1/system/services/analyzer/drydock-elsewhere-9000").status == 404)
            #expect(try await harness.api.call(.GET, "/v1/system/services/analyzer").list.count == 1)
        }
    }

    @Test func analyzersOnOneDatabaseShareTheQueueAndACrashedOneLosesNothing() async throws {
        try await RegistryServer.withRegistry { registry in
            let count = 8
            var digests: [String] = []
            for n in 0..<count {
                digests.append(try await pushSampleImage("\(registry.host)/scale/app:\(n)", marker: "\(n)").digest.description)
            }
            try await PostgresServer.withServer { database in
                let key = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
                let shared = [
                    "DRYDOCK_DATABASE": database.url + "?sslmode=disable", "DRYDOCK_ENCRYPTION_KEY": key,
                    "DRYDOCK_ANALYSIS_LEASE_SECONDS": "5",
                ]
                let password = "scale-\(UUID().uuidString.prefix(8))"
                try await DrydockServer.withServer(
                    password: password, environment: shared.merging(["DRYDOCK_ROLES": "api,watcher,feeds,notifier"]) { $1 }
                ) { front in
                    try await withAPIClient(port: front.port) { api in
                    func call(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> APIClient.Reply {
                        try await api.call(method, path, body: body, password: password)
                    }
                    // The api process queues; nothing analyzes yet.
                    for n in 0..<count {
                        let added = try await call(.POST, "/v1/images", body: #"{"tag": "\#(registry.host)/scale/app:\#(n)"}"#)
                        #expect(added.status == 200, "\(added.text)")
                    }
                    // A process that died while analyzing the first image left its claim behind.
                    try database.psql("""
                        UPDATE images SET analysis_status = 'analyzing', lease_owner = 'gone/0',
                            lease_expires_at = EXTRACT(EPOCH FROM now()) + 3 WHERE digest = '\(digests[0])'
                        """)
                    let analyzer = shared.merging(["DRYDOCK_ROLES": "analyzer", "DRYDOCK_WORKERS": "1"]) { $1 }
                    try await DrydockServer.withServer(password: password, environment: analyzer) { first in
                    try await DrydockServer.withServer(password: password, environment: analyzer) { second in
                    // The analyzers answer health, not the API; the api process lists all three processes.
                    try await withAPIClient(port: first.port) { (probe: APIClient) async throws in
                        #expect(try await probe.call(.GET, "/v1/images", password: password).status == 404)
                        #expect(try await probe.call(.GET, "/health", password: password).status == 200)
                    }
                    let services = try await call(.GET, "/v1/system/services").list
                    #expect(Set(services.compactMap { $0["hostid"] as? String }).count == 3, "\(services)")
                    #expect(services.filter { $0["servicename"] as? String == "analyzer" }.count == 2)
                    #expect(Set(services.compactMap { $0["servicename"] as? String })
                        == ["apiext", "analyzer", "catalog", "policy_engine", "simplequeue"])
                    #expect(services.allSatisfy { $0["status"] as? Bool == true })
                    // The api process leads the elected roles (alone in having them) once it has taken them.
                    var leading: [String] = []
                    for _ in 0..<100 {
                        leading = try await call(.GET, "/v1/system/services").list
                            .filter { ["catalog", "policy_engine", "simplequeue"].contains($0["servicename"] as? String) }
                            .compactMap { $0["status_message"] as? String }
                        if leading == ["available", "available", "available"] { break }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    #expect(leading == ["available", "available", "available"])

                    // One analyzer is killed once work has begun; the other finishes everything, the dead claims included.
                    func statuses() async throws -> [String: String] {
                        var result: [String: String] = [:]
                        for image in try await call(.GET, "/v1/images").list {
                            result[image["imageDigest"] as? String ?? ""] = image["analysis_status"] as? String
                        }
                        return result
                    }
                    for _ in 0..<300 where try await !statuses().values.contains("analyzed") {
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    await first.crash()
                    var final: [String: String] = [:]
                    for _ in 0..<900 {
                        final = try await statuses()
                        if final.count == count, final.values.allSatisfy({ $0 == "analyzed" }) { break }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    #expect(final.count == count && final.values.allSatisfy { $0 == "analyzed" }, "\(final)")
                    // Exactly once: one stored analysis per image, and no image's analysis completed twice.
                    let events = try await call(.GET, "/v1/events?event_type=user.image.analysis.completed&limit=1000").object
                    let completed = (events["results"] as? [[String: Any]] ?? []).compactMap {
                        (($0["event"] as? [String: Any])?["resource"] as? [String: Any])?["id"] as? String
                    }
                    #expect(Set(completed).count == completed.count, "\(completed)")
                    let stored = try database.psql("SELECT COUNT(*) FROM artifacts WHERE kind = 'analysis.json.zst'").trimmingCharacters(in: .whitespacesAndNewlines)
                    #expect(stored == "\(count)")
                    for digest in digests {
                        let content = try await call(.GET, "/v1/images/\(digest)/content/os")
                        #expect((content.object["content"] as? [[String: Any]])?.first?["package"] as? String == "libc6")
                    }
                    _ = second
                    }
                    }
                    }
                }
            }
        }
    }
}

/// A test client for a process's API, shut down afterwards whatever happens.
func withAPIClient<T>(port: Int, isolation: isolated (any Actor)? = #isolation, _ body: (APIClient) async throws -> T) async throws -> T {
    let client = APIClient(base: "http://127.0.0.1:\(port)")
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

@Suite struct EncryptionKeyAgreementTests {
    /// A process started with another key than the one the stored passwords were sealed with is refused.
    @Test func aProcessWithAnotherKeyIsRefusedWithTheReason() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let first = Data(repeating: 1, count: 32).base64EncodedString()
        let second = Data(repeating: 2, count: 32).base64EncodedString()
        try await ServiceHarness.with(dataDirectory: data, configure: { $0.encryptionKey = first }) { _ in }
        try await ServiceHarness.with(dataDirectory: data, configure: { $0.encryptionKey = first }) { _ in }
        await #expect {
            try await ServiceHarness.with(dataDirectory: data, configure: { $0.encryptionKey = second }) { _ in }
        } throws: { error in
            "\(error)".contains("sealed with another encryption key")
        }
    }
}
