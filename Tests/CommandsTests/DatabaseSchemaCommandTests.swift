import Foundation
import TestSupport
import Testing

/// `drydock db migrate|check` against a real PostgreSQL cluster.
@Suite struct DatabaseSchemaCommandTests {
    @Test func checkSaysWhatToDoAndMigrateBringsTheSchemaUpToDateOnce() async throws {
        let binary = try DrydockServer.executable()
        try await PostgresServer.withServer { server in
            let url = server.url + "?sslmode=disable"
            let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DRYDOCK_") }
            func drydock(_ arguments: String...) async throws -> ToolResult {
                try await runTool(binary, arguments, environment: environment)
            }
            let fresh = try await drydock("db", "check", "--database", url)
            #expect(fresh.status == 1, "\(fresh)")
            #expect(fresh.output.contains("schema version 0 of") && fresh.output.contains("run drydock db migrate"), "\(fresh)")
            // check wrote nothing.
            #expect(try server.psql("SELECT to_regclass('drydock_schema') IS NULL").trimmingCharacters(in: .whitespacesAndNewlines) == "t")

            let migrated = try await drydock("db", "migrate", "--database", url)
            #expect(migrated.status == 0, "\(migrated)")
            #expect(migrated.output.contains("schema version 0 →") && migrated.output.contains("migrated"), "\(migrated)")
            let again = try await drydock("db", "migrate", "--database", url)
            #expect(again.output.contains("already current"), "\(again)")
            let current = try await drydock("db", "check", "--database", url)
            #expect(current.status == 0 && current.output.contains("current"), "\(current)")

            try server.psql("INSERT INTO drydock_schema (version) VALUES (99)")
            let newer = try await drydock("db", "check", "--database", url)
            #expect(newer.status == 1 && newer.output.contains("from a newer Drydock"), "\(newer)")
            let refused = try await drydock("db", "migrate", "--database", url)
            #expect(refused.status != 0 && refused.errors.contains("newer Drydock"), "\(refused)")

            let missing = try await drydock("db", "check")
            #expect(missing.status != 0 && missing.errors.contains("--database"), "\(missing)")
        }
    }
}
