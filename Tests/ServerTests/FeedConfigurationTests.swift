import Engine
import Foundation
import Server
import Testing

@Suite struct FeedConfigurationTests {
    @Test func feedsComeFromTheFileOrTheEnvironment() throws {
        var configuration = ServiceConfiguration(dataDirectory: "/d")
        #expect(configuration.feeds == FeedSourceConfiguration.defaults)
        #expect(configuration.feeds.allSatisfy { $0.url.scheme == "https" })
        try configuration.apply(
            yaml: """
                feeds:
                  - name: pypa
                    driver: osv
                    url: file:///srv/osv/pypi
                  - {name: debian, driver: debian-tracker, url: "https://security-tracker.debian.org/tracker/data/json"}
                feed_sync_interval_seconds: 600
                """,
            source: "drydock.yaml")
        #expect(configuration.feeds.map(\.name) == ["pypa", "debian"])
        #expect(configuration.feeds[0].driver == .osv && configuration.feeds[0].url.path == "/srv/osv/pypi")
        #expect(configuration.feeds[1].driver == .debianTracker)
        #expect(configuration.feedSyncIntervalSeconds == 600)
        try configuration.apply(environment: ["DRYDOCK_FEEDS": "[{name: nvd, driver: nvd, url: 'file:///srv/nvd'}]"])
        #expect(configuration.feeds.map(\.name) == ["nvd"])
        try configuration.apply(environment: ["DRYDOCK_FEEDS": "none"])
        #expect(configuration.feeds.isEmpty)
        try configuration.apply(yaml: "feeds: []", source: "f")
        #expect(configuration.feeds.isEmpty)
    }

    @Test(arguments: [
        ("feeds: {name: x}", "feeds must be a list"),
        ("feeds: [{name: x, driver: grype, url: 'https://x'}]", "driver must be one of debian-tracker | vuln-list-debian | alpine-secdb | wolfi-secdb | chainguard-secdb | osv | nvd | csaf"),
        ("feeds: [{name: x, driver: osv, url: 'ftp://x'}]", "url must be https://"),
        ("feeds: [{driver: osv, url: 'https://x'}]", "needs a name"),
        ("feeds: [{name: 'a b', driver: osv, url: 'https://x'}]", "needs a name"),
        ("feeds: [{name: x, driver: osv, url: 'https://x', token: y}]", "unknown setting token"),
        ("feeds: [{name: x, driver: osv, url: 'https://x'}, {name: x, driver: nvd, url: 'https://y'}]", "the name x is used twice"),
        ("feed_sync_interval_seconds: -1", "must not be negative"),
    ])
    func badFeedsAreRefusedWithTheReason(yaml: String, message: String) {
        var configuration = ServiceConfiguration(dataDirectory: "/d")
        #expect {
            try configuration.apply(yaml: yaml, source: "drydock.yaml")
        } throws: { error in
            "\(error)".contains(message) && "\(error)".hasPrefix("drydock.yaml: ")
        }
    }
}
