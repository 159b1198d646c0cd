import Archive
import Engine
import Foundation
import NIOHTTP1
import Server
import Synchronization
import TestSupport
import Testing
import Vulnerabilities

/// The default RHEL feed is Red Hat's CSAF directory: `archive_latest.txt` names a `tar.zst` of every document.
/// A real HTTP server on 127.0.0.1 plays the site with an archive of real advisories built here
/// (`VulnerabilitiesTests/Fixtures/rhel-csaf` and vunnel's RHSA-2024:6163).
@Suite(.serialized) struct RedHatFeedArchiveTests {
    static let tests = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let documents: [(String, URL)] = [
        ("2023/rhsa-2023_7025.json", tests.appending(path: "VulnerabilitiesTests/Fixtures/rhel-csaf/rhsa-2023_7025.json")),
        ("2024/rhsa-2024_1431.json", tests.appending(path: "VulnerabilitiesTests/Fixtures/rhel-csaf/rhsa-2024_1431.json")),
        ("2024/rhsa-2024_6163.json", tests.appending(path: "../../shared/vulndata/anchore-vunnel-fixtures/tests/unit/providers/rhel/test-fixtures/csaf/advisories/2024/rhsa-2024_6163.json").standardizedFileURL),
    ]

    /// A `tar.zst` of the real documents, plus what a real archive also holds: a directory, a non-JSON file, and
    /// (here) one document that is not CSAF.
    static func archive() throws -> [UInt8] {
        var writer = TarWriter()
        writer.append(TarEntry(path: "2023", kind: .directory))
        for (path, url) in documents {
            let bytes = Array(try Data(contentsOf: url))
            writer.append(TarEntry(path: path, size: Int64(bytes.count)), contents: bytes)
        }
        writer.append(TarEntry(path: "index.txt", size: 5), contents: Array("hello".utf8))
        writer.append(TarEntry(path: "2024/broken.json", size: 2), contents: Array("{}".utf8))
        return try Compressor.compress(writer.finish(), as: .zstd)
    }

    @Test func theArchiveIsReadAsAStreamAndItsDocumentsGrouped() throws {
        let data = Data(try Self.archive())
        #expect(FeedArchive.isArchive(data))
        #expect(!FeedArchive.isArchive(Data("{\"document\": {}}".utf8)))
        let result = try FeedArchive.parseCSAF(data, name: "csaf_vex_2026-12-06.tar.zst")
        #expect(result.records.count == 28 + 16 + 1)
        #expect(Set(result.records.map(\.source.group)) == Set(Self.documents.map(\.0)))
        #expect(result.skipped.map(\.entry) == ["2024/broken.json"])
        // Truncated: refused whole, never half the data.
        #expect(throws: FeedError.self) { try FeedArchive.parseCSAF(data.prefix(data.count / 2), name: "half.tar.zst") }
        #expect(FeedArchive.latestArchive(in: "csaf_vex_2026-12-06.tar.zst\n") == "csaf_vex_2026-12-06.tar.zst")
        #expect(FeedArchive.latestArchive(in: "../etc/passwd.tar.zst") == nil)
        #expect(FeedArchive.latestArchive(in: "<html>") == nil)
    }

    final class Site: Sendable {
        let latest = Mutex("csaf_vex_2026-12-06.tar.zst")
        let truncate = Mutex(false)
    }

    @Test func archiveLatestIsFollowedAndAnUnchangedArchiveIsNotDownloadedAgain() async throws {
        let archive = try Self.archive()
        let state = Site()
        let site = try await ScriptedRegistry.start { request in
            let path = String(request.path.prefix { $0 != "?" })
            let latest = state.latest.withLock { $0 }
            if path == "/data/csaf/v2/vex/archive_latest.txt" { return .init(status: 200, body: Array("\(latest)\n".utf8)) }
            if path == "/data/csaf/v2/vex/\(latest)" {
                return .init(status: 200, body: state.truncate.withLock { $0 } ? Array(archive.prefix(archive.count / 2)) : archive)
            }
            return .init(status: 404)
        }
        defer { Task { await site.stop() } }
        try await ServiceHarness.with(configure: { configuration in
            configuration.feeds = [FeedSourceConfiguration(
                name: "rhel", driver: .csaf, url: URL(string: "http://\(site.host)/data/csaf/v2/vex/archive_latest.txt")!)]
            configuration.feedSyncIntervalSeconds = 0
        }) { harness in
            let api = harness.api
            func feed() async throws -> [String: Any] {
                let listed = try await api.call(.GET, "/v1/system/feeds")
                return try #require(listed.list.first { $0["name"] as? String == "rhel" })
            }
            func counts() async throws -> [String: Int] {
                let groups = try await feed()["groups"] as? [[String: Any]] ?? []
                return Dictionary(groups.compactMap { g in (g["name"] as? String).map { ($0, g["record_count"] as? Int ?? -1) } }, uniquingKeysWith: { a, _ in a })
            }
            let downloads = { site.requests.filter { $0.path.hasSuffix(".tar.zst") }.count }
            let synced = try await api.call(.POST, "/v1/system/feeds")
            #expect(synced.list.first?["status"] as? String == "success", "\(synced.text)")
            #expect(try await counts() == ["rhel:8": 44, "rhel:9": 1])
            #expect(downloads() == 1)

            _ = try await api.call(.POST, "/v1/system/feeds")
            #expect(downloads() == 1)

            // A new archive that is cut short: the sync fails and the data stays.
            state.latest.withLock { $0 = "csaf_vex_2026-12-07.tar.zst" }
            state.truncate.withLock { $0 = true }
            let failed = try await api.call(.POST, "/v1/system/feeds")
            #expect(failed.list.first?["status"] as? String == "failure")
            #expect((try await feed()["last_error"] as? String)?.contains("not a readable archive") == true)
            #expect(try await counts() == ["rhel:8": 44, "rhel:9": 1])
            #expect(downloads() == 2)
        }
    }
}
