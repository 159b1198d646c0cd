import Client
import Synchronization
import Testing

/// Whole commands against an in-memory service: the calls made, what is printed, the exit status.
@Suite struct SessionTests {
    private func record() throws -> JSONValue { try json(analyzedRecordJSON) }

    @Test func getByTagChecksAccessThenQueriesFulltag() async throws {
        let record = try record()
        let transport = RecordingTransport { $0.url == base ? ok("v1") : ok([record]) }
        let result = await runSession(transport) { try await $0.getImage("docker.io/alpine:3.12") }
        #expect(result.status == 0)
        #expect(transport.requests.first == APIRequest(.get, base))
        #expect(transport.calls == ["GET \(base)/images?fulltag=docker.io%2Falpine%3A3.12&history=false"])
        #expect(result.output.hasPrefix("Image Digest: \(imageDigest)\nParent Digest: \(parentDigest)\n"))
        #expect(result.output.hasSuffix("Full Tag: docker.io/alpine:3.12\nTag Detected At: 2021-10-01T10:00:03Z\n\n\n"))
    }

    @Test func unreachableServiceExitsTwo() async {
        let transport = RecordingTransport { _ in APIResponse(status: 503, body: []) }
        let result = await runSession(transport) { try await $0.listImages() }
        #expect(result.status == 2)
        #expect(result.output == "Error: could not access anchore service (user=admin url=\(base))\n\n")
        #expect(transport.requests.count == 1)
    }

    @Test func unknownTagExitsOneWithTheServersError() async {
        let transport = RecordingTransport { $0.url == base ? ok("v1") : envelope(404, "image data not found in DB") }
        let result = await runSession(transport) { try await $0.getImage("docker.io/missing:1") }
        #expect(result.status == 1)
        #expect(result.output == "Error: image data not found in DB\nHTTP Code: 404\nDetail: {'error_codes': []}\n\n")
    }

    @Test func serverFailureExitsTwo() async {
        let transport = RecordingTransport { $0.url == base ? ok("v1") : envelope(500, "boom") }
        #expect(await runSession(transport) { try await $0.listSubscriptions() }.status == 2)
    }

    @Test func addRefusesDigestsAndBadAnnotationsClientSide() async {
        let transport = RecordingTransport { _ in ok("v1") }
        let digest = await runSession(transport) { try await $0.addImage("sha256:\(InputImageTests.hex)") }
        #expect(digest.status == 2)
        #expect(digest.output == "Error: can only add a tag\n\n")
        let annotation = await runSession(transport) { try await $0.addImage("a/b:c", annotations: ["k="]) }
        #expect(annotation.status == 2)
        #expect(annotation.output.contains("annotations must be of the form (--annotation key=value), found: k="))
        #expect(transport.requests.allSatisfy { $0.url == base })
    }

    @Test func addSendsTheDockerfileBase64AndPrintsTheRecord() async throws {
        let record = try record()
        let transport = RecordingTransport { $0.url == base ? ok("v1") : ok([record]) }
        let result = await runSession(transport) {
            try await $0.addImage("docker.io/alpine:3.12", force: true, dockerfile: "FROM alpine\n", annotations: ["team=payments"])
        }
        #expect(result.status == 0)
        #expect(transport.requests.last == APIRequest(
            .post, "\(base)/images?autosubscribe=True&force=true",
            body: #"{"dockerfile": "RlJPTSBhbHBpbmUK", "tag": "docker.io/alpine:3.12", "annotations": {"team": "payments"}}"#))
        #expect(result.output.contains("Annotations: team=payments\n"))
    }

    @Test func deleteRefusalExitsOneAndForceSucceeds() async {
        let transport = RecordingTransport { request in
            if request.url == base { return ok("v1") }
            if request.url.hasSuffix("?force=True") { return ok(["digest": .string(imageDigest), "status": "deleting", "detail": nil]) }
            return ok([
                "digest": .string(imageDigest), "status": "delete_failed",
                "detail": "cannot delete image that is the latest of its tags, and has active subscription",
            ])
        }
        let refused = await runSession(transport) { try await $0.deleteImage("docker.io/alpine@\(imageDigest)") }
        #expect(refused.status == 1)
        #expect(refused.output == "Error: cannot delete image that is the latest of its tags, and has active subscription\n\n")
        let forced = await runSession(transport) { try await $0.deleteImage(imageDigest, force: true) }
        #expect(forced.status == 0)
        #expect(forced.output == "Success\n")
        #expect(transport.requests.last?.url == "\(base)/images/sha256%3A\(imageDigest.dropFirst(7))?force=True")
    }

    @Test func contentOfAnUnknownImageExitsOne() async {
        let transport = RecordingTransport { $0.url == base ? ok("v1") : envelope(404, "image data not found in DB") }
        let result = await runSession(transport) { try await $0.imageContent("docker.io/missing:1", type: "os") }
        #expect(result.status == 1)
        #expect(result.output == "Error: cannot use input image string (no discovered imageDigest)\n\n")
    }

    @Test func emptyContentIsAnErrorExitTwo() async throws {
        let record = try record()
        let transport = RecordingTransport { request in
            if request.url == base { return ok("v1") }
            if request.url.contains("fulltag=") { return ok([record]) }
            return ok(["imageDigest": .string(imageDigest), "content_type": "npm", "content": []])
        }
        let result = await runSession(transport) { try await $0.imageContent("docker.io/alpine:3.12", type: "npm") }
        #expect(result.status == 2)
        #expect(result.output == "Error: There is no image content (npm) to provide for docker.io/alpine:3.12\n\n")
        #expect(transport.calls.last == "GET \(base)/images/\(imageDigest)/content/npm")
    }

