import Foundation
import OCI
import TestSupport
import Testing

/// `event`, `subscription get|del` and `repo` through the `drydock` client, and the same commands through the real
/// anchore-cli 0.9.3 (`DRYDOCK_ANCHORE_CLI`: that test fails, not skips, without it), against a real `drydock serve`
/// analyzing images from a real registry.
@Suite(.serialized) struct EventAndRepoCommandTests {
    /// The drydock client and (when there) anchore-cli against one server, HOME empty.
    private struct Tools {
        let drydockBinary: URL
        let anchoreBinary: URL?
        let server: DrydockServer
        let environment: [String: String]

        var connection: [String] { ["--url", server.url, "--u", server.user, "--p", server.password] }

        func drydock(_ arguments: String...) async throws -> ToolResult {
            try await runTool(drydockBinary, arguments + connection, environment: environment)
        }

        func anchore(_ arguments: String...) async throws -> ToolResult {
            try await runTool(try #require(anchoreBinary), connection + arguments, environment: environment)
        }
    }

    private func withStack(anchoreCLI: Bool, _ body: (Tools, RegistryServer) async throws -> Void) async throws {
        var anchoreBinary: URL?
        if anchoreCLI {
            anchoreBinary = try anchoreCLIExecutable()
        }
        let binary = try DrydockServer.executable()
        let home = try scratchHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"]
        try await RegistryServer.withRegistry { registry in
            try await DrydockServer.withServer { server in
                try await body(
                    Tools(drydockBinary: binary, anchoreBinary: anchoreBinary, server: server, environment: environment), registry)
            }
        }
    }

    /// Adds the image and waits for its analysis; returns the tag.
    private func analyzedImage(_ tools: Tools, _ registry: RegistryServer) async throws -> String {
        let (reference, _) = try await pushAlpineImage(to: registry)
        let tag = reference.description
        let added = try await tools.drydock("image", "add", tag)
        try #require(added.status == 0, "\(added)")
        let waited = try await tools.drydock("image", "wait", tag, "--timeout", "120", "--interval", "0.5")
        try #require(waited.status == 0, "\(waited)")
        return tag
    }

    /// The `ID` column of the `event list` row of `type` for `resource`.
    private func eventID(_ listed: ToolResult, type: String, resource: String) -> String? {
        listed.lines.lazy.map { $0.split(separator: " ").map(String.init) }
            .first { $0.count == 5 && $0[2] == type && $0[3] == resource }?.last
    }

    /// The `Subscription ID` of `subscription list --full`'s row for (`key`, `type`).
    private func subscriptionID(_ listed: ToolResult, key: String, type: String) -> String? {
        listed.lines.lazy.map { $0.split(separator: " ").map(String.init) }
            .first { $0.count == 4 && $0[0] == key && $0[1] == type }?.last
    }

    /// Pushes tags `1` and `2` of `<host>/client/repo`; returns the repository name.
    private func pushRepository(_ registry: RegistryServer) async throws -> String {
        for tag in ["1", "2"] { _ = try await pushAlpineImage(to: registry, repository: "client/repo", tag: tag) }
        return "\(registry.host)/client/repo"
    }

