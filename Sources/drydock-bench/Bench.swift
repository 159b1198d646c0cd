import ArgumentParser

/// The benchmark driver behind `make bench` (scripts/bench.sh installs its tools and builds the root
/// filesystems first).
@main
struct DrydockBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drydock-bench",
        abstract: "Builds the bench images, pushes them to a local registry, and measures drydock scan, syft and the floor.",
        subcommands: [BenchRun.self, APIBench.self, VulnBench.self, PolicyBench.self, QueueBench.self, SpawnCommand.self], defaultSubcommand: BenchRun.self)
}
