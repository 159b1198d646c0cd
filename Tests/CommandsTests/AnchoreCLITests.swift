import Foundation
import OCI
import Registry
import TestSupport
import Testing

/// The compatibility tier: the real anchore-cli 0.9.3 (from `scripts/anchorecli-venv.sh`, path in
/// `DRYDOCK_ANCHORE_CLI`, which `make test` sets) against a live `drydock serve` analyzing images
/// from a real local registry. These fail, not skip, when the CLI is missing.
@Suite(.serialized) struct AnchoreCLITests {
    /// Runs anchore-cli with `--url/--u/--p` (and `--json` when asked) before the command, HOME empty.
    private struct CLI {
        let executable: URL
        let server: DrydockServer
        let home: URL

        func callAsFunction(_ arguments: String..., json: Bool = false, password: String? = nil) async throws -> ToolResult {
            var global = ["--url", server.url, "--u", server.user, "--p", password ?? server.password]
            if json { global.append("--json") }
            return try await runTool(
                executable, global + arguments,
                environment: ["HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"])
        }
    }

    private func withStack(_ body: (CLI, RegistryServer) async throws -> Void) async throws {
        let executable = try anchoreCLIExecutable()
        let home = try scratchHome()
        defer { try? FileManager.default.removeItem(at: home) }
        try await RegistryServer.withRegistry { registry in
            try await DrydockServer.withServer { server in
                try await body(CLI(executable: executable, server: server, home: home), registry)
            }
        }
    }

    @Test func imageCommands() async throws {
        try await withStack { cli, registry in
            let (reference, image) = try await pushAlpineImage(to: registry)
            let tag = reference.description
            let digest = image.digest.description
            let imageID = image.manifest.config.digest.encoded

            let added = try await cli("image", "add", tag)
            #expect(added.status == 0, "\(added)")
            #expect(added.lines.first == "Image Digest: \(digest)", "\(added)")
            #expect(added.lines.contains("Full Tag: \(tag)"), "\(added)")
            #expect(!added.output.contains("WARNING"), "\(added)")

            let waited = try await cli("image", "wait", tag, "--timeout", "120", "--interval", "1")
            #expect(waited.status == 0, "\(waited)")
            #expect(waited.lines.contains("Analysis Status: analyzed"), "\(waited)")

            for input in [tag, digest, imageID] {
                let got = try await cli("image", "get", input)
                #expect(got.status == 0, "\(input): \(got)")
                #expect(!got.output.contains("WARNING"), "\(got)")
                for line in [
                    "Image Digest: \(digest)", "Analysis Status: analyzed", "Image Type: docker", "Image ID: \(imageID)",
                    "Distro: alpine", "Distro Version: 3.19.1", "Architecture: amd64", "Layer Count: 2", "Full Tag: \(tag)",
                ] {
                    #expect(got.lines.contains(line), "image get \(input) lacks \(line): \(got)")
                }
            }
            let history = try await cli("image", "get", tag, "--show-history")
            #expect(history.status == 0 && history.lines.contains("Image Digest: \(digest)"), "\(history)")
            let json = try await cli("image", "get", tag, json: true)
            #expect(json.status == 0, "\(json)")
            let records = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]]
            #expect(records?.first?["imageDigest"] as? String == digest, "\(json)")

            let listed = try await cli("image", "list")
            #expect(listed.status == 0, "\(listed)")
            #expect(listed.hasRow("Full Tag", "Image Digest", "Analysis Status"), "\(listed)")
            #expect(listed.hasRow(tag, digest, "analyzed"), "\(listed)")
            let full = try await cli("image", "list", "--full", "--show-all")
            #expect(full.hasRow(tag, digest, "analyzed", imageID), "\(full)")

            let types = try await cli("image", "content", tag)
            #expect(types.status == 0, "\(types)")
            #expect(types.lines.contains("os: available") && types.lines.contains("files: available") && types.lines.contains("malware: available"), "\(types)")
            // No malware scanner: an empty list (its note says nothing was scanned).
            let malware = try await cli("image", "content", tag, "malware", json: true)
            #expect(malware.status == 0 && malware.output.contains("\"content\": []") && malware.output.contains("Drydock does not scan for malware"), "\(malware)")
            let packages = try await cli("image", "content", tag, "os")
            #expect(packages.status == 0, "\(packages)")
            #expect(packages.hasRow("Package", "Version", "Licenses"), "\(packages)")
            #expect(packages.hasRow("busybox", "1.36.1-r15", "GPL-2.0-only"), "\(packages)")
            #expect(packages.hasRow("musl", "1.2.4-r2", "MIT"), "\(packages)")
            let files = try await cli("image", "content", digest, "files")
            #expect(files.status == 0, "\(files)")
            #expect(files.hasRow("Filename", "Size"), "\(files)")
            #expect(files.hasRow("/bin/busybox", "4096"), "\(files)")

