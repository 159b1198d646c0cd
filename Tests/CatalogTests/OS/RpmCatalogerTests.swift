import Catalog
import Foundation
import Layers
import Testing

@Suite("rpm cataloger")
struct RpmCatalogerTests {
    static let rhel = Distro(id: "rhel", version: "9.3", idLike: ["fedora"], namespace: "rhel:9")

    static let bash = RpmTestEncoders.package(
        name: "bash", version: "5.1.8", release: "6.el9_1", arch: "x86_64",
        sourceRPM: "bash-5.1.8-6.el9_1.src.rpm", license: "GPLv3+",
        files: ["/usr/bin/bash", "/usr/bin/sh", "/etc/skel/.bashrc"])
    static let openssl = RpmTestEncoders.package(
        name: "openssl-libs", version: "3.0.7", release: "24.el9", epoch: 1, arch: "x86_64",
        sourceRPM: "openssl-3.0.7-24.el9.src.rpm", license: "ASL 2.0", files: ["/usr/lib64/libssl.so.3"],
        padding: 9000)
    static let pubkey = RpmTestEncoders.package(
        name: "gpg-pubkey", version: "fd431d51", release: "4ae0493b", arch: nil, sourceRPM: nil, license: "pubkey")

    static func catalog(_ bytes: [UInt8], at path: String = "/var/lib/rpm/rpmdb.sqlite", distro: Distro? = rhel)
        -> CatalogResult
    {
        let tree = OSFixtures.tree([OSFixtures.File(path, bytes: bytes, layer: 2)])
        return Cataloger.rpm.catalog(tree, CatalogContext(distro: distro))
    }

    static func checkStandardPackages(_ result: CatalogResult, path: String) throws {
        #expect(result.issues.isEmpty, "\(result.issues)")
        #expect(result.packages.map(\.name) == ["bash", "openssl-libs", "gpg-pubkey"])
        let bash = try #require(result.packages.first)
        #expect(bash.type == .rpm)
        #expect(bash.version == "5.1.8-6.el9_1")
        #expect(bash.epoch == nil)
        #expect(bash.release == "6.el9_1")
        #expect(bash.architecture == "x86_64")
        #expect(bash.sourceName == "bash")
        #expect(bash.sourceVersion == nil)
        #expect(bash.licenses == ["GPLv3+"])
        #expect(bash.files == ["/usr/bin/bash", "/usr/bin/sh", "/etc/skel/.bashrc"])
        #expect(bash.locations == [path])
        #expect(bash.layer == 2)
        #expect(bash.metadata["sourceRpm"] == "bash-5.1.8-6.el9_1.src.rpm")
        #expect(bash.metadata["vendor"] == "Drydock")
        #expect(bash.purl == "pkg:rpm/redhat/bash@5.1.8-6.el9_1?arch=x86_64&upstream=bash-5.1.8-6.el9_1.src.rpm&distro=rhel-9.3")
        let openssl = result.packages[1]
        #expect(openssl.version == "1:3.0.7-24.el9")
        #expect(openssl.epoch == 1)
        #expect(openssl.sourceName == "openssl")
        #expect(openssl.sourceVersion == nil)  // the binary has its source's version-release
        #expect(openssl.purl == "pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?arch=x86_64&epoch=1&upstream=openssl-3.0.7-24.el9.src.rpm&distro=rhel-9.3")
        let pubkey = result.packages[2]
        #expect(pubkey.version == "fd431d51-4ae0493b")
        #expect(pubkey.architecture == nil)
        #expect(pubkey.sourceName == nil)
        #expect(pubkey.purl == "pkg:rpm/redhat/gpg-pubkey@fd431d51-4ae0493b?distro=rhel-9.3")
    }

    @Test func ndb() throws {
        let bytes = RpmTestEncoders.ndb([Self.bash, Self.openssl, Self.pubkey])
        try Self.checkStandardPackages(Self.catalog(bytes, at: "/usr/lib/sysimage/rpm/Packages.db"), path: "/usr/lib/sysimage/rpm/Packages.db")
    }

    @Test(arguments: [(4096, true), (512, true), (4096, false), (1024, false)])
    func berkeleyDB(pageSize: Int, littleEndian: Bool) throws {
        let bytes = RpmTestEncoders.berkeley([Self.bash, Self.openssl, Self.pubkey], pageSize: pageSize, littleEndian: littleEndian)
        try Self.checkStandardPackages(Self.catalog(bytes, at: "/var/lib/rpm/Packages"), path: "/var/lib/rpm/Packages")
    }

