import Catalog
import Foundation
import Layers
import OCI

/// Analyses built in code for the SBOM tests, each stressing something the encoders must get right.
enum SBOMFixtures {
    static let analyzedAt = Date(timeIntervalSince1970: 1_714_564_800)  // 2024-05-01T12:00:00Z

    static func digest(_ seed: String, algorithm: Digest.Algorithm = .sha256) -> Digest {
        let hex = String(repeating: seed, count: 128)
        return try! Digest(parsing: "\(algorithm.rawValue):\(hex.prefix(algorithm.hexLength))")
    }

    /// Every fixture with a name usable as a file name.
    static var all: [(name: String, analysis: ImageAnalysis)] {
        [("empty", empty), ("debian", debian), ("tricky", tricky), ("many", many(count: 500))]
    }

    static func image(
        reference: String? = "docker.io/library/nginx:1.25", path: String? = nil, manifest: Digest? = digest("a"),
        packages: [Package] = [], distro: Distro? = nil, files: [FileRecord] = []
    ) -> ImageAnalysis {
        let layers = [
            ImageAnalysis.Layer(
                digest: digest("1"), diffID: digest("2"), mediaType: .ociLayerGzip, size: 1000, uncompressedSize: 4000),
            ImageAnalysis.Layer(
                digest: digest("3"), diffID: digest("4"), mediaType: .ociLayerZstd, size: 10, uncompressedSize: 30),
        ]
        let config = ImageConfig(
            created: "2024-04-30T10:00:00Z", architecture: "arm64", os: "linux", variant: "v8",
            config: .init(
                user: "nginx", exposedPorts: ["80/tcp": .init(), "443/tcp": .init()], env: ["PATH=/usr/bin", "A=b c"],
                entrypoint: ["/docker-entrypoint.sh"], cmd: ["nginx", "-g", "daemon off;"], workingDir: "/",
                labels: ["maintainer": "NGINX <docker-maint@nginx.com>"]),
            rootfs: .init(diffIDs: [digest("2"), digest("4")]),
            history: [.init(created: "2024-04-30T10:00:00Z", createdBy: "/bin/sh -c #(nop) ADD file:x in /")])
        return ImageAnalysis(
            analyzer: .init(version: "0.1.0"), analyzedAt: analyzedAt,
            source: .init(
                reference: reference.map { try! Reference(parsing: $0) }, path: path, manifestDigest: manifest,
                parentDigest: manifest == nil ? nil : digest("b"), imageID: digest("c"), mediaType: .ociManifest,
                platform: config.platform, layers: layers, compressedSize: 1010, uncompressedSize: 4030),
            metadata: .init(config: config),
            dockerfile: .init(mode: .guessed, contents: "FROM scratch\nADD file:x in /\n"),
            distro: distro, packages: packages, files: files,
            secrets: [.init(ruleID: "aws-access-key", path: "/root/.aws/credentials", line: 2, layer: 1,
                            redactedMatch: "AKIA************MPLE")],
            issues: [.init(source: "dpkg", path: "/var/lib/dpkg/status", layer: 0, message: "truncated stanza")])
    }

    static var empty: ImageAnalysis { image() }

    static var debian: ImageAnalysis {
        let distro = Distro(
            id: "debian", version: "12", prettyName: "Debian GNU/Linux 12 (bookworm)", namespace: "debian:12")
        func deb(_ name: String, _ version: String, _ licenses: [String], source: String? = nil) -> Package {
            Package(
                type: .deb, name: name, version: version,
                purl: "pkg:deb/debian/\(name)@\(version)?arch=arm64&distro=debian-12", licenses: licenses,
                locations: ["/var/lib/dpkg/status"], layer: 0, architecture: "arm64", sourceName: source,
                files: ["/usr/bin/\(name)"])
        }
        return image(
            packages: [
                deb("bash", "5.2.15-2+b2", ["GPL-3+", "BSD-4-clause-UC", "GPL-3+ WITH Bison-exception-2.2"]),
                deb("libc6", "2.36-9+deb12u4", ["LGPL-2.1+", "GPL-2", "public-domain"], source: "glibc"),
                deb("perl-base", "5.36.0-7", ["GPL-1+ or Artistic", "Artistic-2.0", "Expat", "BSD-3-clause"]),
                deb("zlib1g", "1:1.2.13.dfsg-1", ["Zlib"], source: "zlib"),
                deb("tzdata", "2024a-0+deb12u1", []),
            ],
            distro: distro,
            files: [
                FileRecord(path: "/", kind: .directory, mode: 0o755),
                FileRecord(path: "/usr/bin/passwd", kind: .regular, size: 68248, mode: 0o4755, sha256: digest("d")),
                FileRecord(path: "/usr/bin/sh", kind: .symlink, mode: 0o777, linkTarget: "dash", layer: 1),
                FileRecord(path: "/usr/bin/wall", kind: .regular, size: 10, mode: 0o2755, uid: 0, gid: 5),
            ])
    }

