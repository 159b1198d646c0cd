import ArgumentParser
@testable import Client
import Synchronization
import Testing

/// `system wait --feedsready`: anchore-cli waits until each listed feed is enabled, has a full
/// sync and at least one group, every group synced or disabled.
@Suite struct WaitForFeedsTests {
    static let services: JSONValue = ["service_states": [["servicename": "catalog", "service_detail": ["up": true]]]]

    static func feed(_ name: String, enabled: Bool = true, fullSync: JSONValue = "2021-10-01T06:00:00Z", groups: [JSONValue]) -> JSONValue {
        ["name": .string(name), "enabled": .bool(enabled), "last_full_sync": fullSync, "groups": .array(groups)]
    }

    static func group(_ name: String, synced: Bool, enabled: Bool = true) -> JSONValue {
        ["name": .string(name), "enabled": .bool(enabled), "last_sync": synced ? "2021-10-01T06:00:00Z" : nil, "record_count": 1]
    }

    /// A service whose `GET /system/feeds` answers the given payloads in turn (the last one repeated).
    static func transport(_ answers: [JSONValue]) -> RecordingTransport {
        let polls = Mutex(0)
        return RecordingTransport { request in
            if request.url == base { return ok("v1") }
            guard request.url.hasSuffix("/system/feeds") else { return ok(services) }
            let index = polls.withLock { count in
                defer { count += 1 }
                return count
            }
            return ok(answers[min(index, answers.count - 1)])
        }
    }

    /// The timeout is generous: a successful wait ends at the synced answer, and a loaded test machine (the
    /// whole suite runs in parallel on two cores) can starve a short one.
    private func wait(_ transport: RecordingTransport, feeds: String = "vulnerabilities", timeout: Double = 120) async
        -> (status: Int32, output: String, console: RecordingConsole)
    {
        await runSession(transport, checkAccess: false) {
            try await $0.waitForSystem(timeout: timeout, interval: 0.01, feedsReady: feeds, servicesReady: "catalog")
        }
    }

    private func feedPolls(_ transport: RecordingTransport) -> Int { transport.requests.filter { $0.url.hasSuffix("/system/feeds") }.count }

    @Test func waitsUntilEveryGroupHasSynced() async {
        let pending = [Self.feed("vulnerabilities", groups: [Self.group("debian:10", synced: true), Self.group("alpine:3.12", synced: false)])]
        let noFullSync = [Self.feed("vulnerabilities", fullSync: nil, groups: [Self.group("debian:10", synced: true)])]
        let synced = [Self.feed("vulnerabilities", groups: [Self.group("debian:10", synced: true), Self.group("alpine:3.12", synced: true)])]
        let transport = Self.transport([.array(pending), .array(noFullSync), .array(synced)])
        let result = await wait(transport)
        #expect(result.status == 0)
        #expect(feedPolls(transport) == 3)
        #expect(result.console.errors.contains("timeout=120.0 interval=0.01"))
        #expect(result.console.errors.hasSuffix("""
            Feed sync: Checking sync completion for feed set (vulnerabilities)...
            Feed sync: Checking sync completion for feed set (vulnerabilities)...
            Feed sync: Checking sync completion for feed set (vulnerabilities)...
            Feed sync: Success.

            """))
    }

    @Test func aDisabledGroupCountsAsSynced() async {
        let feeds = [Self.feed("vulnerabilities", groups: [Self.group("debian:10", synced: true), Self.group("rhel:8", synced: false, enabled: false)])]
        let transport = Self.transport([.array(feeds)])
        #expect(await wait(transport).status == 0)
        #expect(feedPolls(transport) == 1)
    }

    @Test func aFeedWithoutGroupsNeverCountsAsSynced() async {
        let transport = Self.transport([.array([Self.feed("vulnerabilities", groups: [])])])
        let result = await wait(transport, timeout: 0.2)
        #expect(result.status == 2)
        #expect(result.output == "Error: timed out after 0.2 seconds.\n\n")
        #expect(feedPolls(transport) >= 1)
    }

    @Test func waitingForADisabledFeedFailsAtOnce() async {
        let transport = Self.transport([.array([Self.feed("vulnerabilities", enabled: false, groups: [Self.group("debian:10", synced: true)])])])
        let result = await wait(transport)
        #expect(result.status == 2)
        #expect(result.output == "Error: Requesting wait for disabled feed: vulnerabilities\n\n")
        #expect(feedPolls(transport) == 1)
    }

    @Test func everyListedFeedMustSyncAndAnEmptyListSkipsTheFeedCheck() async {
        let vulnerabilities = Self.feed("vulnerabilities", groups: [Self.group("debian:10", synced: true)])
        let nvd = Self.feed("nvdv2", groups: [Self.group("nvdv2:cves", synced: false)])
        let nvdSynced = Self.feed("nvdv2", groups: [Self.group("nvdv2:cves", synced: true)])
        let transport = Self.transport([[vulnerabilities, nvd], [nvdSynced]])
        let result = await wait(transport, feeds: "vulnerabilities,nvdv2")
        #expect(result.status == 0)
        #expect(feedPolls(transport) == 2)
        #expect(result.console.errors.contains("Feed sync: Checking sync completion for feed set (vulnerabilities,nvdv2)...\n"))
        let skipped = Self.transport([[nvd]])
        #expect(await wait(skipped, feeds: "").status == 0)
        #expect(feedPolls(skipped) == 0)
    }
}