    @Test func berkeleyDBInlineValues() throws {
        let bytes = RpmTestEncoders.berkeley([Self.bash, Self.pubkey], pageSize: 8192, inlineLimit: 2000)
        let result = Self.catalog(bytes, at: "/var/lib/rpm/Packages")
        #expect(result.issues.isEmpty)
        #expect(result.packages.map(\.name) == ["bash", "gpg-pubkey"])
    }

    @Test func sqlite() throws {  // make test installs sqlite3
        let bytes = try OSFixtures.withTemporaryDirectory { directory in
            try RpmTestEncoders.sqlite([Self.bash, Self.openssl, Self.pubkey], in: directory, sqlite3: try #require(OSFixtures.tool("sqlite3"), "sqlite3 is missing: run make test"))
        }
        #expect(bytes[18] == 2)  // WAL mode, as rpm leaves its database
        try Self.checkStandardPackages(Self.catalog(bytes), path: "/var/lib/rpm/rpmdb.sqlite")
    }

    @Test func headerDetails() throws {
        // A dribble entry (outside the region) replaces the region's value; OLDFILENAMES when no BASENAMES.
        let blob = RpmTestEncoders.header(
            [(1000, .string("old")), (1001, .string("1")), (1002, .string("2")), (1027, .strings(["/a/b", "/c"]))],
            dribble: [(1000, .string("new"))])
        let result = Self.catalog(RpmTestEncoders.ndb([blob]), at: "/var/lib/rpm/Packages.db", distro: nil)
        #expect(result.issues.isEmpty)
        let package = try #require(result.packages.first)
        #expect(package.name == "new")
        #expect(package.files == ["/a/b", "/c"])
        #expect(package.licenses.isEmpty)
        #expect(package.purl == "pkg:rpm/new@1-2")
    }

    @Test func corruptHeadersAndDatabasesAreIssues() throws {
        var truncated = Self.bash
        truncated.removeLast(100)
        var badType = Self.bash
        badType[8 + 16 + 7] = 42  // the type of the first entry after the region
        let result = Self.catalog(RpmTestEncoders.ndb([truncated, Self.openssl, badType, [0, 0, 0, 0, 0, 0, 0, 0]]), at: "/var/lib/rpm/Packages.db")
        #expect(result.packages.map(\.name) == ["openssl-libs"])
        #expect(result.issues.count == 3)
        #expect(result.issues.allSatisfy { $0.source == "rpm" && $0.path == "/var/lib/rpm/Packages.db" && $0.layer == 2 })

        for junk: [UInt8] in [Array("not a database at all".utf8), Array("SQLite format 3\u{0}".utf8) + [UInt8](repeating: 7, count: 200)] {
            let junkResult = Self.catalog(junk, at: "/var/lib/rpm/Packages")
            #expect(junkResult.packages.isEmpty)
            #expect(junkResult.issues.count == 1)
        }

        var brokenChain = RpmTestEncoders.berkeley([Self.bash, Self.openssl], pageSize: 512)
        brokenChain.removeLast(512 * 3)
        let chainResult = Self.catalog(brokenChain, at: "/var/lib/rpm/Packages")
        #expect(chainResult.packages.map(\.name) == ["bash"])
        #expect(!chainResult.issues.isEmpty)
    }

    @Test func namespaces() {
        let bytes = RpmTestEncoders.ndb([RpmTestEncoders.package(name: "zlib", version: "1.2.13", release: "1.1", arch: "x86_64")])
        let suse = Distro(id: "opensuse-leap", version: "15.5", namespace: "opensuse-leap:15.5")
        #expect(Self.catalog(bytes, distro: suse).packages.first?.purl == "pkg:rpm/opensuse/zlib@1.2.13-1.1?arch=x86_64&distro=opensuse-leap-15.5")
        let rocky = Distro(id: "rocky", version: "9.3", namespace: "rocky:9")
        #expect(Self.catalog(bytes, distro: rocky).packages.first?.purl == "pkg:rpm/rocky/zlib@1.2.13-1.1?arch=x86_64&distro=rocky-9.3")
    }

    @Test func capturesCoverTheDatabaseFiles() {
        for prefix in ["/var/lib/rpm/", "/usr/lib/sysimage/rpm/", "/usr/share/rpm/"] {
            for name in ["Packages", "Packages.db", "rpmdb.sqlite"] {
                let rule = Cataloger.rpm.captures.first { $0.glob.matches(prefix + name) }
                #expect(rule != nil, "\(prefix + name)")
                #expect((rule?.maxSize ?? 0) >= 256 * 1024 * 1024)
            }
        }
    }
}
