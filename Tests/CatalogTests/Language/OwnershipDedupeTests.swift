import Catalog
import Layers
import Testing

@Suite("Ownership dedupe")
struct OwnershipDedupeTests {
    let pipDistInfo = "/usr/lib/python3/dist-packages/pip-23.0.1.dist-info/METADATA"

    var packages: [Package] {
        [
            Package(
                type: .deb, name: "python3-pip", version: "23.0.1+dfsg-1",
                purl: "pkg:deb/debian/python3-pip@23.0.1%2Bdfsg-1",
                locations: ["/var/lib/dpkg/status"], files: [pipDistInfo, "/bin/curl", "/usr/bin/registry"]),
            Package(
                type: .python, name: "pip", version: "23.0.1", purl: "pkg:pypi/pip@23.0.1", locations: [pipDistInfo]),
            Package(
                type: .python, name: "requests", version: "2.31.0", purl: "pkg:pypi/requests@2.31.0",
                locations: ["/venv/requests.dist-info/METADATA"]),
            Package(
                type: .binary, name: "curl", version: "7.88.1", purl: "pkg:generic/curl@7.88.1",
                locations: ["/usr/bin/curl"]),
            Package(
                type: .binary, name: "busybox", version: "1.36", purl: "pkg:generic/busybox@1.36",
                locations: ["/bin/busybox"]),
            Package(
                type: .go, name: "github.com/docker/distribution", version: "v2.8.2", purl: "pkg:golang/x",
                locations: ["/usr/bin/registry"]),
        ]
    }

    @Test("syft's default: only binary packages an OS package owns are dropped; language packages stay")
    func syftDefault() {
        // /bin is a symlink to /usr/bin in a merged-/usr image: dpkg says /bin/curl, the binary is /usr/bin/curl.
        let tree = FileTree(files: [
            FileRecord(path: "/bin", kind: .symlink, linkTarget: "usr/bin"),
            FileRecord(path: "/usr/bin/curl", kind: .regular),
        ])
        let kept = removeOwnedByOSPackages(packages, resolver: tree)
        #expect(kept.map(\.name) == ["python3-pip", "pip", "requests", "busybox", "github.com/docker/distribution"])
        // Without a resolver, paths are compared as written: /usr/bin/curl is not /bin/curl.
        #expect(removeOwnedByOSPackages(packages).count == packages.count)
    }

    @Test("the opt-in policy also drops python/npm/gem packages an OS package owns, never Go or Java")
    func languagesToo() {
        let kept = removeOwnedByOSPackages(packages, policy: .osPackagesWin)
        #expect(kept.map(\.name) == ["python3-pip", "requests", "curl", "busybox", "github.com/docker/distribution"])
    }
}
