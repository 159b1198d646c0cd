public import Foundation
public import Logging
public import OCI
import Registry
public import ServiceLifecycle
public import Store

/// Tells which digest a tag points at now, without pulling it (a manifest HEAD).
public protocol TagDigestChecker: Sendable {
    /// The digest the tag resolves to (an index digest for a multi-platform tag), with the account's credentials.
    func currentDigest(of reference: Reference, account: String) async throws(CatalogError) -> Digest
}

extension RegistryResolver: TagDigestChecker {
    public func currentDigest(of reference: Reference, account: String) async throws(CatalogError) -> Digest {
        do {
            let client = try await credentials?.client(account: account, registry: reference.registry, repository: reference.repository) ?? client
            if let descriptor = try await client.headManifest(reference) { return descriptor.digest }
            // A registry that answers HEAD without a digest: fall back to the manifest itself.
            return try await client.fetchManifest(reference).digest
        } catch {
            throw CatalogError(
                .registry, "cannot check \(reference) in its registry: \(error.message)",
                errorCodes: [Self.anchoreCode(error)], cause: error)
        }
    }
}

/// The tag watcher: every `interval`, each active `tag_update` subscription's tag is checked with a manifest
/// HEAD; a new digest is added as a new image of the tag (history kept, annotations carried) and queued.
public struct TagWatcher: Service {
    public let catalog: ImageCatalog
    public let checker: any TagDigestChecker
    public let events: EventLog
    public var interval: Duration
    public let logger: Logger

    public init(catalog: ImageCatalog, checker: any TagDigestChecker, events: EventLog, interval: Duration, logger: Logger) {
        self.catalog = catalog
        self.checker = checker
        self.events = events
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await repeatEvery(interval) { await checkAll() }
    }

    /// One pass over every account's active tag subscriptions. A failing tag is reported and skipped.
    public func checkAll() async {
        for subscription in await catalog.activeSubscriptions(type: "tag_update") {
            if Task.isCancelled { return }
            await check(account: subscription.account, tag: subscription.key)
        }
    }

    /// Checks one tag; returns the new image when the tag moved.
    @discardableResult
    public func check(account: String, tag: String) async -> ImageRecord? {
        do {
            let pull = try PullString(parsing: tag)
            let digest = try await checker.currentDigest(of: try pull.reference, account: account)
            let current = try? await catalog.images(account: account, fullTag: tag).first
            if let current, current.digest == digest || current.parentDigest == digest { return nil }
            let added = try await catalog.addImage(
                account: account, AddImageRequest(tag: tag, annotations: current?.annotations ?? [:], autosubscribe: true))
            guard added.digest != current?.digest else { return nil }
            await events.record(
                .tagUpdated, account: account, resource: tag,
                details: ["last_eval": current?.digest.description ?? "", "curr_eval": added.digest.description])
            return added
        } catch {
            await events.record(.tagWatchFailed, account: account, resource: tag, details: ["error": error.message])
            return nil
        }
    }
}
