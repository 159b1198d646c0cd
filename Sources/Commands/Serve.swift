public import ArgumentParser
import Foundation
import Logging
import Server

extension Drydock {
    /// `drydock serve`: the service on its embedded default.
    public struct Serve: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Run the Drydock service: the REST API, the analyzer workers and the embedded database.",
            discussion: """
                Settings come from defaults, then the YAML file given by --config, then DRYDOCK_* environment \
                variables, then these flags. The admin user's password is DRYDOCK_ADMIN_PASSWORD (or admin_password \
                in the file) on first start; when neither is set one is generated and printed once.
                """)

        @Option(help: "The address to listen on (default 127.0.0.1).")
        var host: String?

        @Option(help: "The port to listen on (default 8228).")
        var port: Int?

        @Option(name: .customLong("data"), help: "The data directory: database and layer cache (default ~/.drydock).")
        var dataDirectory: String?

        @Option(name: .customLong("config"), help: "A YAML configuration file.")
        var configFile: String?

        @Option(help: "How many analyses run at once (default 2).")
        var workers: Int?

        @Option(help: "A PostgreSQL database, postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (default: SQLite in the data directory).")
        var database: String?

        @Option(help: "What this process does, comma-separated: api, analyzer, watcher, feeds, notifier (default: all; a subset needs --database).")
        var roles: String?

        public init() {}

        public func run() async throws {
            let configuration: ServiceConfiguration
            do {
                configuration = try resolveConfiguration(environment: ProcessInfo.processInfo.environment)
            } catch let error as ConfigurationError {
                throw ValidationError(error.message)
            }
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
                return handler
            }
            let logger = Logger(label: "drydock")
            let service = try await DrydockService(configuration: configuration, logger: logger)
            logger.notice(
                "drydock serve listening",
                metadata: ["address": "\(configuration.host):\(configuration.port)", "data": "\(configuration.dataDirectory)",
                           "workers": "\(configuration.workers)", "database": "\(configuration.databaseDescription)",
                           "roles": "\(configuration.roles.sorted().map(\.rawValue).joined(separator: ","))"])
            try await service.run()
        }

        func resolveConfiguration(environment: [String: String]) throws -> ServiceConfiguration {
            var configuration = ServiceConfiguration()
            if let configFile {
                let text: String
                do {
                    text = try String(contentsOfFile: configFile, encoding: .utf8)
                } catch {
                    throw ConfigurationError("cannot read the configuration file \(configFile): \(error.localizedDescription)")
                }
                try configuration.apply(yaml: text, source: configFile)
            }
            try configuration.apply(environment: environment)
            if let host { configuration.host = host }
            if let port { configuration.port = port }
            if let dataDirectory { configuration.dataDirectory = dataDirectory }
            if let database { try configuration.apply(key: "database", value: database, source: "--database") }
            if let roles { try configuration.apply(key: "roles", value: roles, source: "--roles") }
            if let workers {
                guard workers >= 0 else { throw ConfigurationError("--workers must not be negative") }
                configuration.workers = workers
            }
            return configuration
        }
    }
}