    static var tricky: ImageAnalysis {
        var packages = [
            Package(type: .npm, name: "@babel/core", version: "7.24.0", purl: "pkg:npm/%40babel/core@7.24.0",
                    licenses: ["MIT"], locations: ["/app/node_modules/@babel/core/package.json"], layer: 1),
            Package(type: .npm, name: "dual", version: "1.0.0", purl: "pkg:npm/dual@1.0.0",
                    licenses: ["MIT OR Apache-2.0"], locations: ["/app/node_modules/dual/package.json"], layer: 1),
            Package(type: .npm, name: "lower-ops", version: "2.0.0", purl: "pkg:npm/lower-ops@2.0.0",
                    licenses: ["(mit and bsd-2-clause) or gpl-3.0-only with classpath-exception-2.0"]),
            Package(type: .python, name: "My Package", version: "1.0 beta", purl: "pkg:pypi/my-package@1.0b0",
                    licenses: ["custom"], locations: ["/usr/lib/python3/site-packages/My Package.dist-info/METADATA"],
                    metadata: ["summary": "A \"quoted\" name", "requires": "a/b"]),
            Package(type: .python, name: "custom-too", version: "2", purl: "pkg:pypi/custom-too@2",
                    licenses: ["Custom", "custom", "Some/License", "Some License", "LicenseRef-acme", "Apache 2.0"]),
            Package(type: .go, name: "github.com/foo/bar", version: "v1.2.3", purl: "pkg:golang/github.com/foo/bar@v1.2.3",
                    licenses: ["BSD-3-Clause", "GPL-2.0+ WITH Autoconf-exception-2.0"], locations: ["/usr/local/bin/app"],
                    metadata: ["goVersion": "go1.22.1", "mainModule": "github.com/foo/app"]),
            Package(type: .java, name: "commons-lang3", version: "3.14.0",
                    purl: "pkg:maven/org.apache.commons/commons-lang3@3.14.0",
                    licenses: ["Apache License, Version 2.0", "NOASSERTION", ""],
                    locations: ["/app/lib/commons-lang3-3.14.0.jar"], metadata: ["groupId": "org.apache.commons"]),
            Package(type: .binary, name: "café ☕ / tool", version: "", purl: "", licenses: ["MIT", "(unbalanced"]),
            Package(type: .rpm, name: "openssl-libs", version: "3.0.7", purl: "pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?epoch=1",
                    licenses: ["ASL 2.0"], architecture: "x86_64", sourceName: "openssl", sourceVersion: "3.0.7-27.el9",
                    epoch: 1, release: "27.el9"),
            Package(type: .gem, name: "rake", version: "13.1.0", purl: "pkg:gem/rake@13.1.0", licenses: ["MIT", "MIT OR Ruby"]),
        ]
        packages.append(packages[0])  // an exact duplicate still gets its own ID
        return image(reference: "localhost:5000/team/app:v1@sha256:" + String(repeating: "a", count: 64), packages: packages)
    }

    /// A local archive (no reference, no manifest digest) with many packages.
    static func many(count: Int) -> ImageAnalysis {
        let licenses = [["MIT"], ["GPL-2+"], ["Apache-2.0 OR MIT"], ["proprietary"], [], ["ISC", "BSD-2-Clause"]]
        let types: [PackageType] = [.deb, .npm, .python, .java, .go, .gem, .apk, .rpm, .binary]
        let packages = (0..<count).map { index in
            let type = types[index % types.count]
            return Package(
                type: type, name: "pkg-\(index)", version: "1.\(index % 7).\(index)",
                purl: "pkg:generic/pkg-\(index)@1.\(index % 7).\(index)", licenses: licenses[index % licenses.count],
                locations: ["/opt/pkgs/\(index)"], layer: index % 2)
        }
        return image(reference: nil, path: "/tmp/images/app.tar", manifest: nil, packages: packages)
    }
}
