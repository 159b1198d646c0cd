import Engine
import Foundation
import NIOHTTP1
import Server
import Synchronization
import TestSupport
import Testing
import Vulnerabilities

/// The default Alpine feed is secdb.alpinelinux.org's root: every release its index lists. Here a real HTTP server
/// on 127.0.0.1 plays the site with the real secdb files of v3.9 and v3.10 (`../shared/vulndata/alpine-secdb`).
@Suite(.serialized) struct AlpineSecdbIndexTests {
    static let secdb = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "../shared/vulndata/alpine-secdb").standardizedFileURL

    /// The site's index page as nginx lists it: releases, and links that are not releases.
    static let index = """
        <html>
        <head><title>Index of /</title></head>
        <body>
        <h1>Index of /</h1><hr><pre><a href="../">../</a>
        <a href="edge/">edge/</a>                                              02-Dec-2026 06:11       -
        <a href="v3.10/">v3.10/</a>                                             29-Nov-2023 09:04       -
        <a href="v3.9/">v3.9/</a>                                              29-Nov-2023 09:04       -
        <a href="last-update">last-update</a>                                        07-Dec-2026 12:00      11
        <a href="license.txt">license.txt</a>                                        21-Mar-2022 11:40    1113
        </pre><hr></body>
        </html>

        """

    @Test func releasesAreReadFromTheIndexPage() {
        #expect(AlpineSecDBFeed.releases(inIndex: Self.index) == ["v3.9", "v3.10", "edge"])
        #expect(AlpineSecDBFeed.releases(inIndex: "<a href=\"license.txt\">x</a>").isEmpty)
    }

    /// Which path the site answers 500 for.
    final class Failing: Sendable {
        let path = Mutex<String?>(nil)
    }

    /// The site: the index, the two releases' files; edge has none (404), and the path in `failing` answers 500.
    static func site(failing: Failing) async throws -> ScriptedRegistry {
        try await ScriptedRegistry.start { request in
            let path = String(request.path.prefix { $0 != "?" })
            if path == "/" { return .init(status: 200, headers: ["Content-Type": "text/html"], body: Array(index.utf8)) }
            if path == failing.path.withLock({ $0 }) { return .init(status: 500, body: Array("boom".utf8)) }
            let file = secdb.appending(path: String(path.dropFirst()))
            guard path.hasPrefix("/v3."), let data = try? Data(contentsOf: file) else { return .init(status: 404) }
            return .init(status: 200, headers: ["Content-Type": "application/yaml"], body: Array(data))
        }
    }

    @Test func everyReleaseTheIndexListsIsSyncedAndAFailedFileKeepsTheData() async throws {
        // What each release holds, read by the parser from the same files.
        var expected: [String: Int] = [:]
        for release in ["v3.9", "v3.10"] {
            for repository in ["main", "community"] {
                let parsed = try AlpineSecDBFeed.parse(try Data(contentsOf: Self.secdb.appending(path: "\(release)/\(repository).yaml")), format: .yaml)
                for record in parsed.records { expected[record.namespace, default: 0] += 1 }
            }
        }
        #expect(Set(expected.keys) == ["alpine:3.9", "alpine:3.10"])

        let failing = Failing()
        let site = try await Self.site(failing: failing)
        defer { Task { await site.stop() } }
        try await ServiceHarness.with(configure: { configuration in
            configuration.feeds = [FeedSourceConfiguration(name: "alpine", driver: .alpineSecdb, url: URL(string: "http://\(site.host)/")!)]
            configuration.feedSyncIntervalSeconds = 0
        }) { harness in
            let api = harness.api
            let synced = try await api.call(.POST, "/v1/system/feeds")
            #expect(synced.list.first?["status"] as? String == "success", "\(synced.text)")
            func feed() async throws -> [String: Any] {
                let listed = try await api.call(.GET, "/v1/system/feeds")
                return try #require(listed.list.first { $0["name"] as? String == "alpine" })
            }
            func counts() async throws -> [String: Int] {
                let groups = try await feed()["groups"] as? [[String: Any]] ?? []
                return Dictionary(groups.compactMap { g in (g["name"] as? String).map { ($0, g["record_count"] as? Int ?? -1) } }, uniquingKeysWith: { a, _ in a })
            }
            #expect(try await counts() == expected)
            let paths = Set(site.requests.map { $0.path })
            #expect(paths.isSuperset(of: ["/", "/v3.9/main.yaml", "/v3.9/community.yaml", "/v3.10/main.yaml", "/v3.10/community.yaml", "/edge/main.yaml"]))
            #expect(!paths.contains("/license.txt") && !paths.contains("/last-update/main.yaml"))

            // One file answers 500: the sync fails, says why, and the stored releases stay as they were.
            failing.path.withLock { $0 = "/v3.10/main.yaml" }
            let failed = try await api.call(.POST, "/v1/system/feeds")
            #expect(failed.list.first?["status"] as? String == "failure")
            #expect((try await feed()["last_error"] as? String)?.contains("HTTP 500") == true)
            #expect(try await counts() == expected)
        }
    }
}
