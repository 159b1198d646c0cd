import Foundation
import OCI
import Registry
import TestSupport
import Testing

/// What a finished command printed, and how it exited.
struct ToolResult: CustomStringConvertible {
    var status: Int32
    var output: String
    var errors: String

    var lines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    /// Whether some line, with runs of spaces collapsed, equals `cells` joined by one space.
    func hasRow(_ cells: String...) -> Bool {
        lines.contains { $0.split(separator: " ").joined(separator: " ") == cells.joined(separator: " ") }
    }
    var description: String { "exit \(status)\n--- stdout ---\n\(output)--- stderr ---\n\(errors)" }
}

/// Runs a program to completion (bounded by `timeout`, then killed) with stdout and stderr in
/// temp files (no pipe can fill up and stall it).
func runTool(
    _ executable: URL, _ arguments: [String], environment: [String: String], timeout: Duration = .seconds(180)
) async throws -> ToolResult {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-tool-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outFile = scratch.appendingPathComponent("stdout")
    let errFile = scratch.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outFile.path, contents: nil)
    FileManager.default.createFile(atPath: errFile.path, contents: nil)
    let out = try FileHandle(forWritingTo: outFile)
    let err = try FileHandle(forWritingTo: errFile)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = out
    process.standardError = err
    try process.run()
    try? out.close()
    try? err.close()
    let deadline = ContinuousClock.now + timeout
    while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    if process.isRunning {
        process.terminate()
        for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
    process.waitUntilExit()
    let output = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
    let errors = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
    return ToolResult(status: process.terminationStatus, output: output, errors: errors)
}

let alpineOSRelease = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n"

/// A small Alpine-shaped image (os-release, an apk database, a binary) pushed to `registry` as
/// `<host>/client/alpine:3.19`.
func pushAlpineImage(to registry: RegistryServer, repository: String = "client/alpine", tag: String = "3.19")
    async throws -> (reference: Reference, image: BuiltImage)
{
    let base = try ImageBuilder.layer([
        .directory("etc"),
        .text("etc/os-release", alpineOSRelease),
        .text("etc/alpine-release", "3.19.1\n"),
        .directory("lib/apk/db"),
        .text("lib/apk/db/installed", """
            P:musl
            V:1.2.4-r2
            A:x86_64
            o:musl
            L:MIT
            F:lib
            R:ld-musl-x86_64.so.1

            P:busybox
            V:1.36.1-r15
            A:x86_64
            o:busybox
            L:GPL-2.0-only
            F:bin
            R:busybox


            """),
        .file("lib/ld-musl-x86_64.so.1", Array(repeating: 0x7f, count: 2048), mode: 0o755),
        .file("bin/busybox", Array(repeating: 0x42, count: 4096), mode: 0o755),
    ])
    let app = try ImageBuilder.layer([.text("app/hello.txt", "hello from drydock\n")])
    let image = try ImageBuilder.image([base, app])
    let reference = try Reference(parsing: "\(registry.host)/\(repository):\(tag)")
    try await RegistryClient.withClient { _ = try await ImagePusher(client: $0).push(image, to: reference) }
    return (reference, image)
}

/// A fresh, empty HOME so no credentials file or settings leak in.
/// The real anchore-cli 0.9.3 (`DRYDOCK_ANCHORE_CLI`, set by `make test`); a failed requirement, never a skip,
/// when it is not there.
func anchoreCLIExecutable() throws -> URL {
    let path = try #require(
        ProcessInfo.processInfo.environment["DRYDOCK_ANCHORE_CLI"],
        "DRYDOCK_ANCHORE_CLI is not set: run `make test` (scripts/anchorecli-venv.sh installs anchore-cli 0.9.3)")
    try #require(FileManager.default.isExecutableFile(atPath: path), "DRYDOCK_ANCHORE_CLI=\(path) is not an executable")
    return URL(fileURLWithPath: path)
}

func scratchHome() throws -> URL {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-home-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    return home
}

