public import ArgumentParser

/// `drydock registry …`: anchore-cli 0.9.3's `registry` group.
public struct RegistryCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Registry operations (anchore-cli compatible).",
        subcommands: [Add.self, Update.self, Delete.self, List.self, Get.self])

    public init() {}

    static let registryHelp = ArgumentHelp("Full hostname/port of registry. Eg. myrepo.example.com:5000")

    /// `registry add REGISTRY REGISTRY_USER REGISTRY_PASS`.
    public struct Add: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a registry.")

        @Argument(help: RegistryCommand.registryHelp) var registry: String
        @Argument(help: "Username") var registryUser: String
        @Argument(help: "Password") var registryPass: String
        @Flag(help: "Allow connection to registry without SSL cert checks (ex: if registry uses a self-signed SSL certificate)")
        var insecure = false
        @Option(help: "Specify the registry type (default='docker_v2')") var registryType: String?
        @Flag(help: "Do not attempt to validate registry/creds on registry add") var skipValidate = false
        @Option(help: "Specify a human name for this registry (default=same as 'registry')") var registryName: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.addRegistry(
                registry, user: registryUser, password: registryPass, insecure: insecure, type: registryType,
                skipValidate: skipValidate, name: registryName)
        }
    }

    /// `registry update REGISTRY REGISTRY_USER REGISTRY_PASS`.
    public struct Update: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "update", abstract: "Update an existing registry.")

        @Argument(help: RegistryCommand.registryHelp) var registry: String
        @Argument(help: "Username") var registryUser: String
        @Argument(help: "Password") var registryPass: String
        @Flag(help: "Allow connection to registry without SSL cert checks (ex: if registry uses a self-signed SSL certificate)")
        var insecure = false
        @Option(help: "Specify the registry type (default='docker_v2')") var registryType = "docker_v2"
        @Flag(help: "Do not attempt to validate registry/creds on registry add") var skipValidate = false
        @Option(help: "Specify a human name for this registry (default=same as 'registry')") var registryName: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.updateRegistry(
                registry, user: registryUser, password: registryPass, insecure: insecure, type: registryType,
                skipValidate: skipValidate, name: registryName)
        }
    }

    /// `registry del REGISTRY`.
    public struct Delete: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "del", abstract: "Delete a registry.")

        @Argument(help: RegistryCommand.registryHelp) var registry: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.deleteRegistry(registry)
        }
    }

    /// `registry list`.
    public struct List: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "list", abstract: "List all current registries.")

        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.listRegistries()
        }
    }

    /// `registry get REGISTRY`.
    public struct Get: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "get", abstract: "Get a registry.")

        @Argument(help: RegistryCommand.registryHelp) var registry: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.getRegistry(registry)
        }
    }
}
