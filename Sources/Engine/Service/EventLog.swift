public import Foundation
public import Logging
public import Store

/// Records events (and logs them): the one place the service says what happened.
public struct EventLog: Sendable {
    public let store: any EventStore
    public let logger: Logger
    /// This process's host id, recorded as the event's source.
    public let hostID: String
    /// Told about every recorded event (the webhook notification queue); nil when nothing listens.
    public var observer: (any EventObserver)?

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
        case webhookDeliveryFailed = "system.webhook.delivery_failed"
        case webhookDropped = "system.webhook.notification_dropped"
        case repositoryListFailed = "system.repository.list_tags_fail"
        case repositoryTagsAdded = "user.repository.tags.added"
        case vulnerabilitiesUpdated = "user.checks.tag.vulnerabilities.update"
        case feedSyncStarted = "system.feeds.sync.feed_started"
        case feedSyncCompleted = "system.feeds.sync.feed_completed"
        case feedSyncFailed = "system.feeds.sync.feed_failed"
        case policyEvaluationUpdated = "user.checks.tag.policy_evaluation.update"
        case policyActivated = "user.policy.active.updated"
        case policyContentChanged = "user.policy.active.content_change"

        public var resourceType: String {
            switch self {
            case .registryLookupFailed: "image_reference"
            case .webhookDeliveryFailed, .webhookDropped: "notification"
            case .repositoryListFailed, .repositoryTagsAdded: "repository"
            case .feedSyncStarted, .feedSyncCompleted, .feedSyncFailed: "feed"
            case .policyActivated, .policyContentChanged: "policy_bundle"
            default: "image_tag"
            }
        }

        public var level: Event.Level {
            switch self {
            case .analysisFailed, .registryLookupFailed, .tagWatchFailed, .repositoryListFailed: .error
            case .webhookDeliveryFailed, .webhookDropped, .feedSyncFailed: .error
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
            case .webhookDeliveryFailed: "A webhook receiver did not accept a notification; it will be retried"
            case .webhookDropped: "A notification was dropped: its webhook did not accept it within the retry timeout"
            case .repositoryListFailed: "The tags of a repository could not be listed"
            case .repositoryTagsAdded: "New tags of a watched repository were added"
            case .vulnerabilitiesUpdated: "The vulnerabilities of an image changed after a feed update"
            case .feedSyncStarted: "Feed sync started"
            case .feedSyncCompleted: "Feed sync completed"
            case .feedSyncFailed: "Feed sync failed; the previous data is kept"
            case .policyEvaluationUpdated: "The policy evaluation of a tag changed its final action"
            case .policyActivated: "Another policy bundle was activated"
            case .policyContentChanged: "The active policy bundle was changed"
            }
        }

        public var service: String {
            switch self {
            case .analysisStarted, .analysisCompleted, .analysisFailed: "analyzer"
            case .vulnerabilitiesUpdated, .feedSyncStarted, .feedSyncCompleted, .feedSyncFailed: "policy_engine"
            case .policyEvaluationUpdated, .policyActivated, .policyContentChanged: "policy_engine"
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
            // Recorded even when the caller is being cancelled (a stopping service's last feed failure): the write
            // does not inherit the cancellation, so the event is kept rather than lost with an error.
            let store = self.store
            try await Task.detached { try await store.insert(event) }.value
        } catch {
            logger.error("cannot record an event", metadata: ["error": "\(error)", "event": "\(kind.rawValue)"])
        }
        await observer?.observe(event)
    }
}

/// Told about each event ``EventLog`` records, after it is stored.
public protocol EventObserver: Sendable {
    func observe(_ event: Event) async
}
