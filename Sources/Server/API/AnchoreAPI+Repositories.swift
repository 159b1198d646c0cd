import Engine
import Foundation
import Hummingbird
import Store

extension AnchoreAPI {
    func registerRepositories(on group: RouterGroup<DrydockContext>) {
        group.post("repositories", use: addRepository)
        group.delete("repositories", use: removeRepository)
        group.delete("repositories/pending", use: cancelPendingRepository)
    }

    /// `POST /repositories?repository=R&autosubscribe=&dryrun=&lookuptag=` (no body): the `repo_update`
    /// subscription, its value a JSON string with `tagcount` and `repotags`. The tags are added in the
    /// background; a dry run stores nothing.
    @Sendable func addRepository(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let repository = request.query("repository") else { throw APIError.badRequest("repository is required") }
        let account = try context.account
        let dryRun = try request.bool("dryrun", default: false)
        let subscription = try await repositories.addRepository(
            account: account, repository: repository, autosubscribe: try request.bool("autosubscribe", default: false),
            dryRun: dryRun, lookupTag: request.query("lookuptag"))
        if !dryRun {
            let watcher = repositories
            let key = subscription.key
            Task { await watcher.sync(account: account, key: key) }
        }
        return try jsonResponse(object: [Self.subscriptionObject(subscription)])
    }

    /// `DELETE /repositories/pending?repository=R`: cancel pending — the repository's images still waiting.
    @Sendable func cancelPendingRepository(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let repository = request.query("repository") else { throw APIError.badRequest("repository is required") }
        let removed = try await catalog.cancelPending(account: try context.account, repository: repository)
        return try jsonResponse(object: removed.map(\.description))
    }

    /// `DELETE /repositories?repository=R`: remove the repository — every image of it, its subscriptions.
    @Sendable func removeRepository(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let repository = request.query("repository") else { throw APIError.badRequest("repository is required") }
        let removed = try await catalog.removeRepository(account: try context.account, repository: repository)
        return try jsonResponse(object: removed.map(\.description))
    }
}
