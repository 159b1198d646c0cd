import Engine
import Foundation
import NIOHTTP1
import OCI
import Server
import TestSupport
import Testing

/// Offline use: the synced data leaves one service as a bundle and loads into another that cannot reach any feed;
/// the second then matches images exactly as the first. A damaged or newer bundle is refused and changes nothing.
@Suite(.serialized) struct FeedBundleTests {
    static func groups(_ api: APIClient) async throws -> [String: Int] {
        let feeds = try await api.call(.GET, "/v1/system/feeds").list
        var counts: [String: Int] = [:]
        for feed in feeds where feed["name"] as? String != "vulnerabilities" {
            for group in feed["groups"] as? [[String: Any]] ?? [] {
                counts["\(feed["name"] ?? "")/\(group["name"] ?? "")"] = group["record_count"] as? Int
            }
        }
        return counts
    }

    @Test func aBundleCarriesTheDataToAMachineWithoutFeeds() async throws {
        let scratch = FileManager.default.temporaryDirectory.appending(path: "drydock-bundle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pypa = scratch.appending(path: "pypa")
        try VulnerabilityAPITests.jinjaFeed(pypa)
        try await RegistryServer.withRegistry { registry in
            let tag = "\(registry.host)/bundle/bookworm:1"
            let image = try await VulnerabilityAPITests.pushBookworm(tag)
            let digest = image.digest.description
            var bundle = Data()
            var synced: [String: Int] = [:]
            var matched: [String] = []
            try await ServiceHarness.with(configure: { configuration in
                configuration.feeds = VulnerabilityAPITests.feeds(pypa: pypa)
                configuration.feedSyncIntervalSeconds = 0
            }) { harness in
                let api = harness.api
                #expect(try await api.call(.POST, "/v1/system/feeds").list.allSatisfy { $0["status"] as? String == "success" })
                synced = try await Self.groups(api)
                #expect(synced["debian/debian:12"] ?? 0 > 0 && synced["pypa/pypi"] == 5, "\(synced)")
                #expect(try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(tag)"}"#).status == 200)
                _ = try await api.waitForAnalysis(digest)
                matched = VulnerabilityAPITests.ids(try await api.call(.GET, "/v1/images/\(digest)/vuln/all"))
                #expect(!matched.isEmpty)
                let exported = try await api.call(.GET, "/v1/system/feeds/bundle")
                #expect(exported.status == 200)
                bundle = exported.body
                #expect(bundle.starts(with: Data("DRYDOCK-FEED-BUNDLE 2\n".utf8)))
            }

            // The air-gapped machine: the same feed names, sources it cannot reach.
            let unreachable = scratch.appending(path: "nowhere")
            try await ServiceHarness.with(configure: { configuration in
                configuration.feeds = [
                    FeedSourceConfiguration(name: "debian", driver: .vulnListDebian, url: unreachable),
                    FeedSourceConfiguration(name: "pypa", driver: .osv, url: unreachable),
                ]
                configuration.feedSyncIntervalSeconds = 0
            }) { harness in
                let api = harness.api
                #expect(try await api.call(.POST, "/v1/system/feeds").list.allSatisfy { $0["status"] as? String == "failure" })
                // Damaged, truncated, newer and empty bundles: 400, nothing stored.
                var damaged = bundle
                damaged[damaged.count - 10] ^= 0xFF
                let newer = Data("DRYDOCK-FEED-BUNDLE 9\n".utf8) + bundle.drop(while: { $0 != 0x0A }).dropFirst()
                for (body, message) in [
                    (damaged, "does not match its SHA-256"), (bundle.prefix(bundle.count - 100), "truncated"),
                    (newer, "schema 9, newer than this Drydock reads (2)"), (Data("hello".utf8), "not a Drydock feed bundle"),
                ] {
                    let refused = try await api.call(.POST, "/v1/system/feeds/bundle", bodyData: body)
                    #expect(refused.status == 400, "\(refused.text)")
                    #expect(refused.message.contains(message), "\(refused.text)")
                }
                #expect(try await Self.groups(api).isEmpty)

                let imported = try await api.call(.POST, "/v1/system/feeds/bundle", bodyData: bundle)
                #expect(imported.status == 200, "\(imported.text)")
                #expect(imported.object["feeds"] as? [String] == ["debian", "pypa"])
                #expect(imported.object["unconfigured_feeds"] as? [String] == [])
                #expect(try await Self.groups(api) == synced)
                #expect(try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(tag)"}"#).status == 200)
                _ = try await api.waitForAnalysis(digest)
                #expect(VulnerabilityAPITests.ids(try await api.call(.GET, "/v1/images/\(digest)/vuln/all")) == matched)
            }
        }
    }
}
