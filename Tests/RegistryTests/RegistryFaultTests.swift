import Synchronization
import Foundation
import OCI
import Registry
import TestSupport
import Testing

private typealias Answer = ScriptedRegistry.Response

/// Runs `body` against a scripted server and always stops it.
@discardableResult
private func withScripted<T>(
    _ handler: @escaping @Sendable (ScriptedRegistry.Request) async -> Answer,
    _ body: (ScriptedRegistry) async throws -> T
) async throws -> T {
    let server = try await ScriptedRegistry.start(handler)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

private func expectError(
    _ code: RegistryError.Code, containing text: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ operation: () async throws -> Void
) async {
    await #expect(sourceLocation: sourceLocation) {
        try await operation()
    } throws: { error in
        guard let error = error as? RegistryError else { return false }
        if error.code != code || !error.message.contains(text) {
            Issue.record("got \(error.code): \(error.message)", sourceLocation: sourceLocation)
            return false
        }
        return true
    }
}

private let manifestHeaders = ["Content-Type": MediaType.ociManifest.rawValue]

/// Registry behaviour the real registry never shows, served by a scripted HTTP server on loopback.
@Suite struct RegistryFaultTests {
    @Test func refusesOversizeManifest() async throws {
        let big = Array(repeating: UInt8(ascii: " "), count: ManifestDocument.maximumSize + 10)
        try await withScripted({ _ in Answer(status: 200, headers: manifestHeaders, body: big) }) { server in
            try await withClient(for: server.host) { client in
                await expectError(.tooLarge, containing: "4 MiB") {
                    _ = try await client.fetchManifest(try Reference(parsing: "\(server.host)/a:1"))
                }
            }
        }
    }

    @Test func refusesManifestThatDoesNotMatchItsDigest() async throws {
        let image = try sampleImage()
        let other = sha256(Data("something else".utf8))
        try await withScripted({ _ in
            Answer(status: 200, headers: manifestHeaders.merging(["Docker-Content-Digest": other.description]) { a, _ in a },
                   body: [UInt8](image.manifestData))
        }) { server in
            try await withClient(for: server.host) { client in
                await expectError(.digestMismatch, containing: "Docker-Content-Digest") {
                    _ = try await client.fetchManifest(try Reference(parsing: "\(server.host)/a:1"))
                }
                await expectError(.digestMismatch, containing: "not \(other)") {
                    _ = try await client.fetchManifest(try Reference(parsing: "\(server.host)/a@\(other)"))
                }
            }
        }
    }

    @Test func refusesBlobThatDoesNotMatchItsDigest() async throws {
        let image = try sampleImage()
        let layer = image.layers[0]
        var corrupted = layer.blob
        corrupted[corrupted.count / 2] ^= 0xff
        let body = corrupted
        try await withScripted({ request in
            if request.path.contains("/manifests/") {
                return Answer(status: 200, headers: manifestHeaders, body: [UInt8](image.manifestData))
            }
            if request.path.hasSuffix(image.manifest.config.digest.description) {
                return Answer(status: 200, body: [UInt8](image.configData))
            }
            return Answer(status: 200, body: body)
        }) { server in
            try await withClient(for: server.host) { client in
                let source = RegistryImageSource(client: client, reference: try Reference(parsing: "\(server.host)/a:1"))
                let resolved = try await source.resolve(platform: .linuxAMD64)
                await expectError(.digestMismatch, containing: "hashes to") {
                    let stream = try await source.blob(resolved.manifest.layers[0])
                    for try await _ in stream {}
                }
            }
        }
    }

    @Test(arguments: [
        (#"{"schemaVersion":1,"name":"a","tag":"1","fsLayers":[]}"#, "application/vnd.docker.distribution.manifest.v1+prettyjws",
         RegistryError.Code.unsupported, "schema 1"),
        ("{not json", "application/vnd.oci.image.manifest.v1+json", .invalidContent, "not valid JSON"),
        (#"{"schemaVersion":2,"mediaType":"application/vnd.example.thing+json"}"#, "application/vnd.example.thing+json",
         .unsupported, "application/vnd.example.thing+json"),
        (#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"digest":"sha256:xyz"}]}"#,
         "application/vnd.oci.image.index.v1+json", .invalidContent, "invalid image index"),
    ])
    func refusesBadManifests(body: String, contentType: String, code: RegistryError.Code, text: String) async throws {
        try await withScripted({ _ in Answer(status: 200, headers: ["Content-Type": contentType], body: Array(body.utf8)) }) { server in
            try await withClient(for: server.host) { client in
                await expectError(code, containing: text) {
                    _ = try await client.fetchManifest(try Reference(parsing: "\(server.host)/a:1"))
                }
            }
        }
    }

