import Engine
import Foundation
import Hummingbird
import OCI
import Store
import Vulnerabilities

extension AnchoreAPI {
    static let vulnerabilityTypes = ["os", "non-os", "all"]
    /// Anchore's `nonos_package_types`: what `non-os` selects.
    static let nonOSPackageTypes: Set<String> = ["java", "python", "npm", "gem", "maven", "js", "composer", "nuget", "binary", "go"]
    /// The feed anchore-cli's `system wait --feedsready` looks for: all configured feeds, combined.
    static let combinedFeedName = "vulnerabilities"

    func registerVulnerabilities(on group: RouterGroup<DrydockContext>) {
        group.get("images/:digest/vuln", use: vulnerabilityTypesList)
        group.get("images/by_id/:imageId/vuln", use: vulnerabilityTypesList)
        group.get("images/:digest/vuln/:vtype", use: imageVulnerabilities)
        group.get("images/by_id/:imageId/vuln/:vtype", use: imageVulnerabilities)
        group.get("summaries/vulnerabilities", use: vulnerabilitySummaries)
        group.get("system/feeds", use: feeds)
        group.post("system/feeds", use: syncFeeds)
        group.get("system/feeds/bundle", use: exportFeeds)
        group.post("system/feeds/bundle", use: importFeeds)
        group.put("system/feeds/:feed", use: toggleFeed)
        group.put("system/feeds/:feed/:group", use: toggleFeed)
        group.delete("system/feeds/:feed", use: deleteFeed)
        group.delete("system/feeds/:feed/:group", use: deleteFeed)
    }

    // MARK: Image vulnerabilities

    @Sendable func vulnerabilityTypesList(_ request: Request, context: DrydockContext) async throws -> Response {
        _ = try await namedImage(context)
        return try jsonResponse(object: Self.vulnerabilityTypes)
    }

    @Sendable func imageVulnerabilities(_ request: Request, context: DrydockContext) async throws -> Response {
        let type = try context.parameters.decoded("vtype")
        guard Self.vulnerabilityTypes.contains(type) else {
            throw APIError.notFound("vulnerability type (\(type)) is not one of os, non-os, all")
        }
        let image = try await analyzedImage(context)
        let vendorOnly = try request.bool("vendor_only", default: true)
        let report: MatchReport
        do {
            report = try await vulnerabilities.report(for: image, refresh: try request.bool("force_refresh", default: false))
        } catch let error as FeedOperationError {
            throw APIError(.notFound, "\(error.description); re-add the image with force=true")
        }
        let selected = report.matches.filter { match in
            let nonOS = Self.nonOSPackageTypes.contains(match.packageType.lowercased())
            let typeOK = type == "all" || (type == "non-os") == nonOS
            return typeOK && !(vendorOnly && match.willNotFix)
        }
        var warnings = report.warnings
        let index = vulnerabilities.matcher.index
        if type == "non-os" { warnings.removeAll { $0.hasPrefix("no vulnerability data for the distro") || $0.hasPrefix("the image's distro") } }
        // The account's VEX statements: not_affected and fixed take a match out of the findings (listed apart, with
        // the statement); the others annotate it.
        let statements = try await vex.statements(account: image.account, feeds: index.vex)
        let digest = image.digest.description
        var rows: [[String: Any]] = []
        var suppressed: [[String: Any]] = []
        for match in selected {
            var object = Self.vulnerabilityObject(match, index: index)
            let assessment = statements.assessment(for: match, image: digest)
            object["vex"] = assessment.map(Self.vexObject) ?? NSNull()
            if assessment?.statement.status.suppresses == true { suppressed.append(object) } else { rows.append(object) }
        }
        return try jsonResponse(object: [
            "imageDigest": digest, "vulnerability_type": type, "vulnerabilities": rows, "vex_suppressed": suppressed, "warnings": warnings,
        ])
    }

    /// `GET /summaries/vulnerabilities` (Drydock): per analyzed image of the account with stored matches, the
    /// count of vulnerabilities by severity as `vuln/all` lists them by default (vendor_only, VEX applied). Images without
    /// stored matches are absent: their counts are unknown.
    @Sendable func vulnerabilitySummaries(_ request: Request, context: DrydockContext) async throws -> Response {
        let images = try await catalog.images(
            account: try context.account, fullTag: nil, history: false, analysisStatus: .analyzed, imageStatus: .active)
        let reports = try await vulnerabilities.storedReports(digests: images.map(\.digest))
        let statements = try await vex.statements(account: try context.account, feeds: vulnerabilities.matcher.index.vex)
        var summaries: [[String: Any]] = []
        for image in images {
            guard let report = reports[image.digest] else { continue }
            var counts = Dictionary(uniqueKeysWithValues: Self.severities.map { ($0, 0) })
            var total = 0
            let digest = image.digest.description
            for match in report.matches where !match.willNotFix {
                if statements.assessment(for: match, image: digest)?.statement.status.suppresses == true { continue }
                counts[Self.severities.contains(match.severity) ? match.severity : "Unknown", default: 0] += 1
                total += 1
            }
            summaries.append(["imageDigest": image.digest.description, "counts": counts, "total": total])
        }
        return try jsonResponse(object: summaries)
    }

