public import ArgumentParser
import Hummingbird
import Logging
import Server

extension Drydock {
    /// `drydock serve`: the service on its embedded default.
    public struct Serve: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(abstract: "Run the Drydock service.")

        @Option(help: "The address to listen on.")
        var host = "127.0.0.1"

        @Option(help: "The port to listen on.")
        var port = 8228

        public init() {}

        public func run() async throws {
            var logger = Logger(label: "drydock")
            logger.logLevel = .info
            let app = buildApplication(ServerConfiguration(host: host, port: port), logger: logger)
            try await app.runService()
        }
    }
}