/// The `drydock` client (`drydock image|subscription|system …`) against a real `drydock serve`
/// analyzing an image from a real registry.
@Suite(.serialized) struct ClientCommandTests {
    @Test func imageLifecycleThroughTheDrydockClient() async throws {
        let binary = try DrydockServer.executable()
        let home = try scratchHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = ["HOME": home.path, "PATH": "/usr/bin:/bin"]
        try await RegistryServer.withRegistry { registry in
            let (reference, image) = try await pushAlpineImage(to: registry)
            let tag = reference.description
            let digest = image.digest.description
            try await DrydockServer.withServer { server in
                let connection = ["--url", server.url, "--u", server.user, "--p", server.password]
                func drydock(_ arguments: String...) async throws -> ToolResult {
                    try await runTool(binary, arguments + connection, environment: environment)
                }

                let added = try await drydock("image", "add", tag)
                #expect(added.status == 0, "\(added)")
                #expect(added.lines.first == "Image Digest: \(digest)", "\(added)")
                #expect(added.lines.contains("Image Type: docker"), "\(added)")
                #expect(added.lines.contains("Full Tag: \(tag)"), "\(added)")

                let waited = try await drydock("image", "wait", tag, "--timeout", "120", "--interval", "0.5")
                #expect(waited.status == 0, "\(waited)")
                #expect(waited.lines.contains("Analysis Status: analyzed"), "\(waited)")

                let got = try await drydock("image", "get", tag)
                #expect(got.status == 0, "\(got)")
                for line in [
                    "Image Digest: \(digest)", "Analysis Status: analyzed", "Image Type: docker",
                    "Image ID: \(image.manifest.config.digest.encoded)", "Distro: alpine", "Distro Version: 3.19.1",
                    "Architecture: amd64", "Layer Count: 2", "Full Tag: \(tag)",
                ] {
                    #expect(got.lines.contains(line), "missing \(line): \(got)")
                }
                #expect(got.lines.contains { $0.hasPrefix("Analyzed At: 20") }, "\(got)")
                #expect(got.lines.contains { $0.hasPrefix("Dockerfile Mode: ") }, "\(got)")
                #expect(got.lines.contains { $0.hasPrefix("Tag Detected At: 20") }, "\(got)")
                let byDigest = try await drydock("image", "get", digest)
                #expect(byDigest.status == 0 && byDigest.lines.contains("Full Tag: \(tag)"), "\(byDigest)")

                let listed = try await drydock("image", "list")
                #expect(listed.status == 0, "\(listed)")
                #expect(listed.lines.first?.hasPrefix("Full Tag ") == true, "\(listed)")
                #expect(listed.hasRow(tag, digest, "analyzed"), "\(listed)")
                let full = try await drydock("image", "list", "--full", "--show-all")
                #expect(full.hasRow(tag, digest, "analyzed", image.manifest.config.digest.encoded), "\(full)")

                let types = try await drydock("image", "content", tag)
                #expect(types.status == 0, "\(types)")
                #expect(types.lines.contains("os: available") && types.lines.contains("files: available"), "\(types)")
                let packages = try await drydock("image", "content", tag, "os")
                #expect(packages.status == 0, "\(packages)")
                #expect(packages.lines.first?.hasPrefix("Package ") == true, "\(packages)")
                #expect(packages.hasRow("busybox", "1.36.1-r15", "GPL-2.0-only"), "\(packages)")
                #expect(packages.hasRow("musl", "1.2.4-r2", "MIT"), "\(packages)")
                let files = try await drydock("image", "content", tag, "files")
                #expect(files.status == 0, "\(files)")
                #expect(files.hasRow("/bin/busybox", "4096"), "\(files)")
                #expect(files.hasRow("/etc/os-release", "\(alpineOSRelease.utf8.count)"), "\(files)")

                let metadataTypes = try await drydock("image", "metadata", tag)
                #expect(metadataTypes.lines.contains("manifest: available"), "\(metadataTypes)")
                let manifest = try await drydock("image", "metadata", tag, "manifest")
                #expect(manifest.status == 0, "\(manifest)")
                #expect(manifest.lines.contains("Image Digest: \(digest)"), "\(manifest)")
                #expect(manifest.lines.contains("Metadata Type: manifest"), "\(manifest)")
                #expect(manifest.output.contains(image.manifest.config.digest.description), "\(manifest)")

                let subscriptions = try await drydock("subscription", "list")
                #expect(subscriptions.status == 0, "\(subscriptions)")
                #expect(subscriptions.hasRow(tag, "tag_update", "True"), "\(subscriptions)")
                #expect(subscriptions.hasRow(tag, "analysis_update", "True"), "\(subscriptions)")
                #expect(subscriptions.hasRow(tag, "vuln_update", "False"), "\(subscriptions)")
                #expect(subscriptions.hasRow(tag, "policy_eval", "False"), "\(subscriptions)")
                let activated = try await drydock("subscription", "activate", "vuln_update", tag)
                #expect(activated.status == 0 && activated.output == "Success\n", "\(activated)")
                let deactivated = try await drydock("subscription", "deactivate", "tag_update", tag)
                #expect(deactivated.status == 0 && deactivated.output == "Success\n", "\(deactivated)")
                let after = try await drydock("subscription", "list", "--full")
                #expect(after.lines.contains { $0.split(separator: " ").starts(with: [Substring(tag), "vuln_update", "True"]) }, "\(after)")
                #expect(after.lines.contains { $0.split(separator: " ").starts(with: [Substring(tag), "tag_update", "False"]) }, "\(after)")
                let missing = try await drydock("subscription", "activate", "tag_update", "docker.io/nothere:1")
                #expect(missing.status == 2, "\(missing)")
                #expect(missing.output.hasPrefix("Error: cannot locate subscription record"), "\(missing)")

                let status = try await drydock("system", "status")
                #expect(status.status == 0, "\(status)")
                for service in ["catalog", "apiext", "policy_engine", "simplequeue", "analyzer"] {
                    #expect(status.lines.contains { $0.hasPrefix("Service \(service) (") && $0.hasSuffix("): up") }, "\(status)")
                }
                #expect(status.lines.contains { $0.hasPrefix("Engine Code Version: ") }, "\(status)")
                let ready = try await drydock("system", "wait", "--timeout", "30", "--interval", "0.5", "--feedsready", "")
                #expect(ready.status == 0, "\(ready)")
                #expect(ready.errors.contains("Service availability: Success."), "\(ready)")

                let unknown = try await drydock("image", "get", "\(registry.host)/client/nothere:1")
                #expect(unknown.status == 1, "\(unknown)")
                #expect(unknown.lines.first?.hasPrefix("Error: ") == true, "\(unknown)")
                #expect(unknown.lines.contains("HTTP Code: 404"), "\(unknown)")
                let unknownWait = try await drydock("image", "wait", "\(registry.host)/client/nothere:1", "--timeout", "-1", "--interval", "0.1")
                #expect(unknownWait.status == 2, "\(unknownWait)")
                #expect(unknownWait.output == "Error: Requested image not found in system\n\n", "\(unknownWait)")
                let unknownContent = try await drydock("image", "content", "\(registry.host)/client/nothere:1", "os")
                #expect(unknownContent.status == 1, "\(unknownContent)")
                #expect(unknownContent.output == "Error: cannot use input image string (no discovered imageDigest)\n\n")

                let refused = try await drydock("image", "del", tag)
                #expect(refused.status == 1, "\(refused)")
                #expect(
                    refused.output == "Error: cannot delete image that is the latest of its tags, and has active subscription\n\n",
                    "\(refused)")
                let deleted = try await drydock("image", "del", tag, "--force")
                #expect(deleted.status == 0 && deleted.output == "Success\n", "\(deleted)")

                let json = try await drydock("image", "list", "--json")
                #expect(json.status == 0, "\(json)")
                #expect(json.output.hasPrefix("["), "\(json)")
            }
        }
    }

    @Test func credentialsComeFromFlagsOrEnvironmentAndBadOnesExitTwo() async throws {
        let binary = try DrydockServer.executable()
        let home = try scratchHome()
        defer { try? FileManager.default.removeItem(at: home) }
        try await DrydockServer.withServer { server in
            let base = ["HOME": home.path, "PATH": "/usr/bin:/bin"]
            let wrong = try await runTool(
                binary, ["image", "list", "--url", server.url, "--u", "admin", "--p", "wrong"], environment: base)
            #expect(wrong.status == 2, "\(wrong)")
            let fromDrydockEnv = try await runTool(
                binary, ["system", "status"],
                environment: base.merging(["DRYDOCK_URL": server.url, "DRYDOCK_USER": "admin", "DRYDOCK_PASS": server.password]) { $1 })
            #expect(fromDrydockEnv.status == 0, "\(fromDrydockEnv)")
            let fromAnchoreEnv = try await runTool(
                binary, ["subscription", "list"],
                environment: base.merging(["ANCHORE_CLI_URL": server.url, "ANCHORE_CLI_USER": "admin", "ANCHORE_CLI_PASS": server.password]) { $1 })
            #expect(fromAnchoreEnv.status == 0, "\(fromAnchoreEnv)")
            let unreachable = try await runTool(
                binary, ["image", "list", "--url", "http://127.0.0.1:1/v1", "--u", "admin", "--p", "x"], environment: base)
            #expect(unreachable.status == 2)
            #expect(unreachable.output == "Error: could not access anchore service (user=admin url=http://127.0.0.1:1/v1)\n\n")
        }
    }
}
