public import ArgumentParser

/// `drydock repo …`: anchore-cli 0.9.3's `repo` group.
public struct RepoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "repo",
        abstract: "Repository operations (anchore-cli compatible).",
        subcommands: [Add.self, List.self, Get.self, Delete.self, Unwatch.self, Watch.self])

    public init() {}

    static let repoHelp = ArgumentHelp("Input repository can be in the following formats: registry/repo")

    /// `repo add REPO [--noautosubscribe] [--lookuptag T] [--dryrun]`.
    public struct Add: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a repository.")

        @Flag(help: "If set, instruct the engine to disable subscriptions for any discovered tags.") var noautosubscribe = false
        @Option(help: "Specify a tag to use for repo tag scan if 'latest' tag does not exist in the repo.") var lookuptag: String?
        @Flag(help: "List which tags would actually be watched if this repo was added (without actually adding the repo)")
        var dryrun = false
        @Argument(help: RepoCommand.repoHelp) var inputRepo: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.addRepository(inputRepo, autosubscribe: !noautosubscribe, lookupTag: lookuptag, dryRun: dryrun)
        }
    }

    /// `repo list`.
    public struct List: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "list", abstract: "List added repositories.")

        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.listRepositories()
        }
    }

    /// `repo get REPO`.
    public struct Get: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "get", abstract: "Get a repository.")

        @Argument(help: RepoCommand.repoHelp) var inputRepo: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.getRepository(inputRepo)
        }
    }

    /// `repo del REPO`.
    public struct Delete: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "del",
            abstract: "Delete a repository from the watch list (does not delete already analyzed images).")

        @Argument(help: RepoCommand.repoHelp) var inputRepo: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.deleteRepository(inputRepo)
        }
    }

    /// `repo unwatch REPO`.
    public struct Unwatch: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "unwatch", abstract: "Instruct engine to stop automatically watching the repo for image updates.")

        @Argument(help: RepoCommand.repoHelp) var inputRepo: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.watchRepository(inputRepo, watch: false)
        }
    }

    /// `repo watch REPO`.
    public struct Watch: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "watch", abstract: "Instruct engine to start automatically watching the repo for image updates.")

        @Argument(help: RepoCommand.repoHelp) var inputRepo: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.watchRepository(inputRepo, watch: true)
        }
    }
}
