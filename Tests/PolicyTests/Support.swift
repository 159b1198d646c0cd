import Catalog
import Foundation
import Layers
import OCI
@testable import Policy
import Vulnerabilities

/// An image to evaluate, built from plain values: a Debian 12 image tagged `docker.io/library/app:1.0`.
func makeInput(
    tag: PolicyInput.TagName = .init(registry: "docker.io", repository: "library/app", tag: "1.0"),
    packages: [Package] = [], files: [FileRecord] = [], secrets: [SecretFinding] = [],
    dockerfile: ImageAnalysis.Dockerfile? = nil, distro: Distro? = testDistro,
    vulnerabilities: [PolicyInput.Vulnerability]? = [], feed: PolicyInput.FeedState? = nil,
    previousPackages: [Package]? = nil, ancestors: [PolicyInput.Ancestor] = [], retrievedFiles: [String: Data]? = nil,
    knownExploited: Set<String>? = nil, layers: Int = 2, size: Int64 = 80 << 20
) -> PolicyInput {
    let imageID = Digest("sha256:" + String(repeating: "a", count: 64))!
    let layerList = (0..<layers).map { i in
        ImageAnalysis.Layer(
            digest: Digest("sha256:" + String(repeating: String(i), count: 64))!,
            diffID: Digest("sha256:" + String(repeating: String(i), count: 64))!,
            mediaType: MediaType("application/vnd.oci.image.layer.v1.tar+gzip"), size: 1, uncompressedSize: 1)
    }
    let analysis = ImageAnalysis(
        analyzer: .init(version: "test"), analyzedAt: Date(timeIntervalSince1970: 1_700_000_000),
        source: .init(imageID: imageID, mediaType: MediaType("application/vnd.oci.image.manifest.v1+json"),
                      platform: Platform(os: "linux", architecture: "amd64"), layers: layerList, uncompressedSize: size),
        metadata: .init(architecture: "amd64", os: "linux"), dockerfile: dockerfile, distro: distro, packages: packages,
        files: files, secrets: secrets)
    return PolicyInput(
        imageID: String(repeating: "a", count: 64), digest: "sha256:" + String(repeating: "b", count: 64), tag: tag, analysis: analysis,
        vulnerabilities: vulnerabilities,
        feed: feed ?? .init(namespace: "debian:12", distroNamespace: "debian:12", oldestSync: now.addingTimeInterval(-3600)),
        knownExploited: knownExploited, previousPackages: previousPackages, ancestors: ancestors, retrievedFiles: retrievedFiles)
}

let now = Date(timeIntervalSince1970: 1_750_000_000)
let testDistro = Distro(id: "debian", version: "12", prettyName: "Debian GNU/Linux 12 (bookworm)", idLike: [], namespace: "debian:12")

func deb(_ name: String, _ version: String, licenses: [String] = [], files: [String] = []) -> Package {
    Package(type: .deb, name: name, version: version, purl: "pkg:deb/debian/\(name)@\(version)", licenses: licenses, locations: ["/var/lib/dpkg/status"], files: files)
}
