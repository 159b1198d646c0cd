import ArgumentParser
@testable import Client
import Synchronization
import Testing

private func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

/// `image vuln` and `system feeds …` texts: anchore-cli 0.9.3's own `format_output` results for
/// the same payloads (see `VulnAndFeedsFixtures.swift`).
@Suite struct VulnAndFeedsFormatterTests {
    @Test func vulnerabilityTableSortsBySeverityNameThenWholeRow() throws {
        let text = try VulnerabilityFormatter.vulnerabilities(try json(VulnFixtures.all), type: "all")
        #expect(lines(text) == VulnFixtures.allLines)
    }

    @Test(arguments: ["os", "non-os"])
    func theTypeDoesNotFilterClientSide(type: String) throws {
        let text = try VulnerabilityFormatter.vulnerabilities(try json(VulnFixtures.all), type: type)
        #expect(lines(text) == VulnFixtures.allLines)
    }

    /// Drydock's `--exploits`: the same table with KEV and EPSS columns from each row's `kev` and `epss`.
    @Test func exploitColumnsShowKevDateAndEpss() throws {
        let payload = try json(#"""
            {"imageDigest": "sha256:x", "vulnerability_type": "os", "vulnerabilities": [
             {"vuln": "CVE-2024-2236", "package": "libgcrypt20-1.10.1-3", "severity": "Medium", "fix": "None", "nvd_data": [], "url": "u",
              "package_type": "dpkg", "feed_group": "debian:12", "package_path": "pkgdb",
              "kev": {"cve": "CVE-2024-2236", "date_added": "2026-11-30"}, "epss": {"score": 0.00211, "percentile": 0.59013}},
             {"vuln": "CVE-2011-3374", "package": "apt-2.6.1", "severity": "Negligible", "fix": "None", "nvd_data": [], "url": "u",
              "package_type": "dpkg", "feed_group": "debian:12", "package_path": "pkgdb", "kev": null, "epss": null}]}
            """#)
        let text = lines(try VulnerabilityFormatter.vulnerabilities(payload, type: "os", exploits: true))
        #expect(text.first?.hasSuffix("Package Path        KEV               EPSS                   ") == true, "\(text)")
        #expect(text.contains { $0.hasPrefix("CVE-2024-2236") && $0.contains("2026-11-30        0.00211 (59.0%)") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("CVE-2011-3374") && $0.contains("None              None") }, "\(text)")
        // Without the flag, anchore-cli's columns only.
        #expect(try VulnerabilityFormatter.vulnerabilities(payload, type: "os").contains("KEV") == false)
    }

    @Test func withoutATypeTheAvailableTypesAreListed() throws {
        #expect(try VulnerabilityFormatter.vulnerabilities(["os", "non-os", "all"], type: nil)
            == "os: available\nnon-os: available\nall: available\n\n")
        #expect(try VulnerabilityFormatter.vulnerabilities(["os", "os"], type: "") == "os: available\nos: available\n\n")
    }

    @Test func anUnknownTypeRendersNothing() throws {
        #expect(try VulnerabilityFormatter.vulnerabilities(try json(VulnFixtures.all), type: "bogus") == "")
    }

    @Test func aRecordWithoutNVDDataFailsLikePython() throws {
        let console = RecordingConsole()
        let text = OutputFormatter.render(try json(VulnFixtures.withoutNVDData), jsonMode: false, console: console) {
            payload throws(ClientError) in try VulnerabilityFormatter.vulnerabilities(payload, type: "os")
        }
        #expect(console.output + text == VulnFixtures.withoutNVDDataOutput)
    }

    @Test func feedListShowsPendingDashAndDisabledSuffixes() throws {
        #expect(lines(try FeedsFormatter.list(try json(FeedFixtures.list))) == FeedFixtures.listLines)
        #expect(lines(try FeedsFormatter.list([try json(FeedFixtures.disabledFeed)])) == FeedFixtures.disabledFeedLines)
        #expect(try FeedsFormatter.list([]) == "\n")
    }

    @Test func feedListNeedsGroups() {
        #expect(throws: ClientError.self) { try FeedsFormatter.list([["name": "vulnerabilities"]]) }
    }

    @Test func groupTableShowsPendingEvenWhenDisabled() throws {
        #expect(lines(try FeedsFormatter.groups([try json(FeedFixtures.disabledGroup)])) == FeedFixtures.disabledGroupLines)
        #expect(lines(try FeedsFormatter.groups([try json(FeedFixtures.syncedGroup)])) == FeedFixtures.syncedGroupLines)
    }

    @Test func syncResultsFormatDurationsWithTwoDecimals() throws {
        #expect(lines(try FeedsFormatter.syncResults(try json(FeedFixtures.sync))) == FeedFixtures.syncLines)
        #expect(try FeedsFormatter.syncResults(["feed": "vulnerabilities", "status": "success"]) == "Success")
        #expect(try FeedsFormatter.syncResults([]) == "")
        let console = RecordingConsole()
        let text = OutputFormatter.render(try json(FeedFixtures.syncWithStringDuration), jsonMode: false, console: console) {
            payload throws(ClientError) in try FeedsFormatter.syncResults(payload)
        }
        #expect(console.output + text == FeedFixtures.syncWithStringDurationOutput)
    }
}

/// The URLs anchore-cli 0.9.3 builds (`apiexternal.query_image`, `system_feed*`), checked
/// against what it sent to a stub server.
@Suite struct VulnAndFeedsRequestTests {
    let endpoints = AnchoreEndpoints(baseURL: base)

    @Test func vulnerabilityQueriesAlwaysCarryVendorOnly() {
        let quoted = "sha256%3Aabc"
        #expect(endpoints.vulnerabilities(digest: quoted, type: nil, vendorOnly: true)
            == APIRequest(.get, "\(base)/images/sha256%3Aabc/vuln?vendor_only=True"))
        #expect(endpoints.vulnerabilities(digest: quoted, type: "", vendorOnly: true).url
            == "\(base)/images/sha256%3Aabc/vuln?vendor_only=True")
        #expect(endpoints.vulnerabilities(digest: "sha256:abc", type: "os", vendorOnly: false).url
            == "\(base)/images/sha256:abc/vuln/os?vendor_only=False")
        #expect(AnchoreEndpoints(baseURL: base + "/").vulnerabilities(digest: quoted, type: "non-os", vendorOnly: true).url
            == "\(base)/images/sha256%3Aabc/vuln/non-os?vendor_only=True")
    }

    @Test func feedOperations() {
        #expect(endpoints.syncFeeds(flush: false) == APIRequest(.post, "\(base)/system/feeds?flush=False"))
        #expect(endpoints.syncFeeds(flush: true) == APIRequest(.post, "\(base)/system/feeds?flush=True"))
        #expect(endpoints.setFeedEnabled(feed: "vulnerabilities", enabled: true)
            == APIRequest(.put, "\(base)/system/feeds/vulnerabilities?enabled=True"))
        #expect(endpoints.setFeedEnabled(feed: "vulnerabilities", group: "debian:10", enabled: false)
            == APIRequest(.put, "\(base)/system/feeds/vulnerabilities/debian:10?enabled=False"))
        #expect(endpoints.setFeedEnabled(feed: "vulnerabilities", group: "", enabled: false).url
            == "\(base)/system/feeds/vulnerabilities?enabled=False")
        #expect(endpoints.deleteFeed(feed: "nvdv2") == APIRequest(.delete, "\(base)/system/feeds/nvdv2"))
        #expect(endpoints.deleteFeed(feed: "vulnerabilities", group: "alpine:3.12")
            == APIRequest(.delete, "\(base)/system/feeds/vulnerabilities/alpine:3.12"))
    }

    @Test(arguments: [
        ("true", true), ("True", true), (" y ", true), ("1", true), ("on", true), ("YES", true), ("t", true),
        ("false", false), ("False", false), ("n", false), ("0", false), ("off", false), ("No", false), ("F", false),
    ])
    func vendorOnlyReadsClickBooleans(text: String, value: Bool) throws {
        let command = try ImageCommand.Vuln.parse(["docker.io/alpine:3.12", "os", "--vendor-only", text])
        #expect(command.vendorOnly == ClickBool(value))
    }

    @Test func vendorOnlyDefaultsToTrueAndRejectsOtherWords() throws {
        #expect(try ImageCommand.Vuln.parse(["docker.io/alpine:3.12"]).vendorOnly == ClickBool(true))
        #expect(ClickBool(argument: "maybe") == nil)
        #expect(throws: (any Error).self) { try ImageCommand.Vuln.parse(["img", "os", "--vendor-only", "maybe"]) }
    }
}

/// Whole `image vuln` and `system feeds` commands against an in-memory service.
@Suite struct VulnAndFeedsSessionTests {
    static let hexDigest = "sha256:" + String(repeating: "e0a6", count: 16)
    static let quotedDigest = "sha256%3A" + String(repeating: "e0a6", count: 16)

    @Test func vulnByDigestQueriesTheQuotedDigestAndPrintsTheTable() async throws {
        let vulnerabilities = try json(VulnFixtures.all)
        let transport = RecordingTransport { $0.url == base ? ok("v1") : ok(vulnerabilities) }
        let result = await runSession(transport) { try await $0.imageVulnerabilities(Self.hexDigest, type: "all") }
        #expect(result.status == 0)
        #expect(transport.calls == ["GET \(base)/images/\(Self.quotedDigest)/vuln/all?vendor_only=True"])
        #expect(result.output == VulnFixtures.allLines.joined(separator: "\n") + "\n")
    }

    @Test func vulnTypesListEndsWithTwoBlankLines() async {
        let transport = RecordingTransport { $0.url == base ? ok("v1") : ok(["os", "non-os", "all"]) }
        let result = await runSession(transport) { try await $0.imageVulnerabilities(Self.hexDigest, type: nil) }
        #expect(result.status == 0)
        #expect(transport.calls == ["GET \(base)/images/\(Self.quotedDigest)/vuln?vendor_only=True"])
        #expect(result.output == "os: available\nnon-os: available\nall: available\n\n\n")
    }

    @Test func vulnByTagUsesTheRecordsDigestAsSent() async throws {
        let record = try json(analyzedRecordJSON)
        let transport = RecordingTransport { request in
            if request.url == base { return ok("v1") }
            return request.url.contains("fulltag=") ? ok([record]) : ok(["imageDigest": .string(imageDigest), "vulnerabilities": []])
        }
        let result = await runSession(transport) {
            try await $0.imageVulnerabilities("docker.io/alpine:3.12", type: "os", vendorOnly: false)
        }
        #expect(result.status == 0)
        #expect(transport.calls == [
            "GET \(base)/images?fulltag=docker.io%2Falpine%3A3.12&history=false",
            "GET \(base)/images/\(imageDigest)/vuln/os?vendor_only=False",
        ])
        #expect(result.output == "\n")
    }

    @Test(arguments: [
        ("image is not analyzed - analysis_status: analyzing", 404, Int32(100)),
        ("image is not analyzed - analysis_status: not_analyzed", 404, 101),
        ("image is not analyzed - analysis_status: analysis_failed", 404, 1),
        ("internal error", 500, 2),
    ])
    func vulnErrorsMapAnalysisStatesToTheirExitCodes(message: String, status: Int, exit: Int32) async {
        let transport = RecordingTransport { $0.url == base ? ok("v1") : envelope(status, message) }
        let result = await runSession(transport) { try await $0.imageVulnerabilities(Self.hexDigest, type: "os") }
        #expect(result.status == exit)
        #expect(result.output == "Error: \(message)\nHTTP Code: \(status)\nDetail: {'error_codes': []}\n\n")
    }

    @Test func vulnErrorWithoutAMessageReportsTheKeyErrorWithTheHTTPExitCode() async {
        let transport = RecordingTransport { $0.url == base ? ok("v1") : APIResponse(status: 404, json: ["detail": "x"]) }
        let result = await runSession(transport) { try await $0.imageVulnerabilities(Self.hexDigest, type: "os") }
        #expect(result.status == 1)
        #expect(result.output == "Error: 'message'\n\n")
    }

    @Test func vulnUnauthorizedWithAnEmptyBodyFailsOnTheSubstituteText() async {
        let transport = RecordingTransport { $0.url == base ? ok("v1") : APIResponse(status: 401, body: []) }
        let result = await runSession(transport) { try await $0.imageVulnerabilities(Self.hexDigest, type: "os") }
        #expect(result.status == 2)
        #expect(result.output == "Error: string indices must be integers, not 'str'\n\n")
    }

    @Test func vulnForAnUnknownTagExitsOne() async {
        let transport = RecordingTransport { $0.url == base ? ok("v1") : envelope(404, "image data not found in DB") }
        let result = await runSession(transport) { try await $0.imageVulnerabilities("docker.io/missing:1", type: "os") }
        #expect(result.status == 1)
        #expect(result.output == "Error: cannot use input image string (no discovered imageDigest)\n\n")
        #expect(transport.calls == ["GET \(base)/images?fulltag=docker.io%2Fmissing%3A1&history=false"])
    }

    @Test func feedsListPrintsTheTableAndItsTrailingNewline() async throws {
        let feeds = try json(FeedFixtures.list)
        let transport = RecordingTransport { $0.url == base ? ok("v1") : ok(feeds) }
        let result = await runSession(transport) { try await $0.listFeeds() }
        #expect(result.status == 0)
        #expect(transport.calls == ["GET \(base)/system/feeds"])
        #expect(result.output == FeedFixtures.listLines.joined(separator: "\n") + "\n")
    }

    /// What anchore-cli 0.9.3 wrote to stdout for `system feeds sync` with stdin at end of file
    /// (or answered anything but y): the warning and the unanswered question, nothing else, exit 0.
    static let unansweredSyncOutput =
        "\nWARNING: This operation should not normally need to be performed except when the anchore-engine operator is "
        + "certain that it is required - the operation will take a long time (hours) to complete, and there may be an "
        + "impact on anchore-engine performance during the re-sync/flush.\n\nReally perform a manual feed data sync/flush? (y/N)"

    @Test(arguments: [nil, "n", "", " y", "yes", "y\r"] as [String?])
    func feedsSyncWithoutAYesSendsNothing(answer: String?) async {
        let transport = RecordingTransport { _ in ok("v1") }
        let result = await runSession(transport, answers: [answer]) { try await $0.syncFeeds(flush: true) }
        #expect(result.status == 0)
        #expect(transport.calls.isEmpty)
        #expect(result.output == Self.unansweredSyncOutput)
    }

    @Test(arguments: [("y", true), ("Y", false)])
    func feedsSyncAfterYesPostsAndPrintsTheResults(answer: String, flush: Bool) async throws {
        let results = try json(FeedFixtures.sync)
        let transport = RecordingTransport { $0.url == base ? ok("v1") : ok(results) }
        let result = await runSession(transport, answers: [answer]) { try await $0.syncFeeds(flush: flush) }
        #expect(result.status == 0)
        #expect(transport.requests.last == APIRequest(.post, "\(base)/system/feeds?flush=\(flush ? "True" : "False")"))
        #expect(result.output == Self.unansweredSyncOutput + FeedFixtures.syncLines.joined(separator: "\n") + "\n")
    }

    @Test func feedsSyncConflictExitsOne() async {
        let transport = RecordingTransport { $0.url == base ? ok("v1") : envelope(409, "Feed sync already in progress") }
        let result = await runSession(transport, answers: ["y"]) { try await $0.syncFeeds() }
        #expect(result.status == 1)
        #expect(result.output == Self.unansweredSyncOutput + "Error: Feed sync already in progress\nHTTP Code: 409\nDetail: {'error_codes': []}\n\n")
    }

    @Test(arguments: [
        (false, false, "Must set one of --enable or --disable"),
        (true, true, "Can set only one of --enable or --disable"),
    ])
    func feedsConfigNeedsExactlyOneOfEnableAndDisable(enable: Bool, disable: Bool, message: String) async {
        let transport = RecordingTransport { _ in ok("v1") }
        let result = await runSession(transport) {
            try await $0.configureFeed("vulnerabilities", enable: enable, disable: disable)
        }
        #expect(result.status == 2)
        #expect(result.output == "Error: \(message)\n\n")
        #expect(transport.requests == [APIRequest(.get, base)])
    }

    @Test func feedsConfigOfAGroupPrintsTheGroupTable() async throws {
        let group = try json(FeedFixtures.disabledGroup)
        let transport = RecordingTransport { $0.url == base ? ok("v1") : ok(group) }
        let result = await runSession(transport) {
            try await $0.configureFeed("vulnerabilities", group: "debian:10", enable: false, disable: true)
        }
        #expect(result.status == 0)
        #expect(transport.calls == ["PUT \(base)/system/feeds/vulnerabilities/debian:10?enabled=False"])
        #expect(transport.requests.last?.body == nil)
        #expect(result.output == FeedFixtures.disabledGroupLines.joined(separator: "\n") + "\n")
        let jsonResult = await runSession(transport, json: true) {
            try await $0.configureFeed("vulnerabilities", group: "debian:10", enable: false, disable: true)
        }
        #expect(jsonResult.output == FeedFixtures.disabledGroupJSON + "\n")
    }

    @Test func feedsConfigOfAFeedPrintsItAsAOneFeedList() async throws {
        let feed = try json(FeedFixtures.disabledFeed)
        let transport = RecordingTransport { $0.url == base ? ok("v1") : ok(feed) }
        let result = await runSession(transport) { try await $0.configureFeed("vulnerabilities", enable: false, disable: true) }
        #expect(result.status == 0)
        #expect(transport.calls == ["PUT \(base)/system/feeds/vulnerabilities?enabled=False"])
        #expect(result.output == FeedFixtures.disabledFeedLines.joined(separator: "\n") + "\n")
    }

    @Test func feedsDeleteOfAnEnabledFeedExitsOne() async {
        let transport = RecordingTransport {
            $0.url == base ? ok("v1") : APIResponse(status: 409, json: [
                "message": "Cannot delete an enabled feed. Disable the feed first", "httpcode": 409, "detail": [:],
            ])
        }
        let result = await runSession(transport) { try await $0.deleteFeed("vulnerabilities", group: "debian:10") }
        #expect(result.status == 1)
        #expect(transport.calls == ["DELETE \(base)/system/feeds/vulnerabilities/debian:10"])
        #expect(result.output == "Error: Cannot delete an enabled feed. Disable the feed first\nHTTP Code: 409\n\n")
    }

    @Test func feedsDeleteOfAFeedPrintsItAsAOneFeedList() async throws {
        let feed = try json(FeedFixtures.disabledFeed)
        let transport = RecordingTransport { $0.url == base ? ok("v1") : ok(feed) }
        let result = await runSession(transport) { try await $0.deleteFeed("vulnerabilities") }
        #expect(result.status == 0)
        #expect(transport.calls == ["DELETE \(base)/system/feeds/vulnerabilities"])
        #expect(result.output == FeedFixtures.disabledFeedLines.joined(separator: "\n") + "\n")
    }

    @Test func feedsCommandsParse() throws {
        let config = try SystemCommand.Feeds.Config.parse(["vulnerabilities", "--group", "debian:10", "--disable"])
        #expect(config.feed == "vulnerabilities" && config.group == "debian:10" && config.disable && !config.enable)
        #expect(try SystemCommand.Feeds.Sync.parse(["--flush"]).flush)
        #expect(try SystemCommand.Feeds.Delete.parse(["nvdv2"]).group == nil)
    }
}
