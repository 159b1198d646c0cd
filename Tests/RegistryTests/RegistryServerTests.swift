import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import TestSupport

/// The test registries themselves: each auth variant starts, challenges correctly, accepts the
/// right credentials, serves a pushed blob, restarts in place, and is gone after `stop()`.
@Suite("RegistryServer")
struct RegistryServerTests {
    @Test("plain registry answers /v2/ with 200")
    func plain() async throws {
        try await RegistryServer.withRegistry { registry in
            #expect(registry.host == "127.0.0.1:\(registry.port)")
            let response = try await HTTP.send(registry.url.appendingPathComponent("v2/"))
            #expect(response.status == 200)
        }
    }

    @Test("basic auth challenges, then accepts the right password only")
    func basic() async throws {
        try await RegistryServer.withRegistry(auth: .basic(username: "alice", password: "s3cret")) { registry in
            let v2 = registry.url.appendingPathComponent("v2/")
            let anonymous = try await HTTP.send(v2)
            #expect(anonymous.status == 401)
            #expect(anonymous.header("WWW-Authenticate") == "Basic realm=\"drydock-test\"")
            #expect(try await HTTP.send(v2, headers: [HTTP.basic("alice", "s3cret")]).status == 200)
            #expect(try await HTTP.send(v2, headers: [HTTP.basic("alice", "wrong")]).status == 401)
        }
    }

    @Test("token auth: challenge, token, push and pull a blob", arguments: [TokenKeyIdentification.keyID, .certificateChain])
    func token(keyIdentification: TokenKeyIdentification) async throws {
        let auth = RegistryServer.Auth.token(.init(keyIdentification: keyIdentification))
        try await RegistryServer.withRegistry(auth: auth) { registry in
            let issuer = try #require(registry.tokenIssuer)
            let challenge = try await HTTP.send(registry.url.appendingPathComponent("v2/"))
            #expect(challenge.status == 401)
            #expect(challenge.header("WWW-Authenticate")
                == "Bearer realm=\"\(issuer.realm.absoluteString)\",service=\"drydock-test-registry\"")

            let token = try await HTTP.token(from: issuer, scopes: ["repository:drydock/blobs:pull,push"],
                                             credentials: ("tester", "secret"))
            #expect(issuer.issuedCount == 1)
            #expect(issuer.issuedTokens.first?.access == [TokenAccess(name: "drydock/blobs", actions: ["pull", "push"])])
            let bearer = ("Authorization", "Bearer \(token)")
            #expect(try await HTTP.send(registry.url.appendingPathComponent("v2/"), headers: [bearer]).status == 200)

            let blob = Data("hello from drydock \(UUID())\n".utf8)
            try await HTTP.push(blob: blob, to: registry, repository: "drydock/blobs", headers: [bearer])
            let pulled = try await HTTP.send(HTTP.blobURL(registry, "drydock/blobs", blob), headers: [bearer])
            #expect(pulled.status == 200)
            #expect(pulled.body == blob)
        }
    }

    @Test("token issuer: wrong password is 401, anonymous gets pull only")
    func issuerPolicy() async throws {
        try await RegistryServer.withRegistry(auth: .token()) { registry in
            let issuer = try #require(registry.tokenIssuer)
            var components = URLComponents(url: issuer.realm, resolvingAgainstBaseURL: false)!
            components.queryItems = [.init(name: "service", value: "drydock-test-registry"),
                                     .init(name: "scope", value: "repository:drydock/blobs:pull,push")]
            let wrong = try await HTTP.send(components.url!, headers: [HTTP.basic("tester", "nope")])
            #expect(wrong.status == 401)
            #expect(wrong.header("WWW-Authenticate")?.hasPrefix("Basic realm=") == true)

            let token = try await HTTP.token(from: issuer, scopes: ["repository:drydock/blobs:pull,push"], credentials: nil)
            #expect(issuer.issuedTokens.last?.access == [TokenAccess(name: "drydock/blobs", actions: ["pull"])])
            let upload = try await HTTP.send(registry.url.appendingPathComponent("v2/drydock/blobs/blobs/uploads/"),
                                             method: .POST, headers: [("Authorization", "Bearer \(token)")])
            #expect(upload.status == 401)
            #expect(issuer.issuedCount == 1)
        }
    }

    @Test("the registry rejects tokens signed by another key; lifetime sets exp")
    func foreignAndShortLivedTokens() async throws {
        let auth = RegistryServer.Auth.token(.init(lifetime: .seconds(1)))
        try await RegistryServer.withRegistry(auth: auth) { registry in
            let issuer = try #require(registry.tokenIssuer)
            let v2 = registry.url.appendingPathComponent("v2/")
            let other = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-issuer-\(UUID())")
            try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: other) }
            let stranger = try await TokenIssuer.start(configuration: issuer.configuration, directory: other)
            let foreign = try stranger.makeToken(access: [])
            await stranger.stop()
            #expect(try await HTTP.send(v2, headers: [("Authorization", "Bearer \(foreign)")]).status == 401)

            let token = try issuer.makeToken(access: [])
            let claims = try #require(RegistryJWT.claims(of: token))
            #expect((claims["exp"] as? Int).map { $0 - (claims["iat"] as? Int ?? 0) } == 1)
            #expect(try await HTTP.send(v2, headers: [("Authorization", "Bearer \(token)")]).status == 200)
            // distribution 2.8 accepts a token up to 60 s past `exp` (clock leeway): tests of token
            // re-fetch assert the issuer's count, not a 401 from the registry.
        }
    }

    @Test("stopProcess makes the registry disappear; restart brings it back with its storage")
    func restart() async throws {
        try await RegistryServer.withRegistry { registry in
            let blob = Data("survives a restart\n".utf8)
            try await HTTP.push(blob: blob, to: registry, repository: "drydock/restart")
            await registry.stopProcess()
            #expect(!registry.isRunning)
            // A raw connect: HTTPClient retries a refused connection until its deadline.
            #expect(!FreePort.isListening(registry.port))
            try await registry.restart()
            #expect(registry.isRunning)
            let pulled = try await HTTP.send(HTTP.blobURL(registry, "drydock/restart", blob))
            #expect(pulled.status == 200)
            #expect(pulled.body == blob)
        }
    }

    @Test("after stop, registry and issuer refuse connections and the temp dir is gone")
    func stopped() async throws {
        let registry = try await RegistryServer.start(auth: .token())
        let issuer = try #require(registry.tokenIssuer)
        #expect(FreePort.isListening(registry.port))
        #expect(FreePort.isListening(issuer.port))
        await registry.stop()
        #expect(!registry.isRunning)
        #expect(!FreePort.isListening(registry.port))
        #expect(!FreePort.isListening(issuer.port))
        #expect(!FileManager.default.fileExists(atPath: registry.directory.path))
    }

    @Test("libtrust key id and base32")
    func keyID() throws {
        #expect(RegistryJWT.base32(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(RegistryJWT.base32(Array("f".utf8)) == "MY")
        let id = RegistryJWT.libtrustKeyID(P256.Signing.PrivateKey().publicKey)
        let groups = id.split(separator: ":")
        #expect(groups.count == 12)
        #expect(groups.allSatisfy { $0.count == 4 })
        #expect(TokenAccess(scope: "repository:a/b:pull,push") == TokenAccess(name: "a/b", actions: ["pull", "push"]))
        #expect(TokenAccess(scope: "registry:catalog:*") == TokenAccess(type: "registry", name: "catalog", actions: ["*"]))
        #expect(RegistryServerError.missingTool("docker-registry").description.contains("make test"))
    }
}

