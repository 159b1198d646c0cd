public import Foundation
public import Logging
public import Store

/// Records events (and logs them): the one place the service says what happened.
public struct EventLog: Sendable {
    public let store: any EventStore
    public let logger: Logger
    /// This process's host id, recorded as the event's source.
    public let hostID: String

    public init(store: any EventStore, logger: Logger, hostID: String = EventLog.defaultHostID) {
        self.store = store
        self.logger = logger
        self.hostID = hostID
    }

    public static var defaultHostID: String {
        "drydock-" + (ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "local")
    }

    /// The event types Drydock raises: type, resource type, level, message.
    public enum Kind: String, Sendable, CaseIterable {
        case analysisStarted = "user.image.analysis.started"
        case analysisCompleted = "user.image.analysis.completed"
        case analysisFailed = "user.image.analysis.failed"
        case tagUpdated = "user.image.tag.updated"
        case registryLookupFailed = "system.image_analysis.registry_lookup_failed"
        case tagWatchFailed = "system.tag_watcher.check_failed"

        public var resourceType: String {
            switch self {
            case .registryLookupFailed: "image_reference"
            default: "image_tag"
            }
        }

        public var level: Event.Level {
            switch self {
            case .analysisFailed, .registryLookupFailed, .tagWatchFailed: .error
            default: .info
            }
        }

        public var message: String {
            switch self {
            case .analysisStarted: "Image analysis started"
            case .analysisCompleted: "Image analysis available"
            case .analysisFailed: "Image analysis failed"
            case .tagUpdated: "A watched tag points at a new image"
            case .registryLookupFailed: "Referenced image not found or the registry could not be reached"
            case .tagWatchFailed: "A watched tag could not be checked"
            }
        }

        public var service: String {
            switch self {
            case .analysisStarted, .analysisCompleted, .analysisFailed: "analyzer"
            default: "catalog"
            }
        }
    }

    /// Records one event; a store failure is logged, never thrown (an event must not fail the work it reports).
    public func record(_ kind: Kind, account: String, resource: String, details: [String: String] = [:], at time: Date = Date()) async {
        let event = Event(
            account: account, type: kind.rawValue, level: kind.level, message: kind.message, resourceID: resource,
            resourceType: kind.resourceType, sourceService: kind.service, sourceHost: hostID, details: details, timestamp: time)
        var metadata: Logger.Metadata = ["event": "\(kind.rawValue)", "account": "\(account)", "resource": "\(resource)"]
        for (key, value) in details { metadata[key] = "\(value)" }
        logger.log(level: kind.level == .error ? .warning : .info, "\(kind.message)", metadata: metadata)
        do {
            try await store.insert(event)
        } catch {
            logger.error("cannot record an event", metadata: ["error": "\(error)", "event": "\(kind.rawValue)"])
        }
    }
}
