import Foundation
import TestSupport
import Testing

/// `registry add|list|get|update|del` through the `drydock` client and the real anchore-cli 0.9.3 (which must be in
/// `DRYDOCK_ANCHORE_CLI`: the test fails, not skips, without it), against a real `drydock serve` and a registry
/// that requires a password.
@Suite(.serialized) struct RegistryCommandTests {
    @Test func registryCommandsMatchAnchoreCLI() async throws {
        let anchorePath = try anchoreCLIExecutable().path
        let binary = try DrydockServer.executable()
        let home = try scratchHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"]
        try await RegistryServer.withRegistry(auth: .basic(username: "puller", password: "pw-123")) { registry in
            try await DrydockServer.withServer { server in
                let connection = ["--url", server.url, "--u", server.user, "--p", server.password]
                func drydock(_ arguments: String...) async throws -> ToolResult {
                    try await runTool(binary, arguments + connection, environment: environment)
                }
                func anchore(_ arguments: String...) async throws -> ToolResult {
                    try await runTool(URL(fileURLWithPath: anchorePath), connection + arguments, environment: environment)
                }
                let host = registry.host
                let keyed = "\(host)/team/*"

                // A wrong password: the same error and exit status from both.
                let wrong = try await drydock("registry", "add", host, "puller", "nope")
                let wrongCLI = try await anchore("registry", "add", host, "puller", "nope")
                #expect(wrong.status == 1 && wrongCLI.status == 1, "\(wrong)\n\(wrongCLI)")
                #expect(wrong.output == wrongCLI.output, "\(wrong)\n\(wrongCLI)")
                #expect(wrong.lines.first?.hasPrefix("Error: cannot ping supplied registry with supplied credentials") == true, "\(wrong)")
                #expect(wrong.lines.contains("HTTP Code: 406"), "\(wrong)")

                let added = try await drydock("registry", "add", host, "puller", "pw-123")
                #expect(added.status == 0, "\(added)")
                #expect(added.lines.prefix(5) == ["Registry: \(host)", "Name: \(host)", "User: puller", "Type: docker_v2", "Verify TLS: True"], "\(added)")
                #expect(!added.output.contains("pw-123"))
                let addedCLI = try await anchore("registry", "add", keyed, "puller", "pw-123", "--insecure", "--registry-name", "team")
                #expect(addedCLI.status == 0, "\(addedCLI)")
                #expect(addedCLI.lines.prefix(5) == ["Registry: \(keyed)", "Name: team", "User: puller", "Type: docker_v2", "Verify TLS: False"], "\(addedCLI)")

                // Adding it again is the client's mistake: a 409 (Anchore answers 500, which anchore-cli reports as exit 2).
                let again = try await drydock("registry", "add", host, "puller", "pw-123", "--skip-validate")
                let againCLI = try await anchore("registry", "add", host, "puller", "pw-123", "--skip-validate")
                #expect(again.status == 1 && again.output == againCLI.output, "\(again)\n\(againCLI)")
                #expect(again.lines.prefix(2) == ["Error: registry already exists in DB", "HTTP Code: 409"], "\(again)")

                let listed = try await drydock("registry", "list")
                let listedCLI = try await anchore("registry", "list")
                #expect(listed.status == 0 && listed.output == listedCLI.output, "\(listed)\n\(listedCLI)")
                #expect(listed.hasRow("Registry", "Name", "Type", "User"), "\(listed)")
                #expect(listed.hasRow(host, host, "docker_v2", "puller"), "\(listed)")
                #expect(listed.hasRow(keyed, "team", "docker_v2", "puller"), "\(listed)")

                for name in [host, keyed] {
                    let got = try await drydock("registry", "get", name)
                    let gotCLI = try await anchore("registry", "get", name)
                    #expect(got.status == 0 && got.output == gotCLI.output, "\(got)\n\(gotCLI)")
                    #expect(got.lines.contains { $0.hasPrefix("Created: ") && $0.hasSuffix("Z") }, "\(got)")
                }

                let updated = try await drydock("registry", "update", keyed, "puller", "pw-123", "--skip-validate", "--registry-name", "team2")
                #expect(updated.status == 0 && updated.lines.contains("Name: team2"), "\(updated)")

                let missing = try await drydock("registry", "get", "nowhere.example")
                let missingCLI = try await anchore("registry", "get", "nowhere.example")
                #expect(missing.status == 1 && missing.output == missingCLI.output, "\(missing)\n\(missingCLI)")

                let badType = try await drydock("registry", "add", host, "u", "p", "--registry-type", "quay")
                let badTypeCLI = try await anchore("registry", "add", host, "u", "p", "--registry-type", "quay")
                #expect(badType.status == 2 && badType.output == badTypeCLI.output, "\(badType)\n\(badTypeCLI)")

                let deleted = try await drydock("registry", "del", keyed)
                #expect(deleted.status == 0 && deleted.output == "Success\n", "\(deleted)")
                let deletedCLI = try await anchore("registry", "del", host)
                #expect(deletedCLI.status == 0 && deletedCLI.output == "Success\n", "\(deletedCLI)")
                let empty = try await drydock("registry", "list")
                let emptyCLI = try await anchore("registry", "list")
                #expect(empty.status == 0 && empty.output == emptyCLI.output, "\(empty)\n\(emptyCLI)")
            }
        }
    }
}