            let metadataTypes = try await cli("image", "metadata", tag)
            #expect(metadataTypes.status == 0, "\(metadataTypes)")
            for type in ["manifest", "docker_history", "dockerfile"] {
                #expect(metadataTypes.lines.contains("\(type): available"), "\(metadataTypes)")
            }
            let manifest = try await cli("image", "metadata", tag, "manifest")
            #expect(manifest.status == 0, "\(manifest)")
            #expect(manifest.lines.contains("Image Digest: \(digest)"), "\(manifest)")
            #expect(manifest.lines.contains("Metadata Type: manifest"), "\(manifest)")
            #expect(manifest.output.contains(image.manifest.config.digest.description), "\(manifest)")

            // An image ID (the config digest's hex) works wherever anchore-cli takes an image: it looks it up as
            // `GET /images?fulltag=<id>`, as Anchore resolves it.
            let byID = try await cli("image", "content", imageID, "os")
            #expect(byID.status == 0 && byID.output == packages.output, "\(byID)")
            let metadataByID = try await cli("image", "metadata", imageID, "manifest")
            #expect(metadataByID.status == 0 && metadataByID.output == manifest.output, "\(metadataByID)")
            let vulnByID = try await cli("image", "vuln", imageID, "os")
            let vulnByTag = try await cli("image", "vuln", tag, "os")
            #expect(vulnByID.status == vulnByTag.status && vulnByID.output == vulnByTag.output, "\(vulnByID)\n\(vulnByTag)")
            // `evaluate check` of an image ID needs the tag to evaluate (anchore-cli says so itself without one).
            let evaluated = try await cli("evaluate", "check", imageID, "--tag", tag)
            #expect(evaluated.lines.contains("Image Digest: \(digest)") && evaluated.lines.contains("Full Tag: \(tag)"), "\(evaluated)")
            let untagged = try await cli("evaluate", "check", imageID)
            #expect(untagged.status == 2 && untagged.output.contains("input image name is not a tag, and no --tag is specified"), "\(untagged)")
            let unknownID = try await cli("image", "content", String(repeating: "ab", count: 32), "os")
            #expect(unknownID.status == 1, "\(unknownID)")

            let unknown = try await cli("image", "get", "\(registry.host)/client/nothere:1")
            #expect(unknown.status == 1, "\(unknown)")
            #expect(unknown.lines.contains("HTTP Code: 404"), "\(unknown)")
            let unknownContent = try await cli("image", "content", "\(registry.host)/client/nothere:1", "os")
            #expect(unknownContent.status == 1, "\(unknownContent)")
            let badPassword = try await cli("image", "list", password: "wrong")
            #expect(badPassword.status == 2, "\(badPassword)")

