import Archive
import Catalog
import Engine
import Foundation
import Layers
import OCI
import Registry
import Synchronization
import TestSupport
import Testing

/// The shared vulndata folder beside the checkout.
private let vulndata = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/vulndata")

/// The real Debian bookworm minbase files as tree nodes.
private func debianBaseNodes() throws -> [TreeNode] {
    let root = vulndata.appendingPathComponent("debian-bookworm-minbase-debootstrap")
    return try ["etc/os-release", "etc/debian_version", "var/lib/dpkg/status"].map { path in
        .file(path, [UInt8](try Data(contentsOf: root.appendingPathComponent(path))))
    }
}

private let pythonMetadata = """
    Metadata-Version: 2.1
    Name: requests
    Version: 2.31.0
    License: Apache 2.0

    """

/// A two-layer image: Debian's dpkg database, then a Python package, a secret and a deleted file.
private func sampleImage() throws -> BuiltImage {
    let base = try ImageBuilder.layer(try debianBaseNodes() + [.text("tmp/scratch", "x")])
    let app = try ImageBuilder.layer([
        .text("usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA", pythonMetadata),
        .text("app/config.ini", "[db]\npassword = hunter2hunter2\n"),
        .text("etc/passwd", "root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/app:/bin/sh\n"),
        .file("usr/local/bin/tool", Array(repeating: 0x41, count: 2048), mode: 0o4755),
        .whiteout("tmp/scratch"),
    ], compression: .zstd)
    return try ImageBuilder.image([base, app], run: .init(env: ["PATH=/usr/bin", "DB_PASSWORD=s3cr3t-value"], cmd: ["bash"]))
}

private final class Events: Sendable {
    let list = Mutex<[AnalysisProgress]>([])
    @Sendable func record(_ event: AnalysisProgress) { list.withLock { $0.append(event) } }
    var cachedLayers: Int { list.withLock { $0.filter { if case .layerCached = $0 { true } else { false } }.count } }
}

@Suite(.serialized) struct ImageAnalyzerTests {
    @Test func analyzesARegistryImageAndReusesCachedLayers() async throws {
        try await RegistryServer.withRegistry { server in
            try await RegistryClient.withClient { client in
                let built = try sampleImage()
                let reference = try Reference(parsing: "\(server.host)/engine/app:1")
                try await ImagePusher(client: client).push(built, to: reference)

                let cache = MemoryLayerCache()
                var configuration = AnalyzerConfiguration()
                configuration.secrets = try SecretScanner()
                let analyzer = ImageAnalyzer(configuration: configuration, cache: cache)
                let source = RegistryImageSource(client: client, reference: reference)
                let first = Events()
                let analysis = try await analyzer.analyze(source, now: Date(timeIntervalSince1970: 1_700_000_000), progress: first.record)

                #expect(analysis.distro?.namespace == "debian:12")
                let debs = analysis.packages.filter { $0.type == .deb }
                #expect(debs.count == 88)
                #expect(debs.first { $0.name == "bash" }?.sourceVersion == "5.2.15-2")
                let python = analysis.packages.first { $0.type == .python }
                #expect(python?.name == "requests")
                #expect(python?.version == "2.31.0")
                #expect(python?.layer == 1)
                #expect(debs.allSatisfy { $0.layer == 0 })

                #expect(analysis.source.manifestDigest == built.digest)
                #expect(analysis.source.layers.map(\.diffID) == built.layers.map(\.diffID))
                #expect(analysis.files.contains { $0.path == "/tmp/scratch" } == false)
                let tool = try #require(analysis.files.first { $0.path == "/usr/local/bin/tool" })
                #expect(tool.isSetUID && tool.layer == 1 && tool.size == 2048)
                #expect(tool.sha256 == sha256(Array(repeating: UInt8(0x41), count: 2048)))
                #expect(analysis.dockerfile?.mode == .guessed)
                #expect(analysis.dockerfile?.contents.contains("ADD layer 2") == true)
                #expect(analysis.secrets.contains { $0.ruleID == "PASSWORD" && $0.path == "/app/config.ini" && $0.line == 2 })
                #expect(analysis.secrets.contains { $0.ruleID == "ENV_SECRET" && $0.redactedMatch.hasPrefix("DB_PASSWORD=") })
                // /etc/passwd is kept for policies (Anchore's retrieve_files default), with the layer it came from.
                #expect(analysis.retrievedFiles == [RetrievedFile(
                    path: "/etc/passwd", layer: 1, content: Data("root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/app:/bin/sh\n".utf8))])
                #expect(first.cachedLayers == 0)
                // The policy engine's fast-reading copy of the analysis reads back equal.
                #expect(AnalysisFacts.decode(try AnalysisFacts.encode(analysis)) == analysis)
                #expect(AnalysisFacts.decode(Data("not facts".utf8)) == nil)

