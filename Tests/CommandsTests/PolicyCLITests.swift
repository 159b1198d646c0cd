import Foundation
import OCI
import Registry
import TestSupport
import Testing

/// `policy` and `evaluate` through the real anchore-cli 0.9.3 and through `drydock`, against one live
/// `drydock serve` analyzing an image from a real registry: each command's exit status and output must be the
/// same from both clients.
@Suite(.serialized) struct PolicyCLITests {
    /// A bundle that stops images carrying busybox, and warns on everything.
    static let denyBusybox = """
        {"id": "deny-busybox", "version": "1_0", "name": "No busybox", "comment": "test bundle",
         "policies": [{"id": "p-busybox", "name": "busybox", "version": "1_0", "rules": [
            {"id": "r1", "gate": "packages", "trigger": "blacklist", "action": "STOP", "params": [{"name": "name", "value": "busybox"}]},
            {"id": "r2", "gate": "always", "trigger": "always", "action": "WARN", "params": []}]}],
         "whitelists": [{"id": "wl", "name": "Allow always", "version": "1_0", "items": [{"id": "i1", "gate": "always", "trigger_id": "always"}]}],
         "mappings": [{"id": "m1", "name": "all", "registry": "*", "repository": "*", "image": {"type": "tag", "value": "*"},
                       "policy_ids": ["p-busybox"], "whitelist_ids": ["wl"]}],
         "whitelisted_images": [], "blacklisted_images": []}
        """

