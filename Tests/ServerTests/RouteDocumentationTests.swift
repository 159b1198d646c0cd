import Foundation
import NIOHTTP1
import Server
import Testing

/// `/swagger.json` describes every route the API serves, and only those: the document is checked against the
/// router's own table, so a route cannot be added undocumented, nor documented without being served.
@Suite struct RouteDocumentationTests {
    /// `GET /v1/images/{digest}` (or `:digest`) → `get /images/{}` (parameters unnamed: the document names them as Anchore's does).
    static func normalized(_ route: String) -> String? {
        let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[1].hasPrefix("/v1/") else { return nil }
        let path = parts[1].dropFirst(3).split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix(":") || $0.hasPrefix("{") ? "{}" : String($0) }
        return parts[0].lowercased() + " " + path.joined(separator: "/")
    }

    @Test func swaggerDescribesEveryRouteAndNoOther() async throws {
        try await ServiceHarness.with { harness in
            let served = Set(harness.service.routes.compactMap(Self.normalized))
            #expect(served.count > 60, "\(harness.service.routes)")
            let swagger = try await harness.api.call(.GET, "/swagger.json", password: "")
            let paths = try #require(swagger.object["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths where path != "/metrics" {  // served at the root only, outside the API's base path
                let shape = path.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix("{") ? "{}" : String($0) }.joined(separator: "/")
                for method in operations.keys { documented.insert(method + " " + shape) }
            }
            #expect(served.subtracting(documented).sorted() == [], "served but not in /swagger.json")
            #expect(documented.subtracting(served).sorted() == [], "in /swagger.json but not served")
        }
    }
}
