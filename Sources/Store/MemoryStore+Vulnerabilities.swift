public import Foundation
public import OCI

extension MemoryStore: VulnerabilityDataStore {
    public func feeds() async throws(StoreError) -> [FeedRecord] { feedsByName.values.sorted { $0.name < $1.name } }

    public func feedGroups() async throws(StoreError) -> [FeedGroupRecord] {
        groups.values.map(\.record).sorted { ($0.feed, $0.name) < ($1.feed, $1.name) }
    }

    public func save(_ feed: FeedRecord) async throws(StoreError) { upsert(feed) }

    /// A new feed, or everything but its age for an existing one.
    func upsert(_ feed: FeedRecord) {
        var record = feed
        if let stored = feedsByName[feed.name] { record.createdAt = stored.createdAt }
        feedsByName[feed.name] = record
    }

    public func replaceGroups(of feed: FeedRecord, with updates: [FeedGroupUpdate]) async throws(StoreError) {
        upsert(feed)
        let keep = Set(updates.map(\.group.name))
        groups = groups.filter { $0.key.feed != feed.name || keep.contains($0.key.name) }
        for update in updates {
            let g = update.group
            let key = FeedGroupKey(feed: g.feed, name: g.name)
            guard let data = update.data else {
                // Unchanged content: only the sync bookkeeping moves, of a group that exists.
                guard var stored = groups[key] else { continue }
                stored.record.recordCount = g.recordCount
                stored.record.updatedAt = g.updatedAt
                stored.record.lastSync = g.lastSync
                stored.record.contentHash = g.contentHash
                groups[key] = stored
                continue
            }
            var record = g
            if let stored = groups[key] {
                record.enabled = stored.record.enabled
                record.createdAt = stored.record.createdAt
            }
            groups[key] = (record, data)
        }
    }

    public func setGroupEnabled(feed: String, group: String, enabled: Bool, at: Date) async throws(StoreError) -> Bool {
        let key = FeedGroupKey(feed: feed, name: group)
        guard groups[key] != nil else { return false }
        groups[key]?.record.enabled = enabled
        groups[key]?.record.updatedAt = at
        return true
    }

    public func deleteFeedData(feed: String, group: String?) async throws(StoreError) {
        if let group {
            groups[FeedGroupKey(feed: feed, name: group)] = nil
        } else {
            groups = groups.filter { $0.key.feed != feed }
            feedsByName[feed] = nil
        }
    }

    public func feedGroupData() async throws(StoreError) -> [(feed: String, group: String, data: Data)] {
        groups.sorted { ($0.key.feed, $0.key.name) < ($1.key.feed, $1.key.name) }.map { (feed: $0.key.feed, group: $0.key.name, data: $0.value.data) }
    }

    public func saveMatchInput(digest: Digest, data: Data) async throws(StoreError) { matchInputs[digest] = data }

    public func rematchRows(digests: [Digest]) async throws(StoreError) -> [RematchRow] {
        Set(digests).compactMap { digest in
            matchInputs[digest].map {
                RematchRow(digest: digest, input: $0, fingerprint: reports[digest]?.fingerprint, indexVersion: reports[digest]?.indexVersion)
            }
        }.sorted { $0.digest.description < $1.digest.description }
    }

    public func matchReports(digests: [Digest]) async throws(StoreError) -> [Digest: Data] {
        var result: [Digest: Data] = [:]
        for digest in digests { if let report = reports[digest] { result[digest] = report.data } }
        return result
    }

    public func saveRematch(_ updates: [MatchReportUpdate], current: [Digest], indexVersion: String) async throws(StoreError) {
        for update in updates { reports[update.digest] = update }
        for digest in current where reports[digest] != nil { reports[digest]?.indexVersion = indexVersion }
    }

    public func matchInput(digest: Digest) async throws(StoreError) -> Data? { matchInputs[digest] }

    public func matchedDigests() async throws(StoreError) -> [Digest] {
        let imaged = Set(images.keys.map(\.digest))
        return matchInputs.keys.filter(imaged.contains).sorted { $0.description < $1.description }
    }

    public func saveMatchReport(digest: Digest, data: Data, fingerprint: String, indexVersion: String?) async throws(StoreError) {
        reports[digest] = MatchReportUpdate(digest: digest, data: data, fingerprint: fingerprint, indexVersion: indexVersion)
    }

    public func matchReport(digest: Digest) async throws(StoreError) -> Data? { reports[digest]?.data }

    public func matchReportFingerprint(digest: Digest) async throws(StoreError) -> String? { reports[digest]?.fingerprint }

    public func deleteMatchReports() async throws(StoreError) { reports = [:] }
}
