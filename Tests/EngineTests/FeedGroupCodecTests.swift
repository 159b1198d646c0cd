import Archive
import Engine
import Foundation
import Testing
import Vulnerabilities

/// The stored form of a feed group: records in compact lines (every field round-trips, escapes included), enrichment
/// as JSON after them, and groups stored as JSON by earlier versions still read.
@Suite struct FeedGroupCodecTests {
    static let records = [
        VulnerabilityRecord(
            namespace: "pypi", id: "PYSEC-2021-76", aliases: ["CVE-2021-21330", "GHSA-v6wp-4m6f-gcjg"], packageName: "aiohttp",
            versionScheme: "pep440",
            ranges: [AffectedRange(type: "ECOSYSTEM", events: [.introduced("0"), .fixed("3.7.4"), RangeEvent(.lastAffected, "3.7.3"), RangeEvent(.limit, "4.0")])],
            affectedVersions: ["3.7.0", "3.7.1,rc1"], fixedVersions: ["3.7.4"], fixState: .fixed, fixStateDetail: "a\ttab, a\nnewline and a \\ backslash",
            severity: Severity(vendor: "moderate", cvss: [CVSSScore(type: "CVSS_V3", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N", score: 6.1),
                                                         CVSSScore(type: "CVSS_V2", vector: "AV:N/AC:M/Au:N/C:N/I:P/A:N")]),
            description: "Open redirect — «unicode», commas, and = signs", links: ["https://example.com/a,b", "https://example.com/c"],
            source: FeedSource(feed: "osv", group: "pypa/aiohttp/PYSEC-2021-76.yaml")),
        VulnerabilityRecord(
            namespace: "rhel:8", id: "CVE-2023-28755", aliases: ["RHSA-2024:1431"], packageName: "ruby", versionScheme: "rpm",
            fixedVersions: ["0:3.1.4-142.module+el8.9.0+21471+7d1e4a35"], fixState: .fixed, severity: Severity(vendor: "moderate"),
            description: "Open redirect — «unicode», commas, and = signs", source: FeedSource(feed: "csaf", group: "2024/rhsa-2024_1431.json"),
            module: "ruby:3.1"),
        VulnerabilityRecord(
            namespace: "ubuntu:16.04", id: "CVE-2024-1", packageName: "openssl", versionScheme: "dpkg", fixedVersions: ["1.0.2g-1ubuntu4.20+esm11"],
            fixState: .fixed, source: FeedSource(feed: "osv", group: "Ubuntu"), subscription: "Ubuntu Pro"),
        VulnerabilityRecord(namespace: "debian:12", id: "CVE-2024-2", packageName: "glibc", versionScheme: "dpkg", fixState: .notAffected,
                            source: FeedSource(feed: "debian-tracker", group: "bookworm")),
        VulnerabilityRecord(namespace: "go", id: "GO-2020-0001", packageName: "github.com/gin-gonic/gin", versionScheme: "go",
                            fixedVersions: ["1.6.0"], fixState: .fixed, source: FeedSource(feed: "osv", group: "Go"),
                            symbols: ["github.com/gin-gonic/gin.Default", "github.com/gin-gonic/gin.Logger"]),
    ]

    @Test func everyFieldRoundTrips() throws {
        let payload = FeedGroupPayload(records: Self.records)
        let (data, hash) = try FeedGroupCodec.encode(payload)
        let decoded = try FeedGroupCodec.decode(data)
        #expect(decoded.records == Self.records)
        #expect(decoded.details.isEmpty && decoded.knownExploited == nil && decoded.epss == nil)
        // Equal content, equal hash: a sync can tell an unchanged group.
        #expect(try FeedGroupCodec.encode(payload).hash == hash)
        // Shared text is one string, as loaded: the description of both records.
        #expect(decoded.records[0].description == decoded.records[1].description)
    }

    @Test func enrichmentFollowsTheRecords() throws {
        let payload = FeedGroupPayload(
            records: Array(Self.records.prefix(1)), details: [VulnerabilityDetail(id: "CVE-2021-21330", description: "d")],
            knownExploited: [KnownExploited(id: "CVE-2021-21330", dateAdded: "2026-01-01")], epss: [EPSSScore(id: "CVE-2021-21330", score: 0.5, percentile: 0.9, date: nil)])
        #expect(try FeedGroupCodec.decode(try FeedGroupCodec.encode(payload).data) == payload)
        let empty = FeedGroupPayload(knownExploited: [])
        #expect(try FeedGroupCodec.decode(try FeedGroupCodec.encode(empty).data) == empty)
    }

    @Test func groupsStoredAsJSONAreStillRead() throws {
        let payload = FeedGroupPayload(records: Self.records)
        // JSON written before `symbols` existed (no such key) reads as no symbols.
        let old = #"{"records": [{"namespace": "go", "id": "GO-1", "aliases": [], "packageName": "m", "versionScheme": "go", "ranges": [], "affectedVersions": [], "fixedVersions": [], "fixState": "not-fixed", "severity": {"cvss": []}, "links": [], "source": {"feed": "osv", "group": "Go"}}], "details": []}"#
        let oldStored = Data(try Compressor.compress(Array(old.utf8), as: .zstd))
        #expect(try FeedGroupCodec.decode(oldStored).records.first?.symbols == [])
        let json = try JSONEncoder().encode(payload)
        let stored = Data(try Compressor.compress(Array(json), as: .zstd))
        #expect(try FeedGroupCodec.decode(stored) == payload)
    }

    @Test func aMalformedRecordLineIsAnError() throws {
        let bad = Data(try Compressor.compress(Array("G1\nR\tdebian:12\tCVE-1\n".utf8), as: .zstd))
        #expect(throws: (any Error).self) { try FeedGroupCodec.decode(bad) }
    }
}