    static func vexObject(_ assessment: VEXStatements.Assessment) -> [String: Any] {
        let statement = assessment.statement
        var object: [String: Any] = [
            "status": statement.status.rawValue, "document": assessment.document, "author": assessment.author,
            "vulnerability": statement.vulnerability, "timestamp": statement.timestamp,
        ]
        if let value = statement.justification { object["justification"] = value }
        if let value = statement.impactStatement { object["impact_statement"] = value }
        if let value = statement.actionStatement { object["action_statement"] = value }
        return object
    }

    static let severities = ["Critical", "High", "Medium", "Low", "Negligible", "Unknown"]

    /// Reference 6.2: missing values are the string "None", unknown CVSS scores -1.0.
    /// With Drydock's enrichment: `kev` (CISA's catalog entry of the match's CVE, or null) and `epss` (FIRST's
    /// score and percentile, or null), looked up in the current data when the response is made, and for Go matches
    /// `vulnerable_symbols` when the Go database names them.
    static func vulnerabilityObject(_ match: VulnerabilityMatch, index: VulnerabilityIndex) -> [String: Any] {
        var object = vulnerabilityObject(match)
        let ids = [match.id] + match.aliases
        if let kev = index.knownExploited(ids) {
            object["kev"] = [
                "cve": kev.id, "date_added": kev.dateAdded, "due_date": kev.dueDate ?? "None",
                "known_ransomware_campaign_use": kev.ransomware ?? "Unknown",
            ] as [String: Any]
        } else {
            object["kev"] = NSNull()
        }
        // The Go database's vulnerable symbols: what a program must call to be exposed (Drydock).
        if match.namespace == "go",
           let record = index.entries(namespace: match.namespace, package: match.packageName).first(where: { $0.record.id == match.id })?.record,
           !record.symbols.isEmpty {
            object["vulnerable_symbols"] = record.symbols
        }
        if let epss = index.epss(ids) {
            object["epss"] = ["cve": epss.id, "score": epss.score, "percentile": epss.percentile, "date": epss.date ?? "None"] as [String: Any]
        } else {
            object["epss"] = NSNull()
        }
        return object
    }

    static func vulnerabilityObject(_ match: VulnerabilityMatch) -> [String: Any] {
        func scores(_ s: ScoreSummary) -> [String: Any] {
            func triple(_ t: ScoreSummary.Scores) -> [String: Any] {
                ["base_score": t.baseScore, "exploitability_score": t.exploitabilityScore, "impact_score": t.impactScore]
            }
            return ["id": s.id, "cvss_v2": triple(s.cvssV2), "cvss_v3": triple(s.cvssV3)]
        }
        return [
            "vuln": match.id, "severity": match.severity, "url": match.url,
            "fix": match.fixedVersions.isEmpty ? "None" : match.fixedVersions.joined(separator: ","),
            "package": match.packageName + "-" + match.packageVersion, "package_name": match.packageName,
            "package_version": match.packageVersion, "package_type": match.packageType, "package_cpe": "None",
            "package_cpe23": "None", "package_path": match.packagePath, "feed": "vulnerabilities", "feed_group": match.namespace,
            "will_not_fix": match.willNotFix, "nvd_data": match.nvd.map(scores), "vendor_data": match.vendor.map(scores),
            "fix_state": match.fixState.rawValue, "fix_state_detail": match.fixStateDetail ?? "None", "source_feed": match.feed,
        ]
    }

    // MARK: Feeds

    @Sendable func feeds(_ request: Request, context: DrydockContext) async throws -> Response {
        _ = try context.account
        let statuses = try await vulnerabilities.status()
        var list = statuses.map { Self.feedObject($0, syncing: vulnerabilities.isSyncing) }
        if !statuses.isEmpty, !statuses.contains(where: { $0.source.name == Self.combinedFeedName }) {
            list.insert(Self.combinedFeedObject(statuses), at: 0)
        }
        return try jsonResponse(object: list)
    }