    @Test func configCacheSkipsTheConfigRequestAndRefetchesADamagedCopy() async throws {
        let image = try sampleImage()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = ConfigCache(directory: directory)
        let configDigest = image.manifest.config.digest
        try await withScripted({ request in
            if request.path.contains("/manifests/") {
                return Answer(status: 200, headers: manifestHeaders, body: [UInt8](image.manifestData))
            }
            return Answer(status: 200, body: [UInt8](image.configData))
        }) { server in
            var settings = configuration(for: server.host)
            settings.configCache = cache
            try await RegistryClient.withClient(configuration: settings) { client in
                let source = RegistryImageSource(client: client, reference: try Reference(parsing: "\(server.host)/a:1"))
                let configRequests = { server.requests.filter { $0.path.hasSuffix(configDigest.description) }.count }
                // First resolve: fetched and kept.
                let first = try await source.resolve(platform: .linuxAMD64)
                #expect(configRequests() == 1)
                #expect(cache.data(for: configDigest) == image.configData)
                // Second: from the cache, the manifest only.
                let second = try await source.resolve(platform: .linuxAMD64)
                #expect(configRequests() == 1)
                #expect(second == first)
                // A damaged copy is not used: removed, fetched again and kept again.
                try Data("{}".utf8).write(to: cache.fileURL(for: configDigest))
                let third = try await source.resolve(platform: .linuxAMD64)
                #expect(configRequests() == 2)
                #expect(third == first)
                #expect(cache.data(for: configDigest) == image.configData)
            }
        }
        // A config whose bytes do not hash to the digest is never kept.
        let other = ConfigCache(directory: directory.appendingPathComponent("other"))
        other.store(Data("not the config".utf8), digest: configDigest)
        #expect(other.data(for: configDigest) == nil)
        #expect(!FileManager.default.fileExists(atPath: other.fileURL(for: configDigest).path))
    }

    @Test func refusesUnknownLayerAndConfigTypes() async throws {
        var image = try sampleImage()
        image.manifest.layers[1].mediaType = "application/vnd.example.blob"
        let badLayer = try JSONEncoder().encode(image.manifest)
        image = try sampleImage()
        image.manifest.config.mediaType = "application/vnd.cncf.helm.config.v1+json"
        let helm = try JSONEncoder().encode(image.manifest)
        try await withScripted({ request in
            let body = request.path.contains("helm") ? helm : badLayer
            return Answer(status: 200, headers: manifestHeaders, body: [UInt8](body))
        }) { server in
            try await withClient(for: server.host) { client in
                await expectError(.unsupported, containing: "layer 2 has unsupported media type") {
                    _ = try await RegistryImageSource(client: client, reference: try Reference(parsing: "\(server.host)/a:1"))
                        .resolve(platform: .linuxAMD64)
                }
                await expectError(.unsupported, containing: "not a container image") {
                    _ = try await RegistryImageSource(client: client, reference: try Reference(parsing: "\(server.host)/helm:1"))
                        .resolve(platform: .linuxAMD64)
                }
            }
        }
    }

