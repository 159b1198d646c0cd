import Foundation
import NIOHTTP1
import OCI
import Registry
import TestSupport
import Testing

/// Pushes the sample image with credentials.
func pushSampleImage(_ reference: String, user: String, password: String) async throws -> BuiltImage {
    let parsed = try Reference(parsing: reference)
    let configuration = RegistryConfiguration(
        credentials: StaticCredentialStore([parsed.registry: Credentials(username: user, password: password)]))
    let image = try ImageBuilder.image([
        try ImageBuilder.layer([.text("etc/os-release", "ID=alpine\nVERSION_ID=3.20.1\n"), .text("app/marker", reference)]),
    ])
    try await RegistryClient.withClient(configuration: configuration) { try await ImagePusher(client: $0).push(image, to: parsed) }
    return image
}

@Suite(.serialized) struct RegistryAPITests {
    func body(_ registry: String, user: String, password: String, name: String? = nil) -> String {
        #"{"registry": "\#(registry)", "registry_user": "\#(user)", "registry_pass": "\#(password)", "registry_type": "docker_v2", "registry_verify": true, "registry_name": "\#(name ?? registry)"}"#
    }

    @Test func credentialsAreValidatedStoredHiddenAndUsedToPullAndAnalyze() async throws {
        try await RegistryServer.withRegistry(auth: .basic(username: "puller", password: "right-pw")) { registry in
            let image = try await pushSampleImage("\(registry.host)/team/app:1", user: "puller", password: "right-pw")
            try await ServiceHarness.with { harness in
                let api = harness.api
                // Without credentials the registry refuses the image.
                let refused = try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(registry.host)/team/app:1"}"#)
                #expect(refused.status == 400, "\(refused.text)")
                #expect(refused.text.contains("REGISTRY_PERMISSION_DENIED"), "\(refused.text)")

                // A wrong password is refused by a real login and nothing is stored.
                let wrong = try await api.call(.POST, "/v1/registries?validate=True", body: body(registry.host, user: "puller", password: "wrong-pw"))
                #expect(wrong.status == 406, "\(wrong.text)")
                #expect(wrong.message.contains("cannot ping supplied registry with supplied credentials"), "\(wrong.text)")
                #expect(!wrong.text.contains("wrong-pw"))
                #expect(try await api.call(.GET, "/v1/registries").list.isEmpty)

                // The right one is stored; the password never comes back.
                let added = try await api.call(.POST, "/v1/registries?validate=True", body: body(registry.host, user: "puller", password: "right-pw"))
                #expect(added.status == 200, "\(added.text)")
                let record = try #require(added.list.first)
                #expect(record["registry"] as? String == registry.host)
                #expect(record["registry_user"] as? String == "puller")
                #expect(record["registry_type"] as? String == "docker_v2")
                #expect(record["registry_verify"] as? Bool == true)
                #expect(record["userId"] as? String == "admin")
                #expect((record["created_at"] as? String)?.hasSuffix("Z") == true)
                #expect(record["registry_pass"] == nil)
                let listed = try await api.call(.GET, "/v1/registries")
                #expect(listed.list.count == 1)
                #expect(!listed.text.contains("right-pw"))

                let duplicate = try await api.call(.POST, "/v1/registries?validate=False", body: body(registry.host, user: "puller", password: "x"))
                #expect(duplicate.status == 409 && duplicate.message == "registry already exists in DB", "\(duplicate.text)")

                // With the credential the image is added and analyzed.
                let imageAdded = try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(registry.host)/team/app:1"}"#)
                #expect(imageAdded.status == 200, "\(imageAdded.text)")
                let analyzed = try await api.waitForAnalysis(image.digest.description)
                #expect(analyzed["analysis_status"] as? String == "analyzed", "\(analyzed)")

                // Update keeps the record; a wrong password is refused there too.
                let badUpdate = try await api.call(
                    .PUT, "/v1/registries/\(registry.host)?validate=True", body: body(registry.host, user: "puller", password: "nope"))
                #expect(badUpdate.status == 406, "\(badUpdate.text)")
                let update = try await api.call(
                    .PUT, "/v1/registries/\(registry.host)?validate=True", body: body(registry.host, user: "puller", password: "right-pw", name: "lab"))
                #expect(update.status == 200, "\(update.text)")
                #expect(update.list.first?["registry_name"] as? String == "lab")
                let mismatch = try await api.call(.PUT, "/v1/registries/\(registry.host)", body: body("other.host", user: "u", password: "p"))
                #expect(mismatch.status == 409, "\(mismatch.text)")

                let deleted = try await api.call(.DELETE, "/v1/registries/\(registry.host)")
                #expect(deleted.status == 200 && deleted.text == "true", "\(deleted.text)")
                #expect(try await api.call(.GET, "/v1/registries/\(registry.host)").status == 404)
                #expect(try await api.call(.DELETE, "/v1/registries/\(registry.host)").status == 404)
                let again = try await api.call(.POST, "/v1/images?force=true", body: #"{"tag": "\#(registry.host)/team/app:1"}"#)
                #expect(again.status == 400 && again.text.contains("REGISTRY_PERMISSION_DENIED"), "\(again.text)")
            }
        }
    }

    @Test func tokenRegistriesRepositoryKeysAndPercentEncodedNames() async throws {
        let issuer = TokenIssuer.Configuration(username: "tester", password: "secret", anonymous: .denied)
        try await RegistryServer.withRegistry(auth: .token(issuer)) { registry in
            let image = try await pushSampleImage("\(registry.host)/org/tool:2", user: "tester", password: "secret")
            try await ServiceHarness.with { harness in
                let api = harness.api
                let wrong = try await api.call(.POST, "/v1/registries", body: body("\(registry.host)/org*", user: "tester", password: "bad"))
                #expect(wrong.status == 406, "\(wrong.text)")
                let key = "\(registry.host)/org*"
                let added = try await api.call(.POST, "/v1/registries?validate=true", body: body(key, user: "tester", password: "secret"))
                #expect(added.status == 200, "\(added.text)")

                let encoded = key.replacingOccurrences(of: "/", with: "%2F").replacingOccurrences(of: "*", with: "%2A")
                let got = try await api.call(.GET, "/v1/registries/\(encoded)")
                #expect(got.status == 200 && got.list.first?["registry"] as? String == key, "\(got.text)")

                let imageAdded = try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(registry.host)/org/tool:2"}"#)
                #expect(imageAdded.status == 200, "\(imageAdded.text)")
                let analyzed = try await api.waitForAnalysis(image.digest.description)
                #expect(analyzed["analysis_status"] as? String == "analyzed", "\(analyzed)")

                #expect(try await api.call(.DELETE, "/v1/registries/\(encoded)").status == 200)
                #expect(try await api.call(.GET, "/v1/registries").list.isEmpty)

                for bad in ["https://\(registry.host)", "\(registry.host)/"] {
                    let reply = try await api.call(.POST, "/v1/registries?validate=False", body: body(bad, user: "u", password: "p"))
                    #expect(reply.status == 409, "\(reply.text)")
                }
                let skipped = try await api.call(.POST, "/v1/registries?validate=False", body: body("unreachable.invalid:5000", user: "u", password: "p"))
                #expect(skipped.status == 200, "\(skipped.text)")
            }
        }
    }
}
