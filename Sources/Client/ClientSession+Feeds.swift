import Foundation

/// `system feeds list|sync|config|delete` as anchore-cli 0.9.3 runs them (`anchorecli/cli/system.py`).
extension ClientSession {
    /// The warning `system feeds sync` prints before asking (Python's `print("\n…\n")`).
    public static let feedSyncWarning =
        "\nWARNING: This operation should not normally need to be performed except when the anchore-engine operator "
        + "is certain that it is required - the operation will take a long time (hours) to complete, and there may be "
        + "an impact on anchore-engine performance during the re-sync/flush.\n"
    /// The question it then asks on stdout (no newline); only `y`/`Y` goes ahead.
    public static let feedSyncPrompt = "Really perform a manual feed data sync/flush? (y/N)"

    /// `system feeds list`: `GET /system/feeds`, then the feed/group table.
    public func listFeeds() async throws(ClientError) {
        emit(try await payload(of: endpoints.systemFeeds()), FeedsFormatter.list)
    }

    /// `system feeds sync [--flush]`: the warning and the question; on `y` (any case, nothing
    /// else) `POST /system/feeds?flush=…` and the sync results. Any other answer, or no input
    /// at all, does nothing and succeeds, as anchore-cli does; it has no option to skip the question.
    public func syncFeeds(flush: Bool = false) async throws(ClientError) {
        console.line(Self.feedSyncWarning)
        guard console.ask(Self.feedSyncPrompt)?.lowercased() == "y" else { return }
        emit(try await payload(of: endpoints.syncFeeds(flush: flush)), FeedsFormatter.syncResults)
    }

    /// `system feeds config FEED [--group G] --enable|--disable`: exactly one of the two (checked
    /// after the access check, exit 2); `PUT /system/feeds/<feed>[/<group>]?enabled=…`, then the
    /// answer as a one-row group table (with a group) or feed table (without).
    public func configureFeed(_ feed: String, group: String? = nil, enable: Bool, disable: Bool) async throws(ClientError) {
        if !enable && !disable { throw ClientError(.invalidInput, "Must set one of --enable or --disable") }
        if enable && disable { throw ClientError(.invalidInput, "Can set only one of --enable or --disable") }
        let group = group.flatMap { $0.isEmpty ? nil : $0 }
        let answer = try await payload(of: endpoints.setFeedEnabled(feed: feed, group: group, enabled: enable))
        emitFeedRecord(answer, isGroup: group != nil)
    }

    /// `system feeds delete FEED [--group G]`: `DELETE /system/feeds/<feed>[/<group>]`, then the
    /// answer like `config`'s.
    public func deleteFeed(_ feed: String, group: String? = nil) async throws(ClientError) {
        let group = group.flatMap { $0.isEmpty ? nil : $0 }
        emitFeedRecord(try await payload(of: endpoints.deleteFeed(feed: feed, group: group)), isGroup: group != nil)
    }

    /// `system feeds export FILE` (Drydock): the synced data as one offline bundle, written to FILE.
    public func exportFeeds(to path: String) async throws(ClientError) {
        let response = try await send(endpoints.exportFeeds())
        guard response.isSuccess else { throw ClientError.httpError(response) }
        do {
            try Data(response.body).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ClientError(.invalidInput, "cannot write \(path): \(error.localizedDescription)")
        }
        console.line("Wrote \(response.body.count) bytes of feed data to \(path)")
    }

    /// `system feeds import FILE` (Drydock): loads a bundle written by `export`; prints what it replaced.
    public func importFeeds(from path: String) async throws(ClientError) {
        let bundle: Data
        do {
            bundle = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ClientError(.invalidInput, "cannot read \(path): \(error.localizedDescription)")
        }
        let answer = try await payload(of: endpoints.importFeeds(Array(bundle)))
        emit(answer) { value throws(ClientError) in
            let feeds = (value["feeds"]?.arrayValue ?? []).compactMap(\.stringValue)
            var text = "Imported \(value["groups"].map { "\($0.pythonString)" } ?? "0") groups (\(value["records"].map { "\($0.pythonString)" } ?? "0") records) of feeds: \(feeds.joined(separator: ", "))\n"
            let unconfigured = (value["unconfigured_feeds"]?.arrayValue ?? []).compactMap(\.stringValue)
            if !unconfigured.isEmpty {
                text += "Not configured here, so stored but not used: \(unconfigured.joined(separator: ", "))\n"
            }
            return text
        }
    }

    /// anchore-cli wraps the one record in a list before formatting (so `--json` prints a list).
    private func emitFeedRecord(_ record: JSONValue, isGroup: Bool) {
        emit(.array([record]), isGroup ? FeedsFormatter.groups : FeedsFormatter.list)
    }
}
