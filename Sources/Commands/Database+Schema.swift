import ArgumentParser
import Foundation
import Logging
import Store

extension Drydock.Database {
    struct DatabaseURL: ParsableArguments {
        @Option(help: "The PostgreSQL database, postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (default: DRYDOCK_DATABASE).")
        var database: String?

        func url() throws -> String {
            guard let url = database ?? ProcessInfo.processInfo.environment["DRYDOCK_DATABASE"], !url.isEmpty else {
                throw ValidationError("name the database with --database or DRYDOCK_DATABASE (the embedded SQLite migrates itself when opened)")
            }
            return url
        }

        var logger: Logger {
            var logger = Logger(label: "drydock.db")
            logger.logLevel = .error
            return logger
        }
    }

    /// `db migrate`: brings a PostgreSQL database's schema to this build's (what `serve` also does at start).
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate", abstract: "Create or migrate a PostgreSQL database's schema for this Drydock.")

        @OptionGroup var database: DatabaseURL

        func run() async throws {
            let before: Int
            do {
                let reader = try await PostgresStore(url: try database.url(), migrate: false, logger: database.logger)
                before = try await reader.schemaVersion()
                reader.shutdown()
                let store = try await PostgresStore(url: try database.url(), logger: database.logger)
                store.shutdown()
            } catch let error as StoreError {
                throw ValidationError(error.message)
            }
            let known = PostgresStore.knownSchemaVersion
            print(before == known ? "schema version \(known): already current" : "schema version \(before) → \(known): migrated")
        }
    }

    /// `db check`: whether a PostgreSQL database's schema is this build's; exit 1 when it is not.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Check that a PostgreSQL database is reachable and its schema is this Drydock's.",
            discussion: "Exits 0 when the schema is current, 1 when it needs `drydock db migrate` or is from a newer Drydock.")

        @OptionGroup var database: DatabaseURL

        func run() async throws {
            let version: Int
            do {
                let store = try await PostgresStore(url: try database.url(), migrate: false, logger: database.logger)
                version = try await store.schemaVersion()
                store.shutdown()
            } catch let error as StoreError {
                throw ValidationError(error.message)
            }
            let known = PostgresStore.knownSchemaVersion
            if version == known {
                print("schema version \(version): current")
            } else if version < known {
                print("schema version \(version) of \(known): run drydock db migrate")
                throw ExitCode(1)
            } else {
                print("schema version \(version) is from a newer Drydock (this one knows \(known)): upgrade Drydock")
                throw ExitCode(1)
            }
        }
    }
}
