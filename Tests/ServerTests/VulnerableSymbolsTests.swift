import Catalog
import Foundation
@testable import Server
import Testing
import Vulnerabilities

/// A Go match shows the Go database's vulnerable symbols (the real GO-2020-0001 record); other matches do not.
@Suite struct VulnerableSymbolsTests {
    static let record = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "../shared/vulndata/golang-vulndb/data/osv/GO-2020-0001.json").standardizedFileURL

    @Test func goMatchesCarryTheirSymbols() throws {
        let parsed = try OSVFeed.parse(try Data(contentsOf: Self.record), format: .json, name: "GO-2020-0001.json")
        var index = VulnerabilityIndex()
        index.add(parsed.records, feed: "go")
        let gin = MatchPackage(type: .go, name: "github.com/gin-gonic/gin", version: "v1.5.0", path: "/app/server")
        let report = VulnerabilityMatcher(index: index).match(MatchInput(distro: nil, packages: [gin]))
        let match = try #require(report.matches.first)
        #expect(match.id == "GO-2020-0001")
        let object = AnchoreAPI.vulnerabilityObject(match, index: index)
        #expect(object["vulnerable_symbols"] as? [String] == [
            "github.com/gin-gonic/gin.Default", "github.com/gin-gonic/gin.Logger", "github.com/gin-gonic/gin.LoggerWithConfig",
            "github.com/gin-gonic/gin.LoggerWithFormatter", "github.com/gin-gonic/gin.LoggerWithWriter",
        ])
        var other = match
        other.namespace = "pypi"
        #expect(AnchoreAPI.vulnerabilityObject(other, index: index)["vulnerable_symbols"] == nil)
    }
}