            let refused = try await cli("image", "del", tag)
            #expect(refused.status == 1, "\(refused)")
            #expect(
                refused.output == "Error: cannot delete image that is the latest of its tags, and has active subscription\n\n",
                "\(refused)")
            let deleted = try await cli("image", "del", tag, "--force")
            #expect(deleted.status == 0 && deleted.output == "Success\n", "\(deleted)")
        }
    }

    @Test func imageAddOptions() async throws {
        try await withStack { cli, registry in
            let (reference, _) = try await pushAlpineImage(to: registry, repository: "client/options", tag: "1")
            let dockerfile = cli.home.appendingPathComponent("Dockerfile")
            try Data("FROM alpine:3.19\nCOPY hello.txt /app/\n".utf8).write(to: dockerfile)
            let added = try await cli(
                "image", "add", reference.description, "--dockerfile", dockerfile.path, "--annotation", "team=drydock",
                "--annotation", "tier=a=b", "--noautosubscribe")
            #expect(added.status == 0, "\(added)")
            #expect(added.lines.contains("Annotations: team=drydock, tier=a=b"), "\(added)")
            let waited = try await cli("image", "wait", reference.description, "--timeout", "120", "--interval", "1")
            #expect(waited.status == 0, "\(waited)")
            #expect(waited.lines.contains("Dockerfile Mode: Actual"), "\(waited)")
            let dockerfileContent = try await cli("image", "content", reference.description, "dockerfile")
            #expect(dockerfileContent.status == 0, "\(dockerfileContent)")
            #expect(dockerfileContent.output == "FROM alpine:3.19\nCOPY hello.txt /app/\n\n", "\(dockerfileContent)")
            let subscriptions = try await cli("subscription", "list")
            #expect(subscriptions.hasRow(reference.description, "tag_update", "False"), "--noautosubscribe: \(subscriptions)")
            #expect(subscriptions.hasRow(reference.description, "analysis_update", "True"), "\(subscriptions)")
            let forced = try await cli("image", "add", reference.description, "--force")
            #expect(forced.status == 0, "\(forced)")
            let notATag = try await cli("image", "add", "sha256:" + String(repeating: "ab", count: 32))
            #expect(notATag.status == 2 && notATag.output == "Error: can only add a tag\n\n", "\(notATag)")
        }
    }

    @Test func subscriptionCommands() async throws {
        try await withStack { cli, registry in
            let (reference, _) = try await pushAlpineImage(to: registry, repository: "client/subs", tag: "1")
            let tag = reference.description
            let added = try await cli("image", "add", tag)
            #expect(added.status == 0, "\(added)")

            let listed = try await cli("subscription", "list")
            #expect(listed.status == 0, "\(listed)")
            #expect(listed.hasRow("Tag", "Subscription Type", "Active"), "\(listed)")
            for (type, active) in [("tag_update", "True"), ("analysis_update", "True"), ("vuln_update", "False"), ("policy_eval", "False")] {
                #expect(listed.hasRow(tag, type, active), "\(type): \(listed)")
            }
            let activated = try await cli("subscription", "activate", "policy_eval", tag)
            #expect(activated.status == 0 && activated.output == "Success\n", "\(activated)")
            let deactivated = try await cli("subscription", "deactivate", "analysis_update", tag)
            #expect(deactivated.status == 0 && deactivated.output == "Success\n", "\(deactivated)")
            let full = try await cli("subscription", "list", "--full")
            #expect(full.hasRow("Tag", "Subscription Type", "Active", "Subscription ID"), "\(full)")
            #expect(full.lines.contains { $0.split(separator: " ").starts(with: [Substring(tag), "policy_eval", "True"]) }, "\(full)")
            #expect(full.lines.contains { $0.split(separator: " ").starts(with: [Substring(tag), "analysis_update", "False"]) }, "\(full)")
            let missing = try await cli("subscription", "activate", "tag_update", "docker.io/nothere:1")
            #expect(missing.status == 2, "\(missing)")
            #expect(missing.output.hasPrefix("Error: cannot locate subscription record"), "\(missing)")
        }
    }

    @Test func systemCommands() async throws {
        try await withStack { cli, _ in
            let status = try await cli("system", "status")
            #expect(status.status == 0, "\(status)")
            for service in ["catalog", "apiext", "policy_engine", "simplequeue", "analyzer"] {
                #expect(status.lines.contains { $0.hasPrefix("Service \(service) (") && $0.hasSuffix("): up") }, "\(status)")
            }
            #expect(status.lines.contains { $0.hasPrefix("Engine DB Version: ") && !$0.hasSuffix("Not Found") }, "\(status)")
            #expect(status.lines.contains { $0.hasPrefix("Engine Code Version: ") && !$0.hasSuffix("Not Found") }, "\(status)")

            let services = try await cli(
                "system", "wait", "--timeout", "60", "--interval", "1", "--feedsready", "",
                "--servicesready", "catalog,apiext,policy_engine,simplequeue,analyzer")
            #expect(services.status == 0, "\(services)")
            #expect(services.errors.contains("Service availability: Success."), "\(services)")
        }
    }

    /// The drydock client and anchore-cli print the same bytes for the same live answers.
    @Test func drydockClientPrintsWhatAnchoreCLIPrints() async throws {
        let drydock = try DrydockServer.executable()
        try await withStack { cli, registry in
            let (reference, image) = try await pushAlpineImage(to: registry, repository: "client/same", tag: "1")
            let tag = reference.description
            #expect(try await cli("image", "add", tag).status == 0)
            #expect(try await cli("image", "wait", tag, "--timeout", "120", "--interval", "1").status == 0)
            let commands: [[String]] = [
                ["image", "get", tag], ["image", "get", image.digest.description], ["image", "list"], ["image", "list", "--full"],
                ["image", "content", tag], ["image", "content", tag, "os"], ["image", "content", tag, "files"], ["image", "content", tag, "malware"],
                ["image", "metadata", tag], ["image", "metadata", tag, "manifest"], ["subscription", "list", "--full"],
                ["system", "status"], ["image", "get", "\(registry.host)/client/nothere:1"],
                ["system", "errorcodes"], ["system", "del", "nosuch-host", "analyzer"], ["system", "webhook", "test"],
                ["system", "webhook", "test", "tag_update", "--ntype", "analysis_update"],
                // By image ID.
                ["image", "content", image.manifest.config.digest.encoded, "os"], ["image", "metadata", image.manifest.config.digest.encoded, "manifest"],
                // Deleting: no input, and every image (refused: the latest of a subscribed tag).
                ["image", "del"], ["image", "del", "--all"],
            ]
            for command in commands {
                let theirs = try await runTool(
                    cli.executable, ["--url", cli.server.url, "--u", "admin", "--p", cli.server.password] + command,
                    environment: ["HOME": cli.home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"])
                let ours = try await runTool(
                    drydock, command + ["--url", cli.server.url, "--u", "admin", "--p", cli.server.password],
                    environment: ["HOME": cli.home.path, "PATH": "/usr/bin:/bin"])
                #expect(ours.status == theirs.status, "\(command): anchore-cli \(theirs) drydock \(ours)")
                #expect(ours.output == theirs.output, "\(command): anchore-cli \(theirs) drydock \(ours)")
            }
            // Forced, every image goes, each printed as anchore-cli prints it (its tags, `registry/repo:tag`).
            let connection = ["--url", cli.server.url, "--u", "admin", "--p", cli.server.password]
            let deletedAll = try await runTool(drydock, ["image", "del", "--all", "--force"] + connection, environment: ["HOME": cli.home.path, "PATH": "/usr/bin:/bin"])
            #expect(deletedAll.status == 0 && deletedAll.output == "\(tag)\n", "\(deletedAll)")
            let left = try await runTool(drydock, ["image", "list", "--show-all"] + connection, environment: ["HOME": cli.home.path, "PATH": "/usr/bin:/bin"])
            #expect(left.status == 0 && !left.output.contains(tag), "\(left)")
            // anchore-cli's own command line, options first, works with drydock as it is.
            let line = ["--url", cli.server.url, "--u", "admin", "--p", cli.server.password, "--json", "system", "status"]
            let theirs = try await runTool(cli.executable, line, environment: ["HOME": cli.home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"])
            let ours = try await runTool(drydock, line, environment: ["HOME": cli.home.path, "PATH": "/usr/bin:/bin"])
            #expect(ours.status == 0 && ours.output == theirs.output, "anchore-cli \(theirs) drydock \(ours)")
            // Or with no options at all: anchore-cli's credentials file (its `default` profile) says where and who.
            let anchoreDirectory = cli.home.appending(path: ".anchore")
            try FileManager.default.createDirectory(at: anchoreDirectory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: anchoreDirectory) }
            try """
                default:
                  ANCHORE_CLI_URL: '\(cli.server.url)'
                  ANCHORE_CLI_USER: 'admin'
                  ANCHORE_CLI_PASS: '\(cli.server.password)'
                """.write(to: anchoreDirectory.appending(path: "credentials.yaml"), atomically: true, encoding: .utf8)
            let fromFile = try await runTool(drydock, ["image", "list"], environment: ["HOME": cli.home.path, "PATH": "/usr/bin:/bin"])
            let fromFileCLI = try await runTool(cli.executable, ["image", "list"], environment: ["HOME": cli.home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"])
            #expect(fromFile.status == 0 && fromFile.output == fromFileCLI.output, "anchore-cli \(fromFileCLI) drydock \(fromFile)")
        }
    }
}
