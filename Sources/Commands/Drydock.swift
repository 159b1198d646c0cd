public import ArgumentParser
import Client
import Foundation
import Registry

/// The `drydock` command: the service, one-shot analysis and the client, in one binary.
public struct Drydock: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "drydock",
        abstract: "Analyze container images: packages, files, vulnerabilities and policies.",
        subcommands: [
            Serve.self, Scan.self, Inspect.self,
            ImageCommand.self, SubscriptionCommand.self, SystemCommand.self, RegistryCommand.self, EventCommand.self,
            RepoCommand.self, AccountCommand.self, UserCommand.self, PolicyCommand.self, EvaluateCommand.self, VEXCommand.self, Database.self,
        ])

    public init() {}
}

extension Drydock {
    /// The process's entry. Most commands talk HTTP (to a registry, or to the service), so the shared event loop
    /// threads start on another core while ArgumentParser reads the arguments.
    public static func launch() async {
        RegistryClient.startEventLoopsEarly()
        // anchore-cli's habit of connection options before the command works here too.
        let (arguments, insecure) = ConnectionOptions.movingLeadingOptions(Array(CommandLine.arguments.dropFirst()))
        if insecure { setenv("DRYDOCK_SSL_VERIFY", "n", 1) }
        await main(arguments)
    }
}
