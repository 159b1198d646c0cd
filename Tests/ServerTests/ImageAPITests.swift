import Foundation
import NIOHTTP1
import Server
import Store
import OCI
import Registry
import TestSupport
import Testing

/// Pushes an image with a dpkg status file and a Python package to the registry under `reference`.
func pushSampleImage(_ reference: String, marker: String = "1") async throws -> BuiltImage {
    let status = """
        Package: libc6
        Status: install ok installed
        Architecture: amd64
        Version: 2.36-9+deb12u\(marker)
        Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>

        """
    let layer = try ImageBuilder.layer([
        .text("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"),
        .text("var/lib/dpkg/status", status),
        .text("usr/lib/python3/dist-packages/requests-2.28.\(marker).dist-info/METADATA", "Metadata-Version: 2.1\nName: requests\nVersion: 2.28.\(marker)\n"),
        .text("app/marker", marker),
    ])
    let image = try ImageBuilder.image([layer])
    let parsed = try Reference(parsing: reference)
    try await RegistryClient.withClient { try await ImagePusher(client: $0).push(image, to: parsed) }
    return image
}

@Suite(.serialized) struct ImageAPITests {
    /// On both stores: the service's rules do not depend on SQLite.
    @Test(arguments: ServiceHarness.StoreKind.allCases) func addAnalyzeAndReadAnImageThroughTheAPI(store: ServiceHarness.StoreKind) async throws {
        try await RegistryServer.withRegistry { registry in
            let image = try await pushSampleImage("\(registry.host)/team/app:1.0")
            try await ServiceHarness.with(store: store) { harness in
                let api = harness.api
                let dockerfile = Data("FROM debian:12\nRUN true\n".utf8).base64EncodedString()
                let added = try await api.call(
                    .POST, "/v1/images?autosubscribe=True",
                    body: #"{"tag": "\#(registry.host)/team/app:1.0", "dockerfile": "\#(dockerfile)", "annotations": {"team": "payments"}}"#)
                #expect(added.status == 200, "\(added.text)")
                let record = try #require(added.list.first)
                #expect(record["imageDigest"] as? String == image.digest.description)
                #expect(record["analysis_status"] as? String == "not_analyzed")
                #expect((record["annotations"] as? [String: String]) == ["team": "payments"])
                let detail = try #require((record["image_detail"] as? [[String: Any]])?.first)
                #expect(detail["fulltag"] as? String == "\(registry.host)/team/app:1.0")
                #expect(detail["imageId"] as? String == image.manifest.config.digest.encoded)
                #expect(detail["created_at"] as? String != nil)

                let analyzed = try await api.waitForAnalysis(image.digest.description)
                #expect(analyzed["analysis_status"] as? String == "analyzed")
                #expect(analyzed["analyzed_at"] as? String != nil)
                let metadata = try #require((analyzed["image_content"] as? [String: Any])?["metadata"] as? [String: Any])
                #expect(metadata["distro"] as? String == "debian")
                #expect(metadata["distro_version"] as? String == "12")
                #expect(metadata["arch"] as? String == "amd64")
                #expect(metadata["dockerfile_mode"] as? String == "Actual")
                #expect(metadata["layer_count"] as? Int == 1)
                #expect((metadata["image_size"] as? Int ?? 0) > 0)

                // By tag (as anchore-cli asks), by percent-encoded digest, by image id.
                let byTag = try await api.call(.GET, "/v1/images?fulltag=\(registry.host)/team/app:1.0&history=false")
                #expect(byTag.list.first?["imageDigest"] as? String == image.digest.description)
                let encoded = image.digest.description.replacingOccurrences(of: ":", with: "%3A")
                #expect(try await api.call(.GET, "/v1/images/\(encoded)?history=false").status == 200)
                let byID = try await api.call(.GET, "/images/by_id/\(image.manifest.config.digest.encoded)")
                #expect(byID.list.first?["imageDigest"] as? String == image.digest.description)

                let types = try await api.call(.GET, "/v1/images/\(encoded)/content")
                #expect((types.json as? [String])?.contains("python") == true)
                let os = try await api.call(.GET, "/v1/images/\(encoded)/content/os")
                let packages = try #require(os.object["content"] as? [[String: Any]])
                #expect(packages.first?["package"] as? String == "libc6")
                #expect(packages.first?["version"] as? String == "2.36-9+deb12u1")
                let python = try await api.call(.GET, "/v1/images/\(encoded)/content/python")
                let pythonPackages = try #require(python.object["content"] as? [[String: Any]])
                #expect(pythonPackages.first?["package"] as? String == "requests")
                #expect(pythonPackages.first?["location"] as? String != nil)
                let files = try await api.call(.GET, "/v1/images/\(encoded)/content/files")
                let fileList = try #require(files.object["content"] as? [[String: Any]])
                #expect(fileList.contains { $0["filename"] as? String == "/app/marker" && $0["size"] as? Int == 1 })

                let manifest = try await api.call(.GET, "/v1/images/\(encoded)/metadata/manifest")
                let manifestText = try #require(manifest.object["metadata"] as? String)
                #expect(Data(base64Encoded: manifestText) == image.manifestData)
                let dockerfileBack = try await api.call(.GET, "/v1/images/\(encoded)/content/dockerfile")
                #expect((dockerfileBack.object["content"] as? String).flatMap { Data(base64Encoded: $0) } == Data(base64Encoded: dockerfile))
                let cyclonedx = try await api.call(.GET, "/v1/images/\(encoded)/sboms/cyclonedx-json")
                #expect(cyclonedx.object["bomFormat"] as? String == "CycloneDX")
                // Pulled from a registry (with the account's credentials): the documents name no file-system path.
                let properties = ((cyclonedx.object["metadata"] as? [String: Any])?["component"] as? [String: Any])?["properties"] as? [[String: Any]] ?? []
                #expect(!properties.contains { $0["name"] as? String == "image:path" }, "\(properties)")
                #expect(!cyclonedx.text.contains("image:path"))
                let native = try await api.call(.GET, "/v1/images/\(encoded)/sboms/native")
                #expect(native.status == 200)
                let nativeSource = try #require(native.object["source"] as? [String: Any])
                #expect(nativeSource["reference"] != nil && nativeSource["path"] == nil, "\(nativeSource)")
                let spdx = try await api.call(.GET, "/v1/images/\(encoded)/sboms/spdx-json")
                #expect((spdx.object["spdxVersion"] as? String)?.hasPrefix("SPDX-") == true)
                #expect(!spdx.text.contains("path: \(registry.host)"))

                // image add made the four tag subscriptions; analysis_update and (autosubscribe) tag_update active.
                let subscriptions = try await api.call(.GET, "/v1/subscriptions?subscription_key=\(registry.host)/team/app:1.0")
                let active = Dictionary(uniqueKeysWithValues: subscriptions.list.map { ($0["subscription_type"] as! String, $0["active"] as! Bool) })
                #expect(active == ["analysis_update": true, "tag_update": true, "policy_eval": false, "vuln_update": false])
                #expect(subscriptions.list.allSatisfy { $0["created_at"] is Int })
            }
        }
    }

    @Test func tagHistorySecondTagsAndDeletionRules() async throws {
        try await RegistryServer.withRegistry { registry in
            let first = try await pushSampleImage("\(registry.host)/team/svc:latest", marker: "1")
            try await ServiceHarness.with { harness in
                let api = harness.api
                let tag = "\(registry.host)/team/svc:latest"
                #expect(try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(tag)"}"#).status == 200)
                _ = try await api.waitForAnalysis(first.digest.description)

                // A second tag for the same digest: no re-analysis, the record comes back with both tags.
                try await RegistryClient.withClient { client in
                    try await ImagePusher(client: client).push(first, to: try Reference(parsing: "\(registry.host)/team/svc:stable"))
                }
                let again = try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(registry.host)/team/svc:stable"}"#)
                let record = try #require(again.list.first)
                #expect(record["analysis_status"] as? String == "analyzed")
                #expect((record["image_detail"] as? [[String: Any]])?.count == 2)

                // The tag moves to a new digest: history keeps both, the newest wins without history.
                let second = try await pushSampleImage(tag, marker: "2")
                let moved = try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(tag)"}"#)
                #expect(moved.list.first?["imageDigest"] as? String == second.digest.description)
                let history = try await api.call(.GET, "/v1/images?fulltag=\(tag)&history=true")
                #expect(Set(history.list.compactMap { $0["imageDigest"] as? String }) == [first.digest.description, second.digest.description])
                let newest = try await api.call(.GET, "/v1/images?fulltag=\(tag)&history=false")
                #expect(newest.list.map { $0["imageDigest"] as? String } == [second.digest.description])
                _ = try await api.waitForAnalysis(second.digest.description)

                // Deleting the latest image of a subscribed tag is refused without force (HTTP 200, delete_failed).
                let refused = try await api.call(.DELETE, "/v1/images/\(second.digest)")
                #expect(refused.status == 200)
                #expect(refused.object["status"] as? String == "delete_failed")
                #expect(refused.object["detail"] as? String == "cannot delete image that is the latest of its tags, and has active subscription")
                let forced = try await api.call(.DELETE, "/v1/images/\(second.digest)?force=True")
                #expect(forced.object["status"] as? String == "deleting")
                #expect(try await api.call(.GET, "/v1/images/\(second.digest)").status == 404)
                let subscription = try await api.call(.GET, "/v1/subscriptions?subscription_key=\(tag)&subscription_type=analysis_update")
                #expect(subscription.list.first?["active"] as? Bool == false)
                let missing = try await api.call(.DELETE, "/v1/images/\(second.digest)")
                #expect(missing.object["status"] as? String == "not_found")
            }
        }
    }

    @Test func addByDigestWithCreatedAtAndForceReanalysis() async throws {
        try await RegistryServer.withRegistry { registry in
            let image = try await pushSampleImage("\(registry.host)/ci/build:7")
            try await ServiceHarness.with { harness in
                let api = harness.api
                let body = #"{"tag": "\#(registry.host)/ci/build:7", "digest": "\#(image.digest)", "created_at": "2021-03-04T05:06:07Z"}"#
                let added = try await api.call(.POST, "/v1/images", body: body)
                #expect(added.status == 200, "\(added.text)")
                let detail = try #require((added.list.first?["image_detail"] as? [[String: Any]])?.first)
                #expect(detail["created_at"] as? String == "2021-03-04T05:06:07Z")
                _ = try await api.waitForAnalysis(image.digest.description)

                let dockerfile = Data("FROM scratch\n".utf8).base64EncodedString()
                let refused = try await api.call(.POST, "/v1/images", body: #"{"tag": "\#(registry.host)/ci/build:7", "dockerfile": "\#(dockerfile)"}"#)
                #expect(refused.status == 400)
                #expect(refused.message.contains("unless using force=True"))
                let forced = try await api.call(.POST, "/v1/images?force=true", body: #"{"tag": "\#(registry.host)/ci/build:7", "dockerfile": "\#(dockerfile)"}"#)
                #expect(forced.list.first?["analysis_status"] as? String == "not_analyzed")
                let reanalyzed = try await api.waitForAnalysis(image.digest.description)
                #expect(((reanalyzed["image_content"] as? [String: Any])?["metadata"] as? [String: Any])?["dockerfile_mode"] as? String == "Actual")
            }
        }
    }

    @Test func anImageThatCannotBeAnalyzedEndsFailedWithTheReason() async throws {
        try await RegistryServer.withRegistry { registry in
            // A layer whose blob claims gzip but is not: the registry serves it, the analyzer cannot read it.
            var layer = try ImageBuilder.layer([.text("a", "b")])
            layer.blob = Array("this is not a gzip stream".utf8)
            layer.descriptor = Descriptor(mediaType: layer.descriptor.mediaType, digest: sha256(layer.blob), size: Int64(layer.blob.count))
            let image = try ImageBuilder.image([layer])
            try await RegistryClient.withClient { client in
                try await ImagePusher(client: client).push(image, to: try Reference(parsing: "\(registry.host)/bad/layer:1"))
            }
            try await ServiceHarness.with { harness in
                let added = try await harness.api.call(.POST, "/v1/images", body: #"{"tag": "\#(registry.host)/bad/layer:1"}"#)
                #expect(added.status == 200, "\(added.text)")
                let record = try await harness.api.waitForAnalysis(image.digest.description)
                #expect(record["analysis_status"] as? String == "analysis_failed")
                #expect((record["analysis_failure_reason"] as? String)?.isEmpty == false)
                let content = try await harness.api.call(.GET, "/v1/images/\(image.digest)/content/os")
                #expect(content.status == 404)
                #expect(content.message == "image is not analyzed - analysis_status: analysis_failed")
                // The type lists answer for it all the same, as Anchore's do.
                #expect(try await harness.api.call(.GET, "/v1/images/\(image.digest)/content").json as? [String] == [
                    "os", "files", "npm", "gem", "python", "java", "binary", "go", "malware",
                ])
                #expect(try await harness.api.call(.GET, "/v1/images/\(image.digest)/metadata").json as? [String] == ["manifest", "docker_history", "dockerfile"])
                #expect(try await harness.api.call(.GET, "/v1/images/\(image.digest)/vuln").json as? [String] == ["os", "non-os", "all"])
                #expect(try await harness.api.call(.GET, "/v1/images/sha256:\(String(repeating: "0", count: 64))/content").status == 404)
            }
        }
    }
}

@Suite(.serialized) struct MultiPlatformTests {
    @Test func aTagOnAnIndexRecordsTheIndexAsParentAndAnalyzesTheAMD64Image() async throws {
        try await RegistryServer.withRegistry { registry in
            let amd = try ImageBuilder.image([try ImageBuilder.layer([.text("etc/os-release", "ID=alpine\nVERSION_ID=3.20.1\n")])])
            let arm = try ImageBuilder.image(
                [try ImageBuilder.layer([.text("etc/os-release", "ID=alpine\nVERSION_ID=3.20.1\n"), .text("arm", "1")])],
                platform: Platform(os: "linux", architecture: "arm64"))
            let index = try await RegistryClient.withClient { client in
                try await ImagePusher(client: client).pushIndex([amd, arm], to: try Reference(parsing: "\(registry.host)/multi/arch:1"))
            }
            try await ServiceHarness.with { harness in
                let added = try await harness.api.call(.POST, "/v1/images", body: #"{"tag": "\#(registry.host)/multi/arch:1"}"#)
                let record = try #require(added.list.first, "\(added.text)")
                #expect(record["imageDigest"] as? String == amd.digest.description)
                #expect(record["parentDigest"] as? String == index.description)
                let analyzed = try await harness.api.waitForAnalysis(amd.digest.description)
                let metadata = (analyzed["image_content"] as? [String: Any])?["metadata"] as? [String: Any]
                #expect(metadata?["arch"] as? String == "amd64")
                #expect(metadata?["distro"] as? String == "alpine")

                // An index without the service's platform is the client's mistake: 400 with Anchore's code.
                try await RegistryClient.withClient { client in
                    _ = try await ImagePusher(client: client).pushIndex([arm], to: try Reference(parsing: "\(registry.host)/multi/armonly:1"))
                }
                let refused = try await harness.api.call(.POST, "/v1/images", body: #"{"tag": "\#(registry.host)/multi/armonly:1"}"#)
                #expect(refused.status == 400, "\(refused.text)")
                #expect((refused.object["detail"] as? [String: Any])?["error_codes"] as? [String] == ["OSARCH_MISMATCH"], "\(refused.text)")
                #expect(refused.message.contains("linux/arm64"), "\(refused.text)")
            }
        }
    }
}