    @Sendable func syncFeeds(_ request: Request, context: DrydockContext) async throws -> Response {
        guard context.identity?.account.type == .admin else {
            throw APIError(.forbidden, "Only the admin account can sync feeds")
        }
        let flush = try request.bool("flush", default: false)
        let results: [FeedSyncResult]
        do {
            results = try await vulnerabilities.sync(flush: flush)
        } catch {
            switch error.code {
            case .syncInProgress:
                throw APIError(.conflict, "Feed sync already in progress", errorCodes: ["FEED_SYNC_ALREADY_IN_PROGRESS"])
            default:
                throw APIError(.internalServerError, error.description)
            }
        }
        return try jsonResponse(object: results.map { result in
                var object: [String: Any] = [
                    "feed": result.feed, "status": result.status, "total_time_seconds": result.seconds,
                    "groups": result.groups.map { g in
                        [
                            "group": g.group, "status": g.status, "updated_record_count": g.updatedRecordCount,
                            "updated_image_count": g.updatedImageCount, "total_time_seconds": g.seconds,
                        ] as [String: Any]
                    },
                    "skipped_entries": result.skippedEntries,
                ]
                if let error = result.error { object["error"] = error }
                return object
        })
    }

    /// The largest bundle `POST /system/feeds/bundle` reads (4 GiB).
    static let bundleLimit = 4 << 30

    /// `GET /system/feeds/bundle` (Drydock, admin): every synced group as one offline bundle.
    @Sendable func exportFeeds(_ request: Request, context: DrydockContext) async throws -> Response {
        guard context.identity?.account.type == .admin else { throw APIError(.forbidden, "Only the admin account can export feeds") }
        let data: Data
        do {
            data = try await vulnerabilities.exportBundle()
        } catch {
            throw APIError(error.code == .notFound ? .notFound : .internalServerError, error.description)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "application/octet-stream", .contentDisposition: "attachment; filename=\"drydock-feeds.bundle\""],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `POST /system/feeds/bundle` (Drydock, admin): loads a bundle; a damaged, truncated or newer one is a 400 and
    /// changes nothing.
    @Sendable func importFeeds(_ request: Request, context: DrydockContext) async throws -> Response {
        guard context.identity?.account.type == .admin else { throw APIError(.forbidden, "Only the admin account can import feeds") }
        let buffer = try await request.body.collect(upTo: Self.bundleLimit)
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("the request body is empty; a feed bundle is required") }
        let result: FeedImportResult
        do {
            result = try await vulnerabilities.importBundle(Data(buffer.readableBytesView))
        } catch {
            switch error.code {
            case .invalid: throw APIError.badRequest("invalid feed bundle: \(error.description)")
            case .syncInProgress: throw APIError(.conflict, "Feed sync already in progress", errorCodes: ["FEED_SYNC_ALREADY_IN_PROGRESS"])
            default: throw APIError(.internalServerError, error.description)
            }
        }
        return try jsonResponse(object: [
            "feeds": result.feeds, "groups": result.groups, "records": result.records, "unconfigured_feeds": result.unconfigured,
            "created_at": ISO8601DateFormatter().string(from: result.createdAt),
        ])
    }

    /// The configured feeds a request names: one, or all of them for the combined feed.
    func namedFeeds(_ name: String) async throws -> [FeedStatus] {
        let statuses = try await vulnerabilities.status()
        if let one = statuses.first(where: { $0.source.name == name }) { return [one] }
        if name == Self.combinedFeedName, !statuses.isEmpty { return statuses }
        throw APIError.notFound("feed \(name) not found")
    }

    @Sendable func toggleFeed(_ request: Request, context: DrydockContext) async throws -> Response {
        guard context.identity?.account.type == .admin else { throw APIError(.forbidden, "Only the admin account can configure feeds") }
        let name = try context.parameters.decoded("feed")
        let group = try context.parameters.get("group").map { _ in try context.parameters.decoded("group") }
        guard request.query("enabled") != nil else { throw APIError.badRequest("the enabled query parameter is required") }
        let enabled = try request.bool("enabled", default: true)
        let targets = try await namedFeeds(name)
        do {
            for feed in targets where group == nil || feed.groups.contains(where: { $0.name == group }) {
                _ = try await vulnerabilities.setEnabled(feed: feed.source.name, group: group, enabled: enabled)
            }
        } catch let error as FeedOperationError {
            throw APIError.notFound(error.description)
        }
        return try await feedOrGroupResponse(name: name, group: group)
    }

