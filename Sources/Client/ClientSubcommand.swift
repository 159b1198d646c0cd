import ArgumentParser
import Foundation

/// A leaf client command: it names its connection options and its operation; running it
/// prints what anchore-cli prints and exits with anchore-cli's status.
protocol ClientSubcommand: AsyncParsableCommand {
    var connection: ConnectionOptions { get }
    /// Whether the command first checks `GET <url>` (all but `system wait`).
    static var checksAccess: Bool { get }
    func perform(_ session: ClientSession) async throws(ClientError)
}

extension ClientSubcommand {
    static var checksAccess: Bool { true }

    public func run() async throws {
        let status = await ClientRunner.run(
            connection, environment: ProcessInfo.processInfo.environment, checkAccess: Self.checksAccess
        ) { session in
            try await perform(session)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
