import Engine
import Foundation
import NIOHTTP1
import Server
import Synchronization
import TestSupport
import Testing
import Vulnerabilities

/// The default Amazon Linux feeds are the repositories' `mirror.list`: followed to a mirror's `repodata/repomd.xml`
/// and the updateinfo file it names. A real HTTP server on 127.0.0.1 plays the CDN with the real files
/// (`VulnerabilitiesTests/Fixtures/amazon-updateinfo`).
@Suite(.serialized) struct AmazonRepositoryFeedTests {
    static let fixtures = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "VulnerabilitiesTests/Fixtures/amazon-updateinfo")

    final class Site: Sendable {
        /// The path that answers 500, and the updateinfo file the index names.
        let failing = Mutex<String?>(nil)
        let updateinfo = Mutex("updateinfo_2_items.xml.gz")
    }

    static func start(_ state: Site) async throws -> ScriptedRegistry {
        let repomd = try String(contentsOf: fixtures.appending(path: "repomd.xml"), encoding: .utf8)
        return try await ScriptedRegistry.start { request in
            let path = String(request.path.prefix { $0 != "?" })
            if path == state.failing.withLock({ $0 }) { return .init(status: 500, body: Array("boom".utf8)) }
            let file = state.updateinfo.withLock { $0 }
            switch path {
            case "/2/core/latest/x86_64/mirror.list":
                // A first mirror without the repository: the next one is tried.
                let host = "http://\(request.headers["host"] ?? "")"
                return .init(status: 200, body: Array("\(host)/gone\n\(host)/2/core/2.0/x86_64/abc123\n".utf8))
            case "/2/core/2.0/x86_64/abc123/repodata/repomd.xml":
                // The index names the current file by its checksum, as the real one does.
                let named = repomd.replacingOccurrences(of: "e6f569f8ed2246a6b06c0fef7cfd71560df02781327e31c38396ed358d591d48", with: file)
                return .init(status: 200, body: Array(named.utf8))
            case "/2/core/2.0/x86_64/abc123/repodata/updateinfo.xml.gz":
                return .init(status: 200, body: Array((try? Data(contentsOf: fixtures.appending(path: file))) ?? Data()))
            default:
                return .init(status: 404)
            }
        }
    }

    @Test func theMirrorListIsFollowedAndAnUnchangedRepositoryIsNotDownloadedAgain() async throws {
        let state = Site()
        let site = try await Self.start(state)
        defer { Task { await site.stop() } }
        try await ServiceHarness.with(configure: { configuration in
            configuration.feeds = [FeedSourceConfiguration(
                name: "amazon-2", driver: .amazonUpdateinfo, url: URL(string: "http://\(site.host)/2/core/latest/x86_64/mirror.list")!)]
            configuration.feedSyncIntervalSeconds = 0
        }) { harness in
            let api = harness.api
            func feed() async throws -> [String: Any] {
                let listed = try await api.call(.GET, "/v1/system/feeds")
                return try #require(listed.list.first { $0["name"] as? String == "amazon-2" })
            }
            func counts() async throws -> [String: Int] {
                let groups = try await feed()["groups"] as? [[String: Any]] ?? []
                return Dictionary(groups.compactMap { g in (g["name"] as? String).map { ($0, g["record_count"] as? Int ?? -1) } }, uniquingKeysWith: { a, _ in a })
            }
            let synced = try await api.call(.POST, "/v1/system/feeds")
            #expect(synced.list.first?["status"] as? String == "success", "\(synced.text)")
            #expect(try await counts() == ["amzn:2": 22])
            let downloads = { site.requests.filter { $0.path.hasSuffix("updateinfo.xml.gz") }.count }
            #expect(downloads() == 1)

            // Nothing changed: the index is read, the updateinfo file is not.
            let again = try await api.call(.POST, "/v1/system/feeds")
            #expect(again.list.first?["status"] as? String == "success", "\(again.text)")
            #expect(downloads() == 1)
            #expect(try await counts() == ["amzn:2": 22])

            // The repository moves on: the new file replaces the data.
            state.updateinfo.withLock { $0 = "updateinfo_AL2023.xml.gz" }
            _ = try await api.call(.POST, "/v1/system/feeds")
            #expect(downloads() == 2)
            #expect(try await counts() == ["amzn:2023": 21])

            // The mirror's index fails: the sync fails with the reason, and the stored data stays.
            state.updateinfo.withLock { $0 = "updateinfo_2_items.xml.gz" }
            state.failing.withLock { $0 = "/2/core/2.0/x86_64/abc123/repodata/repomd.xml" }
            let failed = try await api.call(.POST, "/v1/system/feeds")
            #expect(failed.list.first?["status"] as? String == "failure")
            #expect((try await feed()["last_error"] as? String)?.contains("HTTP 500") == true)
            #expect(try await counts() == ["amzn:2023": 21])
        }
    }
}