    @Test func policyAndEvaluateMatchAnchoreCLI() async throws {
        let anchore = try anchoreCLIExecutable()
        let binary = try DrydockServer.executable()
        let home = try scratchHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let bundleFile = home.appendingPathComponent("deny-busybox.json")
        try Data(Self.denyBusybox.utf8).write(to: bundleFile)
        let badFile = home.appendingPathComponent("bad.json")
        try Data(#"{"id": "bad", "version": "1_0", "policies": [{"id": "p", "version": "1_0", "rules": [{"gate": "nosuchgate", "trigger": "x", "action": "STOP", "params": []}]}], "mappings": []}"#.utf8).write(to: badFile)
        try await RegistryServer.withRegistry { registry in
            try await DrydockServer.withServer { server in
                let environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"]
                let global = ["--url", server.url, "--u", server.user, "--p", server.password]
                func cli(_ arguments: String...) async throws -> ToolResult { try await runTool(anchore, global + arguments, environment: environment) }
                func drydock(_ arguments: String...) async throws -> ToolResult {
                    // drydock takes the connection options after the subcommand.
                    try await runTool(binary, arguments + global, environment: environment)
                }
                /// Runs both clients; their exit status and output must agree. Returns anchore-cli's result.
                func both(_ arguments: String...) async throws -> ToolResult {
                    let theirs = try await runTool(anchore, global + arguments, environment: environment)
                    let ours = try await runTool(binary, arguments + global, environment: environment)
                    #expect(ours.status == theirs.status, "\(arguments): anchore-cli \(theirs) drydock \(ours)")
                    #expect(ours.output == theirs.output, "\(arguments): anchore-cli \(theirs) drydock \(ours)")
                    return theirs
                }

                let (reference, image) = try await pushAlpineImage(to: registry, repository: "policy/alpine")
                let tag = reference.description
                let digest = image.digest.description
                #expect(try await cli("image", "add", tag).status == 0)
                #expect(try await cli("image", "wait", tag, "--timeout", "120", "--interval", "1").status == 0)

                // The default bundle, active from the start.
                let listed = try await both("policy", "list")
                #expect(listed.hasRow("Policy ID", "Active", "Created", "Updated"), "\(listed)")
                #expect(listed.lines.contains { $0.hasPrefix("2c53a13c-1765-11e8-82ef-23527761d060") && $0.contains("True") }, "\(listed)")
                let gates = try await both("policy", "describe")
                #expect(gates.status == 0 && gates.output.contains("| vulnerabilities "), "\(gates)")
                let triggers = try await both("policy", "describe", "--gate", "vulnerabilities")
                #expect(triggers.output.contains("| stale_feed_data "), "\(triggers)")
                let params = try await both("policy", "describe", "--gate", "vulnerabilities", "--trigger", "package")
                #expect(params.output.contains("| package_type "), "\(params)")
                _ = try await both("policy", "describe", "--all")

                // The default bundle warns (no HEALTHCHECK, no vulnerability data for the distro): pass, exit 0.
                let passed = try await cli("evaluate", "check", tag)
                #expect(passed.status == 0, "\(passed)")
                #expect(passed.lines.contains("Status: pass"), "\(passed)")
                #expect(passed.lines.contains("Policy ID: 2c53a13c-1765-11e8-82ef-23527761d060"), "\(passed)")
                let ours = try await drydock("evaluate", "check", tag)
                #expect(ours.status == 0 && ours.lines.contains("Status: pass"), "\(ours)")
                let detail = try await cli("evaluate", "check", tag, "--detail")
                #expect(detail.status == 0, "\(detail)")
                #expect(detail.lines.contains("Final Action: warn"), "\(detail)")
                #expect(detail.lines.contains("Final Action Reason: policy_evaluation"), "\(detail)")
                #expect(detail.hasRow("Gate", "Trigger", "Detail", "Status"), "\(detail)")
                #expect(detail.output.contains("Dockerfile directive 'HEALTHCHECK' not found, matching condition 'not_exists' check"), "\(detail)")
                let ourDetail = try await drydock("evaluate", "check", tag, "--detail")
                #expect(ourDetail.status == 0 && ourDetail.lines.contains("Final Action: warn"), "\(ourDetail)")

                // Drydock's preview: what the stricter bundle would do, nothing stored.
                let preview = try await drydock("policy", "add", bundleFile.path, "--preview")
                #expect(preview.status == 0, "\(preview)")
                #expect(preview.lines.contains("Policy ID: deny-busybox") && preview.lines.contains("Fail (stop): 1"), "\(preview)")
                #expect(preview.hasRow(tag, digest, "WARN", "STOP"), "\(preview)")
                #expect(!(try await cli("policy", "list")).output.contains("deny-busybox"), "the preview stored the bundle")

                // A stricter bundle: added, activated, and the same image now fails with exit 1.
                let added = try await cli("policy", "add", bundleFile.path)
                #expect(added.status == 0, "\(added)")
                #expect(added.lines.contains("Policy ID: deny-busybox"), "\(added)")
                #expect(added.lines.contains("Active: False"), "\(added)")
                let again = try await drydock("policy", "add", bundleFile.path)
                #expect(again.status == 0 && again.lines.contains("Policy ID: deny-busybox"), "\(again)")
                let got = try await both("policy", "get", "deny-busybox", "--detail")
                #expect(got.output.contains("\"busybox\""), "\(got)")
                _ = try await both("policy", "get", "deny-busybox")
                let activated = try await cli("policy", "activate", "deny-busybox")
                #expect(activated.status == 0 && activated.output == "Success: deny-busybox activated\n", "\(activated)")
                #expect(try await drydock("policy", "activate", "deny-busybox").output == "Success: deny-busybox activated\n")
                let failed = try await cli("evaluate", "check", tag, "--detail")
                #expect(failed.status == 1, "\(failed)")
                #expect(failed.lines.contains("Status: fail"), "\(failed)")
                #expect(failed.lines.contains("Final Action: stop"), "\(failed)")
                #expect(failed.hasRow("packages", "blacklist", "Package is blacklisted: busybox", "stop"), "\(failed)")
                #expect(failed.hasRow("always", "always", "Unconditional trigger match", "whitelisted(Allow always)"), "\(failed)")
                let ourFailed = try await drydock("evaluate", "check", tag, "--detail")
                #expect(ourFailed.status == 1, "\(ourFailed)")
                #expect(ourFailed.hasRow("packages", "blacklist", "Package is blacklisted: busybox", "stop"), "\(ourFailed)")
                // By digest, with --tag; without a tag it is the client's error (exit 2).
                #expect(try await cli("evaluate", "check", digest, "--tag", tag).status == 1)
                #expect(try await drydock("evaluate", "check", digest, "--tag", tag).status == 1)
                let noTag = try await both("evaluate", "check", digest)
                #expect(noTag.status == 2, "\(noTag)")
                // Every stored outcome of the tag, against both bundles.
                let history = try await cli("evaluate", "check", tag, "--show-history")
                #expect(history.lines.filter { $0.hasPrefix("Status: ") }.count >= 2, "\(history)")
                #expect(history.lines.contains("Status: pass") && history.lines.contains("Status: fail"), "\(history)")

                // The active bundle cannot be deleted; after switching back, it can.
                let refused = try await both("policy", "del", "deny-busybox")
                #expect(refused.status == 1, "\(refused)")
                #expect(refused.output.contains("cannot delete an active policy"), "\(refused)")
                #expect(try await cli("policy", "activate", "2c53a13c-1765-11e8-82ef-23527761d060").status == 0)
                let deleted = try await both("policy", "del", "deny-busybox")
                #expect(deleted.status == 0 && deleted.output == "Success\n", "\(deleted)")
                #expect(!(try await cli("policy", "list")).output.contains("deny-busybox"))
                let missing = try await both("policy", "get", "deny-busybox")
                #expect(missing.status == 1, "\(missing)")

                // A bundle naming an unknown gate is refused, naming the problem; nothing is stored.
                let bad = try await both("policy", "add", badFile.path)
                #expect(bad.status == 1, "\(bad)")
                #expect(bad.output.contains("Bundle failed validation") && bad.output.contains("GateNotFoundError"), "\(bad)")
                #expect(!(try await cli("policy", "list")).output.contains("bad "))
            }
        }
    }
}
