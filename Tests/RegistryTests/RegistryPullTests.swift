import Archive
import Foundation
import OCI
import Registry
import TestSupport
import Testing

/// Pulls from the real CNCF distribution registry in each auth variant.
@Suite(.serialized) struct RegistryPullTests {
    @Test(arguments: [
        (ImageFormat.oci, Compression.gzip), (.oci, .zstd), (.oci, .none), (.docker, .gzip), (.docker, .none),
    ])
    func pullsSinglePlatformImage(format: ImageFormat, compression: Compression) async throws {
        try await RegistryServer.withRegistry { server in
            try await withClient(for: server.host) { client in
                let built = try sampleImage(format: format, compression: compression)
                let reference = try Reference(parsing: "\(server.host)/team/app:1.0")
                try await ImagePusher(client: client).push(built, to: reference)

                let source = RegistryImageSource(client: client, reference: reference)
                let image = try await source.resolve(platform: .linuxAMD64)
                #expect(image.manifestDigest == built.digest)
                #expect(image.parentDigest == built.digest)
                #expect(image.mediaType == (format == .oci ? .ociManifest : .dockerManifest))
                #expect(image.config == built.config)
                #expect(image.imageID == built.manifest.config.digest)
                #expect(image.platform == .linuxAMD64)
                #expect(image.reference?.digest == built.digest)
                #expect(image.manifest.layers.map { $0.mediaType.layerCompression?.rawValue } == [compression.rawValue, compression.rawValue])

                let layers = try await readLayers(image, from: source)
                #expect(layers[0]["etc/os-release"] == "ID=debian\nVERSION_ID=\"12\"\n")
                #expect(layers[1]["app/run.sh"] == "#!/bin/sh\necho hi\n")
                #expect(layers[1]["tmp/.wh.gone"] == "")

                // By digest too, and HEAD gives the same descriptor without a body.
                let pinned = try await RegistryImageSource(client: client, reference: reference.withDigest(built.digest))
                    .resolve(platform: .linuxAMD64)
                #expect(pinned.manifestDigest == built.digest)
                let head = try await client.headManifest(reference)
                #expect(head?.digest == built.digest)
                #expect(head?.size == Int64(built.manifestData.count))
                #expect(try await client.headManifest(reference.withTag("nope")) == nil)
            }
        }
    }