    @Test func surfacesRegistryErrorBodiesWithoutRetrying4xx() async throws {
        let body = #"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"nope"}}]}"#
        try await withScripted({ _ in .json(404, body) }) { server in
            try await withClient(for: server.host, retry: .init(maxAttempts: 4, baseDelay: .milliseconds(1))) { client in
                await expectError(.notFound, containing: "MANIFEST_UNKNOWN: manifest unknown") {
                    _ = try await client.fetchManifest(try Reference(parsing: "\(server.host)/a:nope"))
                }
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test func retries429And5xxHonouringRetryAfter() async throws {
        let image = try sampleImage()
        let counter = Counter()
        try await withScripted({ _ in
            switch counter.next() {
            case 1: return .json(429, #"{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}"#, headers: ["Retry-After": "0"])
            case 2: return Answer(status: 503)
            default: return Answer(status: 200, headers: manifestHeaders, body: [UInt8](image.manifestData))
            }
        }) { server in
            try await withClient(for: server.host, retry: .init(maxAttempts: 3, baseDelay: .milliseconds(5))) { client in
                let fetched = try await client.fetchManifest(try Reference(parsing: "\(server.host)/a:1"))
                #expect(fetched.digest == image.digest)
            }
            #expect(server.requests.count == 3)
        }
    }

    @Test func givesUpAfterRepeated5xx() async throws {
        try await withScripted({ _ in .json(502, #"{"errors":[{"code":"UNAVAILABLE","message":"backend down"}]}"#) }) { server in
            try await withClient(for: server.host, retry: .init(maxAttempts: 3, baseDelay: .milliseconds(1))) { client in
                await expectError(.unavailable, containing: "backend down") {
                    _ = try await client.fetchManifest(try Reference(parsing: "\(server.host)/a:1"))
                }
            }
            #expect(server.requests.count == 3)
        }
    }

    @Test func reportsUnreachableRegistry() async throws {
        let port = try FreePort.next()  // nothing listens there
        try await withClient(for: "127.0.0.1:\(port)", retry: .init(maxAttempts: 2, baseDelay: .milliseconds(1))) { client in
            await expectError(.unreachable, containing: "cannot reach registry 127.0.0.1:\(port)") {
                _ = try await client.fetchManifest(try Reference(parsing: "127.0.0.1:\(port)/a:1"))
            }
        }
    }

    @Test func dropsAuthorizationOnRedirectToAnotherHost() async throws {
        let image = try sampleImage()
        let layer = image.layers[0]
        try await withScripted({ _ in Answer(status: 200, body: layer.blob) }) { storage in
            let credentials = Credentials(username: "u", password: "p")
            try await withScripted({ request in
                guard request.headers["authorization"] == credentials.basicAuthorization else {
                    return Answer(status: 401, headers: ["WWW-Authenticate": #"Basic realm="test""#])
                }
                return Answer(status: 307, headers: ["Location": "http://\(storage.host)/blob?sig=1"])
            }) { registry in
                try await withClient(for: registry.host, credentials: credentials) { client in
                    let stream = try await client.blob(registry: registry.host, repository: "a", descriptor: layer.descriptor)
                    var count = 0
                    for try await chunk in stream { count += chunk.count }
                    #expect(count == layer.blob.count)
                }
            }
            #expect(storage.requests.count == 1)
            #expect(storage.requests.first?.headers["authorization"] == nil)
            #expect(storage.requests.first?.path == "/blob?sig=1")
        }
    }

    @Test func reports401AfterAuthentication() async throws {
        try await withScripted({ request in
            if request.path.hasPrefix("/token") { return .json(200, #"{"token":"abc","expires_in":300}"#) }
            return Answer(status: 401, headers: ["WWW-Authenticate": #"Bearer realm="http://\#(request.headers["host"] ?? "")/token",service="s""#])
        }) { server in
            try await withClient(for: server.host) { client in
                await expectError(.unauthorized, containing: "refused anonymous access") {
                    _ = try await client.fetchManifest(try Reference(parsing: "\(server.host)/a:1"))
                }
            }
            // Exactly: the first try, the token, and one retry with the token.
            #expect(server.requests.map { $0.path.hasPrefix("/token") } == [false, true, false])
        }
    }
}

/// A thread-safe counter for scripted handlers.
final class Counter: Sendable {
    private let box = Mutex(0)
    func next() -> Int { box.withLock { $0 += 1; return $0 } }
}

@Test func reportsTruncatedBlobFromRegistry() async throws {
    let layer = try sampleImage().layers[0]
    let short = Array(layer.blob.prefix(layer.blob.count / 2))
    try await withScripted({ _ in Answer(status: 200, body: short) }) { server in
        try await withClient(for: server.host) { client in
            await #expect {
                for try await _ in try await client.blob(registry: server.host, repository: "a", descriptor: layer.descriptor) {}
            } throws: { error in
                let error = error as? RegistryError
                return error?.code == .sizeMismatch && error?.message.contains("truncated: \(short.count) of \(layer.blob.count) bytes") == true
            }
        }
    }
}
