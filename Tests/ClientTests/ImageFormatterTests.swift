import Foundation
@testable import Client
import Testing

/// Expected texts are anchore-cli 0.9.3's own `format_output` results for the same payloads.
@Suite struct ImageFormatterTests {
    @Test func imageGetPrintsAnchoreCLIBlock() throws {
        let record = try json(analyzedRecordJSON)
        let text = try ImageFormatter.records(.array([record]))
        #expect(
            text == """
                Image Digest: \(imageDigest)
                Parent Digest: \(parentDigest)
                Analysis Status: analyzed
                Image Type: docker
                Analyzed At: 2021-10-01T10:02:11Z
                Image ID: 13621d1b12d4
                Dockerfile Mode: Guessed
                Distro: alpine
                Distro Version: 3.12.7
                Size: 5613056
                Architecture: amd64
                Layer Count: 1
                Annotations: team=payments

                Full Tag: docker.io/alpine:3.12
                Tag Detected At: 2021-10-01T10:00:03Z


                """)
    }

    @Test func unanalyzedRecordPrintsNoneAndSkipsEmptyParentAndAnnotations() throws {
        var record = try #require(try json(analyzedRecordJSON).objectValue)
        record["parentDigest"] = ""
        record["annotations"] = .object(JSONObject())
        record["analysis_status"] = "not_analyzed"
        record["analyzed_at"] = .null
        record["image_content"] = [
            "metadata": [
                "arch": nil, "distro": nil, "distro_version": nil, "dockerfile_mode": nil, "image_size": nil, "layer_count": nil,
            ]
        ]
        let lines = try ImageFormatter.records(.array([.object(record)])).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.prefix(4) == ["Image Digest: \(imageDigest)", "Analysis Status: not_analyzed", "Image Type: docker", "Analyzed At: None"])
        #expect(lines.contains("Dockerfile Mode: None"))
        #expect(lines.contains("Layer Count: None"))
        #expect(!lines.contains { $0.hasPrefix("Annotations") || $0.hasPrefix("Parent Digest") })
    }

    @Test func missingMetadataKeyIsAFormatFailureWithPythonsKeyErrorText() throws {
        var record = try #require(try json(analyzedRecordJSON).objectValue)
        record["image_content"] = ["metadata": ["distro": "alpine"]]
        #expect(throws: ClientError.self) { try ImageFormatter.records(.array([.object(record)])) }
        let console = RecordingConsole()
        let output = OutputFormatter.render(.array([.object(record)]), jsonMode: false, console: console, ImageFormatter.records)
        #expect(console.output == "WARNING: failed to format output (returning raw output) - exception: 'dockerfile_mode'\n")
        #expect(output.hasPrefix("[\n    {\n        \"analysis_status\": \"analyzed\","))
    }

    /// Three records: the analyzed one is newest for docker.io/alpine:3.12, an older failed one
    /// for the same tag, and a new one for another tag.
    private func listPayload() throws -> JSONValue {
        let current = try json(analyzedRecordJSON)
        var old = try #require(current.objectValue)
        old["imageDigest"] = "sha256:old"
        old["analysis_status"] = "analysis_failed"
        var detail = try #require(current["image_detail"]?[0]?.objectValue)
        detail["created_at"] = "2021-09-01T00:00:00Z"
        old["image_detail"] = [.object(detail)]
        let other = try json("""
            {"imageDigest": "sha256:new", "analysis_status": "not_analyzed", "image_detail": [{"registry": "127.0.0.1:5000",
             "repo": "cli/app", "tag": "2", "fulltag": "127.0.0.1:5000/cli/app:2", "created_at": "2021-10-03T09:00:00.5Z",
             "imageId": "ffff"}]}
            """)
        return [current, .object(old), other]
    }

    @Test func imageListKeepsTheLatestRecordPerTagSortedByTag() throws {
        let text = try ImageFormatter.list(try listPayload(), full: false, showAll: false)
        #expect(
            text.split(separator: "\n", omittingEmptySubsequences: false) == [
                "Full Tag                        Image Digest                                                                   Analysis Status        ",
                "127.0.0.1:5000/cli/app:2        sha256:new                                                                     not_analyzed           ",
                "docker.io/alpine:3.12           \(imageDigest)        analyzed               ",
            ])
    }

    @Test func imageListFullShowAllAddsImageIDAndHistory() throws {
        let text = try ImageFormatter.list(try listPayload(), full: true, showAll: true)
        #expect(
            text.split(separator: "\n", omittingEmptySubsequences: false) == [
                "Full Tag                        Image Digest                                                                   Analysis Status        Image ID            ",
                "127.0.0.1:5000/cli/app:2        sha256:new                                                                     not_analyzed           ffff                ",
                "docker.io/alpine:3.12           \(imageDigest)        analyzed               13621d1b12d4        ",
                "docker.io/alpine:3.12           sha256:old                                                                     analysis_failed        13621d1b12d4        ",
            ])
    }

    @Test func emptyImageListIsEmptyText() throws {
        #expect(try ImageFormatter.list([], full: false, showAll: false) == "")
    }

    @Test(arguments: [
        ("2021-10-01T10:00:03Z", 1_633_082_403.0),
        ("2021-10-01T10:00:03.250Z", 1_633_082_403.25),
        ("2021-10-01T12:00:03+02:00", 1_633_082_403.0),
        ("2021-10-01T10:00:03", 1_633_082_403.0),
    ])
    func timestampsParseLikeDateutil(text: String, epoch: Double) throws {
        let date = try #require(TimestampParser.parse(text))
        #expect(abs(date.timeIntervalSince1970 - epoch) < 0.001)
    }

    @Test func unparsableCreatedAtIsAFormatFailure() throws {
        let payload = try json("""
            [{"imageDigest": "a", "analysis_status": "x", "image_detail": [{"fulltag": "t", "created_at": null}]}]
            """)
        #expect(throws: ClientError.self) { try ImageFormatter.list(payload, full: false, showAll: false) }
    }
}