    @Test(arguments: [ImageFormat.oci, .docker])
    func pullsPlatformFromIndex(format: ImageFormat) async throws {
        try await RegistryServer.withRegistry { server in
            let amd = try sampleImage(format: format, platform: .linuxAMD64, marker: "amd64")
            let arm = try sampleImage(format: format, platform: Platform(parsing: "linux/arm64/v8"), marker: "arm64")
            let reference = try Reference(parsing: "\(server.host)/multi:latest")
            let indexDigest = try await withClient(for: server.host) { client in
                try await ImagePusher(client: client).pushIndex([amd, arm], format: format, to: reference)
            }
            for (platform, expected, marker) in [("linux/amd64", amd, "amd64"), ("linux/arm64", arm, "arm64")] {
                try await withClient(for: server.host, platform: Platform(parsing: platform)) { client in
                    let source = RegistryImageSource(client: client, reference: reference)
                    let image = try await source.resolve(platform: client.configuration.platform)
                    #expect(image.manifestDigest == expected.digest)
                    #expect(image.parentDigest == indexDigest)
                    #expect(try await readLayers(image, from: source)[0]["etc/marker"] == marker)
                }
            }
            try await withClient(for: server.host) { client in
                await #expect {
                    try await RegistryImageSource(client: client, reference: reference).resolve(platform: Platform(parsing: "linux/s390x"))
                } throws: { error in
                    let error = error as? RegistryError
                    return error?.code == .invalidContent && error?.message.contains("no image for platform linux/s390x") == true
                        && error?.message.contains("linux/amd64, linux/arm64/v8") == true
                }
            }
        }
    }

    @Test func pullsWithBasicAuth() async throws {
        try await RegistryServer.withRegistry(auth: .basic(username: "alice", password: "wonderland")) { server in
            let reference = try Reference(parsing: "\(server.host)/private/app:1")
            let built = try sampleImage()
            try await withClient(for: server.host, credentials: Credentials(username: "alice", password: "wonderland")) { client in
                try await ImagePusher(client: client).push(built, to: reference)
                let source = RegistryImageSource(client: client, reference: reference)
                let image = try await source.resolve(platform: .linuxAMD64)
                #expect(image.manifestDigest == built.digest)
                #expect(try await readLayers(image, from: source)[1]["app/run.sh"] != nil)
                #expect(try await client.ping(registry: server.host) == .basic(realm: "drydock-test"))
            }
            // No credentials: a clear message that some are needed.
            try await withClient(for: server.host) { client in
                await #expect {
                    try await client.fetchManifest(reference)
                } throws: { error in
                    let error = error as? RegistryError
                    return error?.code == .unauthorized && error?.message.contains("requires a user name and password") == true
                }
            }
            // Wrong password: refused, and the message names the user.
            try await withClient(for: server.host, credentials: Credentials(username: "alice", password: "wrong")) { client in
                await #expect {
                    try await client.fetchManifest(reference)
                } throws: { error in
                    let error = error as? RegistryError
                    return error?.code == .unauthorized && error?.message.contains("alice") == true
                }
            }
        }
    }

    @Test func pullsWithBearerTokens() async throws {
        let config = TokenIssuer.Configuration(username: "bob", password: "builder", anonymous: .pull, lifetime: .seconds(300))
        try await RegistryServer.withRegistry(auth: .token(config)) { server in
            let issuer = try #require(server.tokenIssuer)
            let reference = try Reference(parsing: "\(server.host)/tokens/app:1")
            let built = try sampleImage()
            try await withClient(for: server.host, credentials: Credentials(username: "bob", password: "builder")) { client in
                try await ImagePusher(client: client).push(built, to: reference)
            }
            // Anonymous pull through the token flow, with tokens cached per scope.
            try await withClient(for: server.host) { client in
                let source = RegistryImageSource(client: client, reference: reference)
                let image = try await source.resolve(platform: .linuxAMD64)
                _ = try await readLayers(image, from: source)
                #expect(image.manifestDigest == built.digest)
                // One token for repository:tokens/app:pull, reused for the manifest, config and both layers.
                #expect(await client.tokensFetched == 1)
                #expect(issuer.issuedTokens.last?.subject == "anonymous")
                #expect(issuer.issuedTokens.last?.requestedScopes == ["repository:tokens/app:pull"])
            }
            // Anonymous push is refused by the registry after a token that grants only pull.
            try await withClient(for: server.host) { client in
                await #expect {
                    try await ImagePusher(client: client).push(try sampleImage(marker: "other"), to: reference.withTag("2"))
                } throws: { error in
                    (error as? RegistryError)?.code == .unauthorized
                }
            }
            // Wrong password at the token service.
            try await withClient(for: server.host, credentials: Credentials(username: "bob", password: "nope")) { client in
                await #expect {
                    try await client.fetchManifest(reference)
                } throws: { error in
                    let error = error as? RegistryError
                    return error?.code == .unauthorized && error?.message.contains("token service") == true
                        && error?.message.contains("bob") == true
                }
            }
        }
    }

    @Test func refetchesExpiredTokens() async throws {
        let config = TokenIssuer.Configuration(anonymous: .pull, lifetime: .seconds(1))
        try await RegistryServer.withRegistry(auth: .token(config)) { server in
            let reference = try Reference(parsing: "\(server.host)/short/lived:1")
            try await withClient(for: server.host, credentials: Credentials(username: "tester", password: "secret")) { client in
                try await ImagePusher(client: client).push(try sampleImage(), to: reference)
            }
            try await withClient(for: server.host) { client in
                _ = try await client.fetchManifest(reference)
                try await Task.sleep(for: .milliseconds(1100))
                _ = try await client.fetchManifest(reference)
                #expect(await client.tokensFetched == 2)
            }
        }
    }

    @Test func listsTagsAcrossPages() async throws {
        try await RegistryServer.withRegistry { server in
            try await withClient(for: server.host) { client in
                let built = try sampleImage()
                let pusher = ImagePusher(client: client)
                let names = (1...7).map { "v\($0)" }
                for name in names {
                    try await pusher.push(built, to: try Reference(parsing: "\(server.host)/paged:\(name)"))
                }
                let tags = try await client.listTags(registry: server.host, repository: "paged", pageSize: 3)
                #expect(tags.sorted() == names.sorted())
                let limited = try await client.listTags(registry: server.host, repository: "paged", pageSize: 2, limit: 3)
                #expect(limited.count == 3)
                await #expect {
                    try await client.listTags(registry: server.host, repository: "missing")
                } throws: { error in
                    (error as? RegistryError)?.code == .notFound
                }
            }
        }
    }
}
