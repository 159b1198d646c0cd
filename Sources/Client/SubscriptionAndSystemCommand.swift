public import ArgumentParser

/// `drydock subscription …`: anchore-cli 0.9.3's `subscription` group.
public struct SubscriptionCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "subscription",
        abstract: "Subscription operations (anchore-cli compatible).",
        subcommands: [List.self, Get.self, Delete.self, Activate.self, Deactivate.self])

    public init() {}

    static let typeHelp = "Type of subscription: tag_update, policy_eval, vuln_update, analysis_update."
    static let keyHelp = "Fully qualified name of the tag, e.g. docker.io/library/alpine:latest."

    /// `subscription list [--full]`.
    public struct List: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "list", abstract: "List all current subscriptions.")

        @Flag(help: "Print additional details about the subscriptions as they're being listed.") var full = false
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.listSubscriptions(full: full)
        }
    }

    /// `subscription get SUBSCRIPTION_ID`.
    public struct Get: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "get", abstract: "Get details about a particular subscription.")

        @Argument(help: "The subscription's id (see `subscription list --full`).") var subscriptionID: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.getSubscription(id: subscriptionID)
        }
    }

    /// `subscription del SUBSCRIPTION_ID`.
    public struct Delete: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "del", abstract: "Delete a subscription by ID (must be already deactivated).")

        @Argument(help: "The subscription's id (see `subscription list --full`).") var subscriptionID: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.deleteSubscription(id: subscriptionID)
        }
    }

    /// `subscription activate TYPE KEY`.
    public struct Activate: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "activate", abstract: "Activate a subscription.")

        @Argument(help: ArgumentHelp(SubscriptionCommand.typeHelp)) var subscriptionType: String
        @Argument(help: ArgumentHelp(SubscriptionCommand.keyHelp)) var subscriptionKey: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.setSubscription(type: subscriptionType, key: subscriptionKey, active: true)
        }
    }

    /// `subscription deactivate TYPE KEY`.
    public struct Deactivate: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "deactivate", abstract: "Deactivate a subscription.")

        @Argument(help: ArgumentHelp(SubscriptionCommand.typeHelp)) var subscriptionType: String
        @Argument(help: ArgumentHelp(SubscriptionCommand.keyHelp)) var subscriptionKey: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.setSubscription(type: subscriptionType, key: subscriptionKey, active: false)
        }
    }
}

/// `drydock system …`: anchore-cli 0.9.3's `system status`, `system wait`, `system del`, `system errorcodes`,
/// `system webhook test` and `system feeds …`.
public struct SystemCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "system",
        abstract: "System operations (anchore-cli compatible).",
        subcommands: [Status.self, Wait.self, Feeds.self, Delete.self, ErrorCodes.self, Webhook.self])

    public init() {}

    /// `system status`.
    public struct Status: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "status", abstract: "Check current system status.")

        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.systemStatus()
        }
    }

    /// `system wait`.
    public struct Wait: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "wait", abstract: "Block until the service is available and ready.")
        static let checksAccess = false

        @Option(parsing: .unconditional, help: "Time to wait, in seconds. If < 0, wait forever.") var timeout: Double = -1
        @Option(parsing: .unconditional, help: "Interval between checks, in seconds.") var interval: Double = 5
        @Option(help: "Also wait until the feeds in this CSV list have completed a full sync (\"\" to skip).")
        var feedsready = "vulnerabilities"
        @Option(help: "Wait until each service in this CSV list reports as up.")
        var servicesready = "catalog,apiext,policy_engine,simplequeue,analyzer"
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.waitForSystem(
                timeout: timeout, interval: interval, feedsReady: feedsready, servicesReady: servicesready)
        }
    }

    /// `system del HOST_ID SERVICENAME`.
    public struct Delete: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "del", abstract: "Delete a non-active service from anchore-engine.")

        @Argument(help: "The host id of the service's process (see `system status`).") var hostID: String
        @Argument(help: "The service's name (apiext, analyzer, catalog, policy_engine, simplequeue).") var serviceName: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.deleteService(hostID: hostID, serviceName: serviceName)
        }
    }

    /// `system errorcodes`.
    public struct ErrorCodes: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "errorcodes", abstract: "Describe available anchore system error code names and descriptions.")

        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.describeErrorCodes()
        }
    }

    /// `system webhook test`.
    public struct Webhook: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "webhook", abstract: "For testing webhooks.", subcommands: [Test.self])

        public init() {}

        /// `system webhook test [WEBHOOK_TYPE] [--ntype NOTIFICATION_TYPE]`.
        public struct Test: ClientSubcommand {
            public static let configuration = CommandConfiguration(commandName: "test", abstract: "Test that a given webhook works.")

            @Argument(help: "The webhook to send a test notification to (default: general).") var webhookType: String?
            @Option(help: "The type of notification to send via the given webhook type.") var ntype = "tag_update"
            @OptionGroup var connection: ConnectionOptions

            public init() {}

            func perform(_ session: ClientSession) async throws(ClientError) {
                try await session.testWebhook(type: webhookType ?? "general", notificationType: ntype)
            }
        }
    }
}