    @Test func eventsSubscriptionsAndReposThroughTheDrydockClient() async throws {
        try await withStack(anchoreCLI: false) { tools, registry in
            let tag = try await analyzedImage(tools, registry)

            let listed = try await tools.drydock("event", "list")
            #expect(listed.status == 0, "\(listed)")
            #expect(listed.hasRow("Timestamp", "Level", "Event", "Resource", "ID"), "\(listed)")
            let id = try #require(eventID(listed, type: "user.image.analysis.completed", resource: tag), "\(listed)")
            #expect(listed.lines.contains { $0.contains(" info ") && $0.hasSuffix("\(id)        ") }, "\(listed)")
            let full = try await tools.drydock("event", "list", "--full", "--all")
            #expect(full.status == 0 && full.lines.first?.hasPrefix("Timestamp ") == true, "\(full)")
            #expect(full.lines.contains { $0.contains("user.image.analysis.completed") && $0.contains("image_tag") && $0.contains(id) }, "\(full)")
            let filtered = try await tools.drydock("event", "list", tag, "--event_type", "user.image.*", "--level", "INFO")
            #expect(filtered.status == 0 && filtered.output.contains(id), "\(filtered)")
            let errors = try await tools.drydock("event", "list", "--level", "error", "--event-type", "user.image.analysis.completed")
            #expect(errors.status == 0 && errors.output == "\n", "\(errors)")
            let badLevel = try await tools.drydock("event", "list", "--level", "warn")
            #expect(badLevel.status == 2, "\(badLevel)")
            #expect(badLevel.output == "Error: warn is an invalid value for --level. Supported values are 'info' or 'error'\n\n", "\(badLevel)")

            let got = try await tools.drydock("event", "get", id)
            #expect(got.status == 0, "\(got)")
            for line in ["type: user.image.analysis.completed", "level: info", "  id: \(tag)", "  type: image_tag"] {
                #expect(got.lines.contains(line), "event get lacks \(line): \(got)")
            }
            #expect(got.lines.contains { $0.hasPrefix("timestamp: '20") }, "\(got)")
            let deleted = try await tools.drydock("event", "del", id)
            #expect(deleted.status == 0 && deleted.output.isEmpty, "\(deleted)")
            let gone = try await tools.drydock("event", "get", id)
            #expect(gone.status == 1 && gone.lines.contains("HTTP Code: 404"), "\(gone)")
            let usage = try await tools.drydock("event", "delete")
            #expect(usage.status == 2 && usage.output == "Error: Must include either an event_id, --all, --since, or --before\n\n", "\(usage)")
            let declined = try await tools.drydock("event", "delete", "--all")
            #expect(declined.status == 0 && declined.output == "Really delete (clear) all events? (y/N)", "\(declined)")
            let none = try await tools.drydock("event", "delete", "--before", "2000-01-01T00:00:00Z")
            #expect(none.status == 0 && none.output == "No matching events found\n", "\(none)")
            let cleared = try await tools.drydock("event", "delete", "--all", "--dontask")
            #expect(cleared.status == 0 && cleared.lines.first?.hasPrefix("Deleted ") == true, "\(cleared)")
            let empty = try await tools.drydock("event", "list")
            #expect(empty.status == 0 && !empty.output.contains(id), "\(empty)")

            let subscriptions = try await tools.drydock("subscription", "list", "--full")
            let subscription = try #require(subscriptionID(subscriptions, key: tag, type: "policy_eval"), "\(subscriptions)")
            let one = try await tools.drydock("subscription", "get", subscription)
            #expect(one.status == 0, "\(one)")
            #expect(one.hasRow("Tag", "Subscription Type", "Active", "Subscription ID", "User ID"), "\(one)")
            #expect(one.hasRow(tag, "policy_eval", "False", subscription, tools.server.user), "\(one)")
            let removed = try await tools.drydock("subscription", "del", subscription)
            #expect(removed.status == 0 && removed.output == "Success\n", "\(removed)")
            let after = try await tools.drydock("subscription", "list", "--full")
            #expect(after.status == 0 && !after.output.contains(subscription), "\(after)")

            let repository = try await pushRepository(registry)
            let dryRun = try await tools.drydock("repo", "add", repository, "--dryrun")
            #expect(dryRun.status == 0, "\(dryRun)")
            #expect(dryRun.lines.first == "DRY RUN: Repository not added", "\(dryRun)")
            #expect(dryRun.hasRow(repository, "False", "2"), "\(dryRun)")
            let notYet = try await tools.drydock("repo", "list")
            #expect(notYet.status == 0 && notYet.output == "\n", "\(notYet)")
            let added = try await tools.drydock("repo", "add", repository, "--noautosubscribe")
            #expect(added.status == 0 && added.hasRow(repository, "True", "2"), "\(added)")
            let repos = try await tools.drydock("repo", "list")
            #expect(repos.status == 0 && repos.hasRow("Repository", "Watched", "TagCount"), "\(repos)")
            #expect(repos.hasRow(repository, "True", "2"), "\(repos)")
            let gotRepo = try await tools.drydock("repo", "get", "\(repository):latest")
            #expect(gotRepo.status == 0 && gotRepo.hasRow(repository, "True", "2"), "\(gotRepo)")
            let unwatched = try await tools.drydock("repo", "unwatch", repository)
            #expect(unwatched.status == 0 && unwatched.hasRow(repository, "False", "2"), "\(unwatched)")
            let watched = try await tools.drydock("repo", "watch", repository)
            #expect(watched.status == 0 && watched.hasRow(repository, "True", "2"), "\(watched)")
            let dropped = try await tools.drydock("repo", "del", repository)
            #expect(dropped.status == 0 && dropped.output == "Success\n", "\(dropped)")
            let missing = try await tools.drydock("repo", "del", repository)
            #expect(missing.status == 2, "\(missing)")
            #expect(missing.output.hasPrefix("Error: cannot locate subscription record using specified input "
                + "(subscription_type=repo_update, subscription_key=\(repository) needs to exist before deletion)"), "\(missing)")
            let unknown = try await tools.drydock("repo", "add", "\(registry.host)/client/nothere")
            #expect(unknown.status == 1 && unknown.lines.contains("HTTP Code: 404"), "\(unknown)")
        }
    }

    @Test func eventSubscriptionAndRepoCommandsMatchAnchoreCLI() async throws {
        try await withStack(anchoreCLI: true) { tools, registry in
            let tag = try await analyzedImage(tools, registry)

            let listed = try await tools.drydock("event", "list")
            let listedCLI = try await tools.anchore("event", "list")
            #expect(listed.status == 0 && listed.output == listedCLI.output, "\(listed)\n\(listedCLI)")
            let id = try #require(eventID(listed, type: "user.image.analysis.completed", resource: tag), "\(listed)")
            for arguments in [["event", "list", "--full", "--all"], ["event", "list", tag, "--event_type", "user.*", "--level", "info"]] {
                let ours = try await runTool(tools.drydockBinary, arguments + tools.connection, environment: tools.environment)
                let theirs = try await runTool(try #require(tools.anchoreBinary), tools.connection + arguments, environment: tools.environment)
                #expect(ours.status == 0 && ours.output == theirs.output, "\(arguments)\n\(ours)\n\(theirs)")
            }
            let got = try await tools.drydock("event", "get", id)
            let gotCLI = try await tools.anchore("event", "get", id)
            #expect(got.status == 0 && got.output == gotCLI.output, "\(got)\n\(gotCLI)")
            let deletedCLI = try await tools.anchore("event", "delete", id)
            #expect(deletedCLI.status == 0 && deletedCLI.output.isEmpty, "\(deletedCLI)")
            let gone = try await tools.drydock("event", "get", id)
            let goneCLI = try await tools.anchore("event", "get", id)
            #expect(gone.status == 1 && gone.output == goneCLI.output, "\(gone)\n\(goneCLI)")
            let none = try await tools.drydock("event", "delete", "--before", "2000-01-01T00:00:00Z")
            let noneCLI = try await tools.anchore("event", "delete", "--before", "2000-01-01T00:00:00Z")
            #expect(none.status == 0 && none.output == noneCLI.output, "\(none)\n\(noneCLI)")

            let subscriptions = try await tools.anchore("subscription", "list", "--full")
            let subscription = try #require(subscriptionID(subscriptions, key: tag, type: "vuln_update"), "\(subscriptions)")
            let one = try await tools.drydock("subscription", "get", subscription)
            let oneCLI = try await tools.anchore("subscription", "get", subscription)
            #expect(one.status == 0 && one.output == oneCLI.output, "\(one)\n\(oneCLI)")
            let removedCLI = try await tools.anchore("subscription", "del", subscription)
            #expect(removedCLI.status == 0 && removedCLI.output == "Success\n", "\(removedCLI)")
            // An unknown id is `[]` with 200, as Anchore answers it: an empty table, exit 0, from both clients.
            let after = try await tools.drydock("subscription", "get", subscription)
            let afterCLI = try await tools.anchore("subscription", "get", subscription)
            #expect(afterCLI.status == 0 && after.status == 0 && after.output == afterCLI.output, "\(after)\n\(afterCLI)")

            let repository = try await pushRepository(registry)
            let dryRun = try await tools.drydock("repo", "add", repository, "--dryrun")
            let dryRunCLI = try await tools.anchore("repo", "add", repository, "--dryrun")
            #expect(dryRun.status == 0 && dryRun.output == dryRunCLI.output, "\(dryRun)\n\(dryRunCLI)")
            let addedCLI = try await tools.anchore("repo", "add", repository, "--lookuptag", "1")
            #expect(addedCLI.status == 0 && addedCLI.hasRow(repository, "True", "2"), "\(addedCLI)")
            for arguments in [["repo", "list"], ["repo", "get", repository], ["repo", "unwatch", repository], ["repo", "watch", repository]] {
                let ours = try await runTool(tools.drydockBinary, arguments + tools.connection, environment: tools.environment)
                let theirs = try await runTool(try #require(tools.anchoreBinary), tools.connection + arguments, environment: tools.environment)
                #expect(ours.status == 0 && ours.output == theirs.output, "\(arguments)\n\(ours)\n\(theirs)")
            }
            let dropped = try await tools.anchore("repo", "del", repository)
            #expect(dropped.status == 0 && dropped.output == "Success\n", "\(dropped)")
            let missing = try await tools.drydock("repo", "del", repository)
            let missingCLI = try await tools.anchore("repo", "del", repository)
            #expect(missing.status == 2 && missing.output == missingCLI.output, "\(missing)\n\(missingCLI)")
            let empty = try await tools.drydock("repo", "list")
            let emptyCLI = try await tools.anchore("repo", "list")
            #expect(empty.status == 0 && empty.output == emptyCLI.output, "\(empty)\n\(emptyCLI)")
        }
    }
}
