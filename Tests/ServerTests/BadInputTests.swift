import Foundation
import NIOHTTP1
import Server
import Store
import OCI
import TestSupport
import Testing

@Suite(.serialized) struct BadInputTests {
    @Test func badRequestsGetTheEnvelopeAndTheRightStatus() async throws {
        try await RegistryServer.withRegistry { registry in
            let image = try await pushSampleImage("\(registry.host)/big/one:1")
            try await ServiceHarness.with(configure: { $0.maxCompressedImageSizeMB = 0; $0.maxRequestBytes = 64 << 10 }) { harness in
                let api = harness.api
                let cases: [(String, String, Int, String)] = [
                    ("malformed JSON", "{\"tag\": ", 400, "malformed JSON"),
                    ("wrong type", #"{"tag": 42}"#, 400, "wrong type at tag"),
                    ("no fields", "{}", 400, "Must include either"),
                    ("empty body", "", 400, "empty"),
                    ("digest without tag", #"{"digest": "sha256:\#(String(repeating: "a", count: 64))"}"#, 400, "tag property must also be populated"),
                    ("a digest pull string as tag", #"{"tag": "\#(registry.host)/big/one@\#(image.digest)"}"#, 400, "Must have tag-based pull string"),
                    ("invalid reference", #"{"tag": "UPPER CASE!"}"#, 400, "invalid character"),
                    ("bad dockerfile", #"{"tag": "\#(registry.host)/big/one:1", "dockerfile": "not base64!"}"#, 400, "base64"),
                    ("too large an image", #"{"tag": "\#(registry.host)/big/one:1"}"#, 400, "Image size is too large"),
                    ("unknown registry image", #"{"tag": "\#(registry.host)/nothing/here:1"}"#, 400, "cannot fetch image digest/manifest from registry"),
                ]
                for (name, body, status, message) in cases {
                    let reply = try await api.call(.POST, "/v1/images", body: body)
                    #expect(reply.status == status, "\(name): \(reply.text)")
                    #expect(reply.message.contains(message), "\(name): \(reply.text)")
                    #expect(reply.object["httpcode"] as? Int == status, "\(name)")
                    #expect((reply.object["detail"] as? [String: Any])?["error_codes"] is [Any], "\(name)")
                }
                let tooLarge = try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(registry.host)/big/one:1"}"#)
                #expect((tooLarge.object["detail"] as? [String: Any])?["max_compressed_image_size_mb"] as? String == "0")
                let notFound = try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(registry.host)/nothing/here:1"}"#)
                #expect((notFound.object["detail"] as? [String: Any])?["error_codes"] as? [String] == ["REGISTRY_IMAGE_NOT_FOUND"])

                let huge = try await api.call(.POST, "/v1/images", body: #"{"tag": ""# + String(repeating: "a", count: 100_000) + #""}"#)
                #expect(huge.status == 413, "\(huge.text)")
                #expect(try await api.call(.GET, "/v1/images/sha256:\(String(repeating: "0", count: 64))").status == 404)
                #expect(try await api.call(.GET, "/v1/images/not-a-digest").status == 400)
                #expect(try await api.call(.GET, "/v1/images?fulltag=\(registry.host)/never/added:1").status == 404)
                #expect(try await api.call(.GET, "/v1/images?history=maybe").status == 400)
                #expect(try await api.call(.GET, "/v1/subscriptions?subscription_type=bogus").message == "bogus is not a supported subscription type")
                #expect(try await api.call(.GET, "/v1/no/such/route").status == 404)

                let unauthorized = try await api.call(.GET, "/v1/images", password: "wrong")
                #expect(unauthorized.status == 401)
                #expect(unauthorized.text == "Unauthorized")
                #expect(unauthorized.headers.first(name: "WWW-Authenticate") == "basic realm=\"Authentication required\"")
                #expect(try await api.call(.GET, "/v1/images", user: "nobody").status == 401)
                // Nothing was lost or half-added along the way.
                #expect(try await api.call(.GET, "/v1/images").list.isEmpty)
            }
        }
    }

    @Test func openRoutesAndTheCLIsProtocolQuirks() async throws {
        try await ServiceHarness.with { harness in
            let api = harness.api
            #expect(try await api.call(.GET, "/v1", password: "").json as? String == "v1")
            for path in ["/swagger.json", "/v1/swagger.json"] {
                let swagger = try await api.call(.GET, path, password: "")
                #expect((swagger.object["info"] as? [String: Any])?["version"] as? String == "0.1.20", "\(path)")
            }
            #expect(try await api.call(.GET, "/health", password: "").status == 200)
            #expect((try await api.call(.GET, "/version", password: "").object["service"] as? [String: Any])?["version"] != nil)
            let system = try await api.call(.GET, "/system")
            let names = Set(((system.object["service_states"] as? [[String: Any]]) ?? []).compactMap { $0["servicename"] as? String })
            #expect(names == ["catalog", "apiext", "policy_engine", "simplequeue", "analyzer"])
            #expect(try await api.call(.GET, "/v1/account").object["name"] as? String == "admin")
            #expect(try await api.call(.GET, "/v1/user").object["username"] as? String == "admin")
            // Another account named by a non-admin would be 403; the admin may name any account that exists and is
            // enabled (else nothing it stores would belong to anyone).
            #expect(try await api.call(.GET, "/v1/images", headers: ["x-anchore-account": "someone"]).status == 404)
            #expect(try await api.call(.POST, "/v1/accounts", body: #"{"name": "someone"}"#).status == 200)
            #expect(try await api.call(.GET, "/v1/images", headers: ["x-anchore-account": "someone"]).status == 200)
            #expect(try await api.call(.PUT, "/v1/accounts/someone/state", body: #"{"state": "disabled"}"#).status == 200)
            let disabled = try await api.call(.GET, "/v1/images", headers: ["x-anchore-account": "someone"])
            #expect(disabled.status == 403 && disabled.object["message"] as? String == "Not authorized. Account someone not enabled.", "\(disabled.text)")
            let metrics = try await api.call(.GET, "/metrics", password: "")
            #expect(metrics.text.contains("drydock_http_requests_total"))
            #expect(metrics.text.contains("drydock_images{analysis_status=\"analyzed\"}"))
        }
    }

    @Test func aRestartKeepsEverythingAndRequeuesInterruptedAnalyses() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-restart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try await RegistryServer.withRegistry { registry in
            let image = try await pushSampleImage("\(registry.host)/keep/me:1")
            try await ServiceHarness.with(dataDirectory: data) { harness in
                #expect(try await harness.api.call(.POST, "/v1/images", body: #"{"tag": "\#(registry.host)/keep/me:1"}"#).status == 200)
                _ = try await harness.api.waitForAnalysis(image.digest.description)
                // Simulate a crash mid-analysis: the row is left `analyzing` under a dead worker's lease.
                _ = try await harness.service.store.modifyImage(account: "admin", digest: image.digest) { record in
                    record?.analysisStatus = .analyzing
                }
            }
            try await ServiceHarness.with(dataDirectory: data) { harness in
                // The admin password from the first start still works; the image comes back and is analyzed again.
                let record = try await harness.api.waitForAnalysis(image.digest.description)
                #expect(record["analysis_status"] as? String == "analyzed")
            }
        }
    }
}

@Suite(.serialized) struct ShutdownTests {
    @Test func aGracefulShutdownPutsTheAnalysisInFlightBackInTheQueue() async throws {
        let layer = try ImageBuilder.layer([.text("etc/os-release", "ID=alpine\nVERSION_ID=3.20.0\n")])
        let image = try ImageBuilder.image([layer])
        // A registry that serves the manifest and config at once but holds the layer blob for a long time.
        let registry = try await ScriptedRegistry.start { request in
            if request.path == "/v2/" { return .json(200, "{}") }
            if request.path.contains("/manifests/") {
                return .init(status: 200, headers: ["Content-Type": image.manifest.mediaType?.description ?? "", "Docker-Content-Digest": image.digest.description], body: Array(image.manifestData))
            }
            if request.path.contains(image.manifest.config.digest.description) {
                return .init(status: 200, headers: ["Content-Type": "application/octet-stream"], body: Array(image.configData))
            }
            try? await Task.sleep(for: .seconds(30))
            return .init(status: 200, headers: ["Content-Type": "application/octet-stream"], body: layer.blob)
        }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-shutdown-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let (store, shutdownStarted) = try await ServiceHarness.with(dataDirectory: data) { harness in
            #expect(try await harness.api.call(.POST, "/v1/images", body: #"{"tag": "\#(registry.host)/slow/layer:1"}"#).status == 200)
            for _ in 0..<100 {
                let record = try await harness.api.call(.GET, "/v1/images/\(image.digest)").list.first
                if record?["analysis_status"] as? String == "analyzing" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            // The shutdown starts when this closure returns (the service's start-up, slow on a loaded machine, is
            // not part of what is timed).
            return (harness.service.store, ContinuousClock.now)
        }
        // The shutdown did not wait for the held blob (30 s), and the image is queued again rather than failed.
        #expect(shutdownStarted.duration(to: .now) < .seconds(25))
        await registry.stop()
        let after = try await store.image(account: "admin", digest: image.digest)
        #expect(after?.analysisStatus == .notAnalyzed, "\(String(describing: after?.analysisStatus)) \(after?.failureReason ?? "")")
    }
}