    @Sendable func deleteFeed(_ request: Request, context: DrydockContext) async throws -> Response {
        guard context.identity?.account.type == .admin else { throw APIError(.forbidden, "Only the admin account can delete feeds") }
        let name = try context.parameters.decoded("feed")
        let group = try context.parameters.get("group").map { _ in try context.parameters.decoded("group") }
        let targets = try await namedFeeds(name)
        // A group's answer is its record as the delete leaves it (no records, never synced): it is gone from the list.
        var groupBefore: [String: Any]?
        if let group { groupBefore = try await feedOrGroupObject(name: name, group: group) }
        if let group, !targets.contains(where: { $0.groups.contains { $0.name == group } }) {
            throw APIError.notFound("feed group \(name)/\(group) not found")
        }
        if let group, targets.contains(where: { $0.groups.contains { $0.name == group && $0.enabled } }) {
            throw APIError(.conflict, "Cannot delete an enabled feed group. Disable the feed group first")
        }
        if group == nil, targets.contains(where: \.record.enabled) {
            throw APIError(.conflict, "Cannot delete an enabled feed. Disable the feed first")
        }
        do {
            for feed in targets where group == nil || feed.groups.contains(where: { $0.name == group }) {
                _ = try await vulnerabilities.delete(feed: feed.source.name, group: group)
            }
        } catch let error as FeedOperationError {
            throw APIError(error.code == .mustDisableFirst ? .conflict : .notFound, error.description)
        }
        guard var deleted = groupBefore else { return try await feedOrGroupResponse(name: name, group: nil) }
        deleted["record_count"] = 0
        deleted["last_sync"] = NSNull()
        deleted["updated_at"] = rfc3339(Date())
        return try jsonResponse(object: deleted)
    }

    func feedOrGroupResponse(name: String, group: String?) async throws -> Response {
        try jsonResponse(object: try await feedOrGroupObject(name: name, group: group))
    }

    /// `feedObject` of the feed (the combined one for `vulnerabilities`), or of one of its groups.
    func feedOrGroupObject(name: String, group: String?) async throws -> [String: Any] {
        let statuses = try await vulnerabilities.status()
        let feed: [String: Any]
        if let one = statuses.first(where: { $0.source.name == name }) {
            feed = Self.feedObject(one, syncing: vulnerabilities.isSyncing)
        } else {
            feed = Self.combinedFeedObject(statuses)
        }
        guard let group else { return feed }
        let groups = feed["groups"] as? [[String: Any]] ?? []
        guard let object = groups.first(where: { $0["name"] as? String == group }) else {
            throw APIError.notFound("feed group \(name)/\(group) not found")
        }
        return object
    }

    static func optionalDate(_ date: Date?) -> Any { date.map(rfc3339) ?? NSNull() }

    static func groupObject(_ group: FeedGroupRecord) -> [String: Any] {
        [
            "name": group.name, "enabled": group.enabled, "created_at": rfc3339(group.createdAt),
            "updated_at": rfc3339(group.updatedAt), "last_sync": optionalDate(group.lastSync), "record_count": group.recordCount,
        ]
    }

    static func feedObject(_ status: FeedStatus, syncing: Bool) -> [String: Any] {
        [
            "name": status.source.name, "enabled": status.record.enabled, "created_at": rfc3339(status.record.createdAt),
            "updated_at": rfc3339(status.record.updatedAt), "last_full_sync": optionalDate(status.record.lastFullSync),
            "groups": status.groups.map(groupObject), "driver": status.source.driver.rawValue,
            "url": status.source.url.absoluteString, "last_error": status.record.lastError ?? NSNull(),
            "last_attempt": optionalDate(status.record.lastAttempt), "syncing": syncing,
        ]
    }

    /// All configured feeds as one `vulnerabilities` feed, its groups the namespaces: synced once every enabled
    /// feed has synced.
    static func combinedFeedObject(_ statuses: [FeedStatus]) -> [String: Any] {
        let enabled = statuses.filter(\.record.enabled)
        let synced = enabled.compactMap(\.record.lastFullSync)
        var groups: [String: FeedGroupRecord] = [:]
        for status in enabled {
            for group in status.groups {
                if var existing = groups[group.name] {
                    existing.recordCount += group.recordCount
                    existing.enabled = existing.enabled || group.enabled
                    existing.lastSync = [existing.lastSync, group.lastSync].compactMap { $0 }.min()
                    existing.updatedAt = max(existing.updatedAt, group.updatedAt)
                    groups[group.name] = existing
                } else {
                    groups[group.name] = group
                }
            }
        }
        return [
            "name": combinedFeedName, "enabled": !enabled.isEmpty,
            "created_at": rfc3339(statuses.map(\.record.createdAt).min() ?? Date()),
            "updated_at": rfc3339(statuses.map(\.record.updatedAt).max() ?? Date()),
            "last_full_sync": !enabled.isEmpty && synced.count == enabled.count ? rfc3339(synced.min()!) : NSNull(),
            "groups": groups.values.sorted { $0.name < $1.name }.map(groupObject),
            "feeds": statuses.map(\.source.name),
        ]
    }
}
