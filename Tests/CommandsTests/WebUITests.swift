import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OCI
import Registry
import TestSupport
import Testing

/// The web UI in a real browser: `scripts/ui-test/ui_flow.py` drives headless Debian chromium (Selenium from the
/// venv `scripts/selenium-venv.sh` builds; its python in `DRYDOCK_SELENIUM_PYTHON` — the test fails, not skips,
/// without it) against three live `drydock serve` processes: the main one (analyzer workers, feeds, an account with
/// a full-control and a read-only user), one that only queues (`DRYDOCK_WORKERS=0`, for cancelling pending images)
/// and one whose sessions expire after a few seconds and whose maximum image size is 0 MB (every image is refused as
/// too large). Screenshots land in `.build/test-output/ui/`.
@Suite(.serialized) struct WebUITests {
    static let packageRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = packageRoot.appending(path: "scripts/ui-test/ui_flow.py")
    static let screenshots = packageRoot.appending(path: ".build/test-output/ui")
    static let repositoryTags = ["1.0", "1.1", "latest"]
    static let sessionTTL = 4

    /// One small, distinct image per tag of `ui/app`.
    static func pushRepository(to registry: RegistryServer) async throws {
        for tag in repositoryTags {
            let layer = try ImageBuilder.layer([
                .text("etc/os-release", alpineOSRelease),
                .text("app/version.txt", "ui/app \(tag)\n"),
            ])
            let image = try ImageBuilder.image([layer])
            let reference = try Reference(parsing: "\(registry.host)/ui/app:\(tag)")
            try await RegistryClient.withClient { _ = try await ImagePusher(client: $0).push(image, to: reference) }
        }
    }

    /// A JSON call to a server's API as its admin; throws unless it answers 200.
    static func adminCall(_ server: DrydockServer, _ method: String, _ path: String, _ body: [String: Any]) async throws {
        var request = URLRequest(url: URL(string: server.url + path)!)
        request.httpMethod = method
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Basic " + Data("\(server.user):\(server.password)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            throw WebUITestError("\(method) \(path) answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test func theWebUIWorksInARealBrowser() async throws {
        let python = try #require(
            ProcessInfo.processInfo.environment["DRYDOCK_SELENIUM_PYTHON"],
            "DRYDOCK_SELENIUM_PYTHON is not set: run `make test` (scripts/selenium-venv.sh installs selenium)")
        try #require(FileManager.default.isExecutableFile(atPath: python), "DRYDOCK_SELENIUM_PYTHON=\(python) is not an executable")
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "chromium is not installed (make deps)")
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"), "chromium-driver is not installed (make deps)")
        try? FileManager.default.removeItem(at: Self.screenshots)
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        let home = try scratchHome()
        defer { try? FileManager.default.removeItem(at: home) }

        try await RegistryServer.withRegistry { registry in
            let (bookworm, _) = try await VulnerabilityCLITests.pushBookworm(to: registry)
            try await Self.pushRepository(to: registry)
            let password = "ui-\(UUID().uuidString.prefix(8).lowercased())"
            // A KEV catalog naming one of the bookworm image's CVEs, for the vulnerability tab's Exploited column.
            let kev = home.appending(path: "kev.json")
            try #"{"vulnerabilities": [{"cveID": "CVE-2024-2236", "dateAdded": "2026-11-30", "dueDate": "2026-12-21"}]}"#
                .write(to: kev, atomically: true, encoding: .utf8)
            let feeds = String(VulnerabilityCLITests.feeds.dropLast()) + ", {name: kev, driver: kev, url: \"\(kev.absoluteString)\"}]"
            try await DrydockServer.withServer(password: password, environment: ["DRYDOCK_FEEDS": feeds]) { main in
                try await DrydockServer.withServer(password: password, environment: ["DRYDOCK_WORKERS": "0"]) { queue in
                    try await DrydockServer.withServer(password: password, environment: [
                        "DRYDOCK_UI_SESSION_TTL_SECONDS": "\(Self.sessionTTL)", "DRYDOCK_MAX_COMPRESSED_IMAGE_SIZE_MB": "0",
                    ]) { expiry in
                        try await Self.adminCall(main, "POST", "/accounts", ["name": "webui", "email": "webui@example.com"])
                        try await Self.adminCall(main, "POST", "/accounts/webui/users", ["username": "alice", "password": "alice-pw-1", "role": "full-control"])
                        try await Self.adminCall(main, "POST", "/accounts/webui/users", ["username": "rory", "password": "rory-pw-1", "role": "read-only"])
                        let environment = [
                            "HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1",
                            "UI_BASE_URL": main.rootURL.absoluteString, "UI_QUEUE_URL": queue.rootURL.absoluteString,
                            "UI_EXPIRY_URL": expiry.rootURL.absoluteString, "UI_EXPIRY_TTL": "\(Self.sessionTTL)",
                            "UI_ADMIN_PASSWORD": password, "UI_USER": "alice", "UI_PASSWORD": "alice-pw-1",
                            "UI_READONLY_USER": "rory", "UI_READONLY_PASSWORD": "rory-pw-1",
                            "UI_REGISTRY": registry.host, "UI_TAG_REPOSITORY": bookworm.repository, "UI_TAG": "12",
                            "UI_REPOSITORY": "ui/app", "UI_REPOSITORY_TAGS": Self.repositoryTags.joined(separator: ","),
                            "UI_DEAD_REGISTRY": "127.0.0.1:\(try FreePort.next())",
                            "UI_SCREENSHOTS": Self.screenshots.path,
                        ]
                        let result = try await runTool(
                            URL(fileURLWithPath: python), [Self.script.path], environment: environment, timeout: .seconds(480))  // ~2 min alone; more beside the other suites
                        #expect(result.status == 0, """
                            ui_flow.py failed (screenshots in \(Self.screenshots.path))
                            \(result)
                            --- main server log (tail) ---
                            \(main.log.split(separator: "\n").suffix(40).joined(separator: "\n"))
                            """)
                    }
                }
            }
        }
    }
}

struct WebUITestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