    @Test func waitPollsUntilAnalyzed() async throws {
        let analyzed = try record()
        var pending = try #require(analyzed.objectValue)
        pending["analysis_status"] = "analyzing"
        let polls = Mutex(0)
        let transport = RecordingTransport { [pending] request in
            if request.url == base { return ok("v1") }
            let count = polls.withLock { $0 += 1; return $0 }
            return count < 3 ? ok([.object(pending)]) : ok([analyzed])
        }
        let result = await runSession(transport) { try await $0.waitForImage(imageDigest, timeout: 30, interval: 0) }
        #expect(result.status == 0)
        #expect(transport.calls == Array(repeating: "GET \(base)/images/\(imageDigest)?history=false", count: 3))
        let lines = result.output.split(separator: "\n")
        #expect(lines.filter { $0 == "Status: analyzing" }.count == 2)
        #expect(lines.contains { $0.hasPrefix("Waiting 0.0 seconds for next retry. Total timeout remaining: ") })
        #expect(lines.contains("Analysis Status: analyzed"))
    }

    @Test func waitForAMissingImageAndTimeoutsExitTwo() async throws {
        let missing = RecordingTransport { $0.url == base ? ok("v1") : envelope(404, "image data not found in DB") }
        let notFound = await runSession(missing) { try await $0.waitForImage("docker.io/missing:1", timeout: 5, interval: 0) }
        #expect(notFound.status == 2)
        #expect(notFound.output == "Error: Requested image not found in system\n\n")
        let zero = await runSession(missing) { try await $0.waitForImage("docker.io/missing:1", timeout: 0, interval: 0) }
        #expect(zero.status == 2)
        #expect(zero.output == "Error: Timed-out waiting for analyis status to reach terminal state (analyzed or analysis_failed)\n\n")
    }

    @Test func activateFindsTheRecordThenPutsIt() async {
        let record: JSONValue = [
            "subscription_id": "f00", "subscription_type": "tag_update", "subscription_key": "docker.io/alpine:3.12", "active": false,
        ]
        let transport = RecordingTransport { request in
            if request.url == base { return ok("v1") }
            if request.url.contains("subscription_key=docker.io%2Falpine") { return ok([record]) }
            if request.method == .put { return ok([record]) }
            return ok([])
        }
        let activated = await runSession(transport) { try await $0.setSubscription(type: "tag_update", key: "docker.io/alpine:3.12", active: true) }
        #expect(activated.status == 0)
        #expect(activated.output == "Success\n")
        #expect(transport.calls == [
            "GET \(base)/subscriptions?subscription_key=docker.io%2Falpine%3A3.12&subscription_type=tag_update",
            "PUT \(base)/subscriptions/f00",
        ])
        let missing = await runSession(transport) { try await $0.setSubscription(type: "tag_update", key: "docker.io/none:1", active: false) }
        #expect(missing.status == 2)
        #expect(missing.output == """
            Error: cannot locate subscription record using specified input (subscription_type=tag_update, \
            subscription_key=docker.io/none:1 needs to exist before deactivation)


            """)
    }

    @Test func jsonModePrintsSortedIndentedPayload() async {
        let transport = RecordingTransport { $0.url == base ? ok("v1") : ok([["b": 1, "a": ["x": 1.5]]]) }
        let result = await runSession(transport, json: true) { try await $0.listSubscriptions() }
        #expect(result.output == "[\n    {\n        \"a\": {\n            \"x\": 1.5\n        },\n        \"b\": 1\n    }\n]\n")
    }

    @Test func systemWaitChecksServicesThenFeeds() async {
        let services: JSONValue = ["service_states": [
            ["servicename": "catalog", "service_detail": ["up": true]], ["servicename": "apiext", "service_detail": ["up": true]],
        ]]
        let feeds: JSONValue = [[
            "name": "vulnerabilities", "enabled": true, "last_full_sync": "2021-10-01T06:00:00Z",
            "groups": [["name": "alpine:3.12", "enabled": true, "last_sync": "2021-10-01T06:00:00Z"]],
        ]]
        let transport = RecordingTransport { request in
            if request.url == base { return ok("v1") }
            return request.url.hasSuffix("/feeds") ? ok(feeds) : ok(services)
        }
        let result = await runSession(transport, checkAccess: false) {
            try await $0.waitForSystem(timeout: 10, interval: 0, servicesReady: "catalog,apiext")
        }
        #expect(result.status == 0)
        #expect(result.output == "")
        #expect(result.console.errors == """
            Starting checks to wait for anchore-engine to be available timeout=10.0 interval=0.0
            API availability: Checking anchore-engine URL (\(base))...
            API availability: Success.
            Service availability: Checking for service set (catalog,apiext)...
            Service availability: Success.
            Feed sync: Checking sync completion for feed set (vulnerabilities)...
            Feed sync: Success.

            """)
        let unsynced = await runSession(RecordingTransport { $0.url.hasSuffix("/feeds") ? ok([]) : (($0.url == base) ? ok("v1") : ok(services)) }, checkAccess: false) {
            try await $0.waitForSystem(timeout: 0.3, interval: 0.05, servicesReady: "catalog")
        }
        #expect(unsynced.status == 2)
        #expect(unsynced.output.hasSuffix("Error: timed out after 0.3 seconds.\n\n"))
    }
}
