import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OCI
import Registry
import TestSupport
import Testing

/// The built `drydock` executable, run as a user would run it.
private func drydockBinary() throws -> URL {
    var directory = URL(fileURLWithPath: #filePath)
    while directory.path != "/" {
        directory.deleteLastPathComponent()
        let candidate = directory.appendingPathComponent(".build/debug/drydock")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw CommandLineTestError("the drydock executable is not built: run `make test` (swift build --build-tests)")
}

struct CommandLineTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Starts drydock with arguments, standard output and error on pipes. `closingStandardOutput` closes the read end
/// of the output first, so nobody reads it (like `| head` after it has read enough).
private func start(_ arguments: [String], closingStandardOutput: Bool = false) throws -> (Process, out: Pipe, err: Pipe) {
    let process = Process()
    process.executableURL = try drydockBinary()
    process.arguments = arguments
    process.environment = ["HOME": FileManager.default.temporaryDirectory.path, "PATH": "/usr/bin:/bin"]
    process.standardInput = FileHandle.nullDevice
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    if closingStandardOutput { try out.fileHandleForReading.close() }
    try process.run()
    return (process, out, err)
}

/// Waits for a process at most `timeout`, then stops it.
private func finish(_ process: Process, timeout: Duration) async throws {
    let deadline = ContinuousClock.now + timeout
    while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
}

/// Runs drydock with arguments; returns exit status, stdout and stderr. Bounded by `timeout`.
private func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> (Int32, String, String) {
    let (process, out, err) = try start(arguments)
    try await finish(process, timeout: timeout)
    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (process.terminationStatus, stdout, stderr)
}

/// Runs drydock with its standard output a pipe nobody reads; returns how it ended and its stderr.
private func runWithClosedStandardOutput(_ arguments: [String]) async throws -> (Process.TerminationReason, Int32, String) {
    let (process, _, err) = try start(arguments, closingStandardOutput: true)
    try await finish(process, timeout: .seconds(60))
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (process.terminationReason, process.terminationStatus, stderr)
}

@Suite(.serialized) struct CommandLineTests {
    @Test func inspectPrintsManifestPlatformLayersAndConfig() async throws {
        try await RegistryServer.withRegistry { server in
            let layer = try ImageBuilder.layer([.text("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n")])
            let image = try ImageBuilder.image([layer], run: .init(env: ["A=1"], entrypoint: ["/bin/app"]))
            let reference = try Reference(parsing: "\(server.host)/cli/app:2")
            try await RegistryClient.withClient { try await ImagePusher(client: $0).push(image, to: reference) }

            let (status, output, errors) = try await run(["inspect", reference.description])
            #expect(status == 0, "stderr: \(errors)")
            #expect(output.contains("Manifest Digest: \(image.digest)"))
            #expect(output.contains("Platform: linux/amd64"))
            #expect(output.contains("Image ID: \(image.manifest.config.digest)"))
            #expect(output.contains("Entrypoint: /bin/app"))
            #expect(output.contains("Layer: \(layer.descriptor.digest) \(layer.descriptor.size) \(MediaType.ociLayerGzip) diff_id=\(layer.diffID)"))

            let (jsonStatus, json, _) = try await run(["inspect", "--json", reference.description])
            #expect(jsonStatus == 0)
            #expect(json.contains("\"manifestDigest\" : \"\(image.digest)\""))

            let (badStatus, _, badErrors) = try await run(["inspect", "Not A Reference"])
            #expect(badStatus != 0)
            #expect(badErrors.contains("invalid image reference"))

            let (missingStatus, _, missingErrors) = try await run(["inspect", reference.withTag("nope").description])
            #expect(missingStatus != 0)
            #expect(missingErrors.contains("not found"))
        }
    }

    @Test func serveAnswersHealthAndStopsOnSIGTERM() async throws {
        let port = try FreePort.next()
        let process = Process()
        process.executableURL = try drydockBinary()
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "\(port)"]
        // The default feeds are upstream HTTPS sources; tests stay on loopback.
        process.environment = ProcessInfo.processInfo.environment.merging(["DRYDOCK_FEEDS": "none"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.interrupt(); process.terminate() } }
        var healthy = false
        for _ in 0..<1200 where !healthy {  // up to 60 s on a loaded machine
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health")!),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                healthy = true
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(healthy)
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/version")!)
        #expect(String(decoding: data, as: UTF8.self).contains("\"version\""))
        process.terminate()  // SIGTERM: graceful shutdown
        for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning)
    }
}

/// The repository root (for scripts and the shared fixtures beside it).
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite(.serialized) struct ScanCommandTests {
    /// A Debian image from the real bookworm minbase files plus a Python package.
    private func pushDebianImage(to server: RegistryServer) async throws -> Reference {
        let fixture = repositoryRoot.deletingLastPathComponent().appendingPathComponent(
            "shared/vulndata/debian-bookworm-minbase-debootstrap")
        let nodes: [TreeNode] = try ["etc/os-release", "etc/debian_version", "var/lib/dpkg/status"].map {
            .file($0, [UInt8](try Data(contentsOf: fixture.appendingPathComponent($0))))
        }
        let base = try ImageBuilder.layer(nodes)
        let app = try ImageBuilder.layer([
            .text("usr/lib/python3/dist-packages/Jinja2-3.1.2.dist-info/METADATA",
                  "Metadata-Version: 2.1\nName: Jinja2\nVersion: 3.1.2\nLicense: BSD-3-Clause\n\n")
        ])
        let image = try ImageBuilder.image([base, app])
        let reference = try Reference(parsing: "\(server.host)/scan/debian:12")
        try await RegistryClient.withClient { try await ImagePusher(client: $0).push(image, to: reference) }
        return reference
    }

    /// `scan --policy`: a CI gate with no service; the exit status is the verdict.
    @Test func scanEvaluatesAPolicyBundleAndExitsOneOnStop() async throws {
        try await RegistryServer.withRegistry { server in
            let reference = try await pushDebianImage(to: server)
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-scan-policy-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            func bundle(_ name: String, _ rules: String) throws -> String {
                let path = scratch.appendingPathComponent(name).path
                try Data("""
                    {"id": "\(name)", "version": "1_0", "name": "\(name)",
                     "policies": [{"id": "p", "version": "1_0", "rules": [\(rules)]}],
                     "mappings": [{"name": "all", "registry": "*", "repository": "*", "image": {"type": "tag", "value": "*"}, "policy_ids": ["p"], "whitelist_ids": []}]}
                    """.utf8).write(to: URL(fileURLWithPath: path))
                return path
            }
            let deny = try bundle("deny", #"{"gate": "packages", "trigger": "blacklist", "action": "STOP", "params": [{"name": "name", "value": "bash"}]}, {"gate": "dockerfile", "trigger": "instruction", "action": "WARN", "params": [{"name": "instruction", "value": "HEALTHCHECK"}, {"name": "check", "value": "not_exists"}]}"#)
            let warn = try bundle("warn", #"{"gate": "metadata", "trigger": "attribute", "action": "WARN", "params": [{"name": "attribute", "value": "distro"}, {"name": "check", "value": "="}, {"name": "value", "value": "debian"}]}"#)
            let bad = try bundle("bad", #"{"gate": "packages", "trigger": "blacklist", "action": "STOP", "params": []}"#)
            let common = ["scan", reference.description, "--no-cache", "--no-vulns", "-q"]

            let (stopped, table, _) = try await run(common + ["--policy", deny])
            #expect(stopped == 1, "\(table)")
            #expect(table.contains("Policy: deny (deny)  Final action: STOP (policy_evaluation)"), "\(table)")
            #expect(table.split(separator: "\n").contains { $0.hasPrefix("packages") && $0.contains("STOP") && $0.hasSuffix("Package is blacklisted: bash") }, "\(table)")
            #expect(table.contains("bash"), "the package table still comes first")

            let (warned, warnTable, _) = try await run(common + ["--policy", warn])
            #expect(warned == 0, "\(warnTable)")
            #expect(warnTable.contains("Final action: WARN"), "\(warnTable)")

            // With JSON output the SBOM stays alone on stdout; the verdict goes to stderr.
            let (jsonStatus, json, verdict) = try await run(common + ["--policy", deny, "-o", "json"])
            #expect(jsonStatus == 1)
            #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "stdout is the native JSON alone")
            #expect(verdict.contains("Final action: STOP"), "\(verdict)")

            let (refused, _, problem) = try await run(common + ["--policy", bad])
            #expect(refused == 2)
            #expect(problem.contains("RequiredParameterNotSetError"), "\(problem)")
            let (missing, _, noFile) = try await run(common + ["--policy", scratch.appendingPathComponent("none.json").path])
            #expect(missing == 2 && noFile.contains("cannot read the policy bundle"), "\(noFile)")
        }
    }

    @Test func scanPrintsPackagesAndWritesValidSBOMs() async throws {
        try await RegistryServer.withRegistry { server in
            let reference = try await pushDebianImage(to: server)
            let cache = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-scan-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: cache) }

            let (status, table, errors) = try await run(["scan", reference.description, "--cache-dir", cache.path])
            #expect(status == 0, "stderr: \(errors)")
            #expect(table.contains("Distro: Debian GNU/Linux 12 (bookworm) (debian:12)"))
            #expect(table.contains("jinja2"))
            #expect(table.split(separator: "\n").filter { $0.hasSuffix(" deb") }.count == 88)

            let (jsonStatus, json, _) = try await run(["scan", reference.description, "-o", "json", "--cache-dir", cache.path])
            #expect(jsonStatus == 0)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let packages = try #require(document["packages"] as? [[String: Any]])
            #expect(packages.count == 89)

            // That scan kept its rendering of the files section in the cache; later ones copy it out. Same bytes
            // (analyzedAt aside), and the same as a scan without the cache.
            func withoutTime(_ text: String) -> String {
                text.split(separator: "\n").filter { !$0.contains("\"analyzedAt\"") }.joined(separator: "\n")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).contains { $0.hasSuffix(".files") })
            let (againStatus, again, _) = try await run(["scan", reference.description, "-o", "json", "--cache-dir", cache.path])
            #expect(againStatus == 0)
            #expect(withoutTime(again) == withoutTime(json))
            // A damaged copy is not used: the section is rendered again, and kept again.
            let kept = try #require(try FileManager.default.contentsOfDirectory(atPath: cache.path).first { $0.hasSuffix(".files") })
            let keptURL = cache.appendingPathComponent(kept)
            var damaged = try Data(contentsOf: keptURL)
            damaged[damaged.count - 10] ^= 0x20
            try damaged.write(to: keptURL)
            let (repairedStatus, repaired, _) = try await run(["scan", reference.description, "-o", "json", "--cache-dir", cache.path])
            #expect(repairedStatus == 0)
            #expect(withoutTime(repaired) == withoutTime(json))
            #expect(try Data(contentsOf: keptURL) != damaged)
            let (uncachedStatus, uncached, _) = try await run(["scan", reference.description, "-o", "json", "--no-cache"])
            #expect(uncachedStatus == 0)
            #expect(withoutTime(uncached) == withoutTime(json))

            // The same document streamed into a file; and a reader that goes away ends the scan quietly.
            let jsonFile = cache.appendingPathComponent("scan.json")
            let (fileStatus, fileOut, _) = try await run(
                ["scan", reference.description, "-o", "json", "--file", jsonFile.path, "--cache-dir", cache.path])
            #expect(fileStatus == 0 && fileOut.isEmpty)
            var fromFile = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: jsonFile)) as? [String: Any])
            var fromStdout = document
            fromFile["analyzedAt"] = nil
            fromStdout["analyzedAt"] = nil
            #expect(NSDictionary(dictionary: fromFile) == NSDictionary(dictionary: fromStdout))
            #expect(withoutTime(try String(contentsOf: jsonFile, encoding: .utf8)) == withoutTime(json))
            let (closedReason, closedStatus, closedErrors) = try await runWithClosedStandardOutput(
                ["scan", reference.description, "-o", "json", "--cache-dir", cache.path])
            #expect(
                (closedReason == .exit && closedStatus == 141) || (closedReason == .uncaughtSignal && closedStatus == SIGPIPE),
                "\(closedReason) \(closedStatus): \(closedErrors)")
            #expect(!closedErrors.contains("Fatal error"))

            // Both standard SBOMs pass the official validators (the venv make test creates).
            let python = ProcessInfo.processInfo.environment["DRYDOCK_SBOM_VALIDATOR"]
                ?? repositoryRoot.appendingPathComponent(".build/venv-tools/bin/python").path
            try #require(FileManager.default.isExecutableFile(atPath: python), "no SBOM validator: run make test")
            for format in ["cyclonedx-json", "spdx-json"] {
                let file = cache.appendingPathComponent("sbom-\(format).json")
                let (sbomStatus, _, sbomErrors) = try await run(
                    ["scan", reference.description, "-o", format, "--file", file.path, "--cache-dir", cache.path])
                #expect(sbomStatus == 0, "stderr: \(sbomErrors)")
                let validator = Process()
                validator.executableURL = URL(fileURLWithPath: python)
                validator.arguments = [repositoryRoot.appendingPathComponent("scripts/sbom-validate/validate.py").path, file.path]
                let pipe = Pipe()
                validator.standardOutput = pipe
                validator.standardError = pipe
                try validator.run()
                let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                validator.waitUntilExit()
                #expect(validator.terminationStatus == 0, "\(format): \(output)")
            }

            let (badStatus, _, badErrors) = try await run(["scan", "\(server.host)/scan/missing:1", "--no-cache"])
            #expect(badStatus != 0)
            #expect(badErrors.contains("cannot analyze"))
        }
    }
}