                // The second analysis reads nothing but the manifest and config, and finds the same; the stack record
                // is the one read ahead for this source while it resolved (one read).
                let chainID = try #require(await cache.lastStack(for: source.name, analyzer: analyzer.configuration.stackFingerprint))
                #expect(chainID == built.layers.dropFirst().reduce(built.layers[0].diffID) { chain, layer in
                    sha256(Array("\(chain) \(layer.diffID)".utf8))
                })
                let readsBefore = await cache.stackReads
                let second = Events()
                let again = try await analyzer.analyze(source, now: Date(timeIntervalSince1970: 1_700_000_000), progress: second.record)
                #expect(second.cachedLayers == 2)
                #expect(again == analysis)
                #expect(await cache.stackCount == 1)
                #expect(await cache.stackReads == readsBefore + 1)

                // A stale hint (the tag moved since) is not used: the right record is read and remembered instead.
                let stale = sha256(Array("another stack".utf8))
                await cache.rememberStack(stale, for: source.name, analyzer: analyzer.configuration.stackFingerprint)
                let afterMove = try await analyzer.analyze(source, now: Date(timeIntervalSince1970: 1_700_000_000))
                #expect(afterMove == analysis)
                #expect(await cache.lastStack(for: source.name, analyzer: analyzer.configuration.stackFingerprint) == chainID)

                // From the layer records alone (no stack record), the same again.
                await cache.removeStacks()
                let third = Events()
                let fromLayers = try await analyzer.analyze(source, now: Date(timeIntervalSince1970: 1_700_000_000), progress: third.record)
                #expect(third.cachedLayers == 2)
                #expect(fromLayers == analysis)
                #expect(await cache.stackCount == 1)

                // Another image with the same layers but its own config shares the stack record: its own
                // environment, history and secrets in the environment, the same files and packages.
                let retagged = try ImageBuilder.image(
                    built.layers, run: .init(env: ["PATH=/usr/bin", "API_TOKEN=abcdef123456"], cmd: ["sh"]))
                let otherReference = try Reference(parsing: "\(server.host)/engine/other:1")
                try await ImagePusher(client: client).push(retagged, to: otherReference)
                let other = try await analyzer.analyze(RegistryImageSource(client: client, reference: otherReference))
                #expect(other.packages == analysis.packages && other.files == analysis.files)
                #expect(other.metadata.cmd == ["sh"])
                #expect(other.secrets.contains { $0.redactedMatch.hasPrefix("API_TOKEN=") })
                #expect(!other.secrets.contains { $0.redactedMatch.hasPrefix("DB_PASSWORD=") })
                #expect(other.secrets.contains { $0.ruleID == "PASSWORD" && $0.path == "/app/config.ini" })
                #expect(await cache.stackCount == 1)

                // Another configuration (no secret search) keys its own stack record and finds no secrets.
                let plain = ImageAnalyzer(cache: cache)
                let withoutSecrets = try await plain.analyze(source, now: Date(timeIntervalSince1970: 1_700_000_000))
                #expect(withoutSecrets.secrets.isEmpty)
                #expect(withoutSecrets.packages == analysis.packages)
                #expect(await cache.stackCount == 2)
            }
        }
    }

    @Test func failsWithAClearReasonOnATarBomb() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-bomb-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let bomb = try ImageBuilder.layer([.file("zeros", [UInt8](repeating: 0, count: 8 << 20))])
        try ImageBuilder.image([bomb]).writeOCILayout(to: directory)
        var configuration = AnalyzerConfiguration()
        configuration.limits.maxUncompressedBytes = 1 << 20
        await #expect {
            _ = try await ImageAnalyzer(configuration: configuration).analyze(OCILayoutSource(directory: directory))
        } throws: { error in
            let error = error as? AnalysisError
            return error?.code == .layer && error?.message.contains("layer 1") == true && error?.message.contains("1 MiB") == true
        }
    }

    @Test func recordsCorruptFilesAsIssues() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-corrupt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let layer = try ImageBuilder.layer([
            .text("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"),
            .text("var/lib/dpkg/status", "Package: ok\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n\nthis is not a stanza\n"),
            .text("usr/lib/python3/dist-packages/broken.dist-info/METADATA", "\u{0}\u{1}garbage"),
        ])
        try ImageBuilder.image([layer]).writeOCILayout(to: directory)
        let analysis = try await ImageAnalyzer().analyze(OCILayoutSource(directory: directory))
        #expect(analysis.packages.contains { $0.name == "ok" && $0.type == .deb })
        #expect(!analysis.issues.isEmpty)
    }

    @Test func aLayersIssueIsReportedOnceWithItsLayer() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-issues-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = try ImageBuilder.layer([.text("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")])
        let bad = try ImageBuilder.layer([.hardlink("etc/escape", target: "../../outside")])
        try ImageBuilder.image([base, bad]).writeOCILayout(to: directory)
        let analysis = try await ImageAnalyzer().analyze(OCILayoutSource(directory: directory))
        let escapes = analysis.issues.filter { $0.path?.hasSuffix("etc/escape") == true }
        #expect(escapes.count == 1, "\(analysis.issues)")
        #expect(escapes.first?.layer == 1)
        // A local source keeps its location; the registry-pulled case is in the service's image tests.
        #expect(analysis.source.path?.contains(directory.path) == true)
    }
}
