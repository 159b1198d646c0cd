public import ArgumentParser

extension SystemCommand {
    /// `system feeds …`: feed data operations.
    public struct Feeds: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "feeds", abstract: "Feed data operations.",
            subcommands: [List.self, Sync.self, Config.self, Delete.self, Export.self, Import.self])

        public init() {}

        /// `system feeds list`.
        public struct List: ClientSubcommand {
            public static let configuration = CommandConfiguration(commandName: "list", abstract: "Get a list of loaded data feeds.")

            @OptionGroup var connection: ConnectionOptions

            public init() {}

            func perform(_ session: ClientSession) async throws(ClientError) {
                try await session.listFeeds()
            }
        }

        /// `system feeds export FILE` (Drydock).
        public struct Export: ClientSubcommand {
            public static let configuration = CommandConfiguration(
                commandName: "export", abstract: "Write the synced feed data to FILE as one bundle, for a machine without internet.")

            @Argument(help: "The bundle file to write.") var file: String
            @OptionGroup var connection: ConnectionOptions

            public init() {}

            func perform(_ session: ClientSession) async throws(ClientError) {
                try await session.exportFeeds(to: file)
            }
        }

        /// `system feeds import FILE` (Drydock).
        public struct Import: ClientSubcommand {
            public static let configuration = CommandConfiguration(
                commandName: "import", abstract: "Load a bundle written by `system feeds export` (replaces the data of its feeds).")

            @Argument(help: "The bundle file to read.") var file: String
            @OptionGroup var connection: ConnectionOptions

            public init() {}

            func perform(_ session: ClientSession) async throws(ClientError) {
                try await session.importFeeds(from: file)
            }
        }

        /// `system feeds sync [--flush]`.
        public struct Sync: ClientSubcommand {
            public static let configuration = CommandConfiguration(
                commandName: "sync", abstract: "Fetch latest updates from the feed service.",
                discussion: """
                    Asks for confirmation on stdin first (answer y); like anchore-cli there is no option to skip \
                    the question: pipe the answer in (echo y | drydock system feeds sync).
                    """)

            @Flag(help: "Flush all previous data, including CVE matches, and resync from scratch.") var flush = false
            @OptionGroup var connection: ConnectionOptions

            public init() {}

            func perform(_ session: ClientSession) async throws(ClientError) {
                try await session.syncFeeds(flush: flush)
            }
        }

        /// `system feeds config FEED [--group G] --enable|--disable`.
        public struct Config: ClientSubcommand {
            public static let configuration = CommandConfiguration(
                commandName: "config",
                abstract: "Enable a specific feed and or group so that it will sync data on the next sync.")

            @Argument(help: "The feed name (e.g. vulnerabilities).") var feed: String
            @Option(help: "Config a specific group only.") var group: String?
            @Flag(help: "Enable the feed/group.") var enable = false
            @Flag(help: "Disable the feed/group.") var disable = false
            @OptionGroup var connection: ConnectionOptions

            public init() {}

            func perform(_ session: ClientSession) async throws(ClientError) {
                try await session.configureFeed(feed, group: group, enable: enable, disable: disable)
            }
        }

        /// `system feeds delete FEED [--group G]`.
        public struct Delete: ClientSubcommand {
            public static let configuration = CommandConfiguration(
                commandName: "delete",
                abstract: "Delete the feed data for a feed or group.",
                discussion: "Metadata will remain but all feed data and vuln matches (if applicable) are removed.")

            @Argument(help: "The feed name (e.g. vulnerabilities).") var feed: String
            @Option(help: "Delete data for a specific group only.") var group: String?
            @OptionGroup var connection: ConnectionOptions

            public init() {}

            func perform(_ session: ClientSession) async throws(ClientError) {
                try await session.deleteFeed(feed, group: group)
            }
        }
    }
}