/// Minimal AsyncHTTPClient helpers for talking to the test servers.
private enum HTTP {
    struct Reply {
        var status: UInt
        var headers: [(String, String)]
        var body: Data
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    static func send(_ url: URL, method: HTTPMethod = .GET, headers: [(String, String)] = [],
                     body: Data? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Reply(status: response.status.code, headers: response.headers.map { ($0.name, $0.value) },
                     body: Data(bytes.readableBytesView))
    }

    static func basic(_ user: String, _ password: String) -> (String, String) {
        ("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
    }

    static func digest(_ blob: Data) -> String {
        "sha256:" + SHA256.hash(data: blob).map { String(format: "%02x", $0) }.joined()
    }

    static func blobURL(_ registry: RegistryServer, _ repository: String, _ blob: Data) -> URL {
        registry.url.appendingPathComponent("v2/\(repository)/blobs/\(digest(blob))")
    }

    /// Fetches a token from the issuer's realm and checks the response's shape.
    static func token(from issuer: TokenIssuer, scopes: [String], credentials: (String, String)?) async throws -> String {
        var components = URLComponents(url: issuer.realm, resolvingAgainstBaseURL: false)!
        components.queryItems = [.init(name: "service", value: issuer.configuration.service)]
            + scopes.map { .init(name: "scope", value: $0) }
        let reply = try await send(components.url!, headers: credentials.map { [basic($0.0, $0.1)] } ?? [])
        try #require(reply.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: reply.body) as? [String: Any])
        let token = try #require(json["token"] as? String)
        #expect(json["access_token"] as? String == token)
        #expect(json["expires_in"] as? Int == 300)
        #expect(json["issued_at"] is String)
        #expect(RegistryJWT.claims(of: token)?["aud"] as? String == issuer.configuration.service)
        return token
    }

    /// Monolithic blob upload: POST /v2/NAME/blobs/uploads/, then PUT LOCATION?digest=.
    static func push(blob: Data, to registry: RegistryServer, repository: String,
                     headers: [(String, String)] = []) async throws {
        let start = try await send(registry.url.appendingPathComponent("v2/\(repository)/blobs/uploads/"),
                                   method: .POST, headers: headers)
        try #require(start.status == 202)
        let location = try #require(start.header("Location"))
        var components = try #require(URLComponents(url: URL(string: location, relativeTo: registry.url)!.absoluteURL,
                                                    resolvingAgainstBaseURL: true))
        components.queryItems = (components.queryItems ?? []) + [.init(name: "digest", value: digest(blob))]
        let put = try await send(components.url!, method: .PUT,
                                 headers: headers + [("Content-Type", "application/octet-stream")], body: blob)
        try #require(put.status == 201)
    }
}
