public import ArgumentParser
import Foundation

/// `drydock event …`: anchore-cli 0.9.3's `event` group.
public struct EventCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "event",
        abstract: "Event operations (anchore-cli compatible).",
        subcommands: [List.self, Get.self, Delete.self])

    public init() {}

    /// `event list [RESOURCE] [--since] [--before] [--level] [--service] [--host] [--event_type] [--resource_type]
    /// [--all] [--full]` (the `_` spellings are anchore-cli's; `--event-type`/`--resource-type` work too).
    public struct List: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "list", abstract: "List events.")

        @Option(help: "ISO8601 formatted UTC timestamp to filter events that occurred after the timestamp") var since: String?
        @Option(help: "ISO8601 formatted UTC timestamp to filter events that occurred before the timestamp") var before: String?
        @Option(help: "Filter results based on the level, supported levels are info and error") var level: String?
        @Option(help: "Filter events based on the originating service") var service: String?
        @Option(help: "Filter events based on the originating host") var host: String?
        @Option(
            name: [.customLong("event_type"), .customLong("event-type")],
            help: "Filter events based on the event type. This may include a wildcard (e.g. \"system.*\")")
        var eventType: String?
        @Option(name: [.customLong("resource_type"), .customLong("resource-type")], help: "Filter events based on the resource type.")
        var resourceType: String?
        @Flag(help: "Display all results. If not specified only the first 100 events are displayed") var all = false
        @Flag(help: "Display all columns for wider output.") var full = false
        @Argument(help: "Value can be a tag, image digest or repository name. Displays results related to the specific resource")
        var resource: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            let filter = EventListFilter(
                resource: resource, since: since, before: before, level: level, service: service, host: host,
                eventType: eventType, resourceType: resourceType)
            try await session.listEvents(filter, all: all, full: full)
        }
    }

    /// `event get EVENT_ID`.
    public struct Get: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "get", abstract: "Get an event.")

        @Argument(help: "ID of the event to be fetched") var eventID: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.getEvent(eventID)
        }
    }

    /// `event delete [EVENT_ID] [--since] [--before] [--all] [--dontask]` (also `event del`).
    public struct Delete: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete one or more events.", aliases: ["del"])

        @Option(help: "Specify an ISO8601 formatted UTC timestamp to delete events that occurred after the timestamp")
        var since: String?
        @Option(help: "Specify an ISO8601 formatted UTC timestamp to delete events that occurred before the timestamp")
        var before: String?
        @Flag(help: "Do not ask for confirmation when omitting event_id, since and before (i.e. delete all events)")
        var dontask = false
        @Flag(help: "Delete all events") var all = false
        @Argument(help: "ID of the event to be deleted. --since and --before options will be ignored if this is specified")
        var eventID: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.deleteEvents(id: eventID, since: since, before: before, all: all, dontask: dontask) {
                // Python's `input(prompt)`: the prompt on stdout without a newline, then one line of stdin.
                FileHandle.standardOutput.write(Data("Really delete (clear) all events? (y/N)".utf8))
                return readLine()
            }
        }
    }
}
