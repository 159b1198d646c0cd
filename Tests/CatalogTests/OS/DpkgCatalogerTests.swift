import Catalog
import Foundation
import Layers
import Testing

@Suite("dpkg cataloger")
struct DpkgCatalogerTests {
    static let bookworm = Distro(id: "debian", version: "12", namespace: "debian:12")

    static func realStatus() throws -> [UInt8] {
        let url = OSFixtures.vulndata("debian-bookworm-minbase-debootstrap/var/lib/dpkg/status")
        return [UInt8](try Data(contentsOf: url))
    }

    @Test func realBookwormMinbase() throws {
        let root = OSFixtures.vulndata("debian-bookworm-minbase-debootstrap")
        let captures = Cataloger.dpkg.captures + DistroDetection.captures
        let (tree, treeIssues) = FileTree.directory(root, captures: captures, layer: 2)
        #expect(treeIssues.isEmpty)
        let distro = DistroDetection.detect(tree)
        let result = Cataloger.dpkg.catalog(tree, CatalogContext(distro: distro))
        #expect(result.issues.isEmpty)
        #expect(result.packages.count == 88)
        #expect(Set(result.packages.map { $0.sourceName ?? $0.name }).count == 63)
        #expect(result.packages.allSatisfy { $0.type == .deb && $0.layer == 2 && $0.locations == ["/var/lib/dpkg/status"] })
        // The fixture has no info/*.list files and no copyright files: owned files come from Conffiles only.
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("var/lib/dpkg/info").path))
        #expect(result.packages.allSatisfy { $0.licenses.isEmpty })

        let byName = Dictionary(result.packages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let expected: [(String, String, String, String?, String?, String)] = [
            ("libc6", "2.36-9+deb12u14", "amd64", "glibc", nil,
             "pkg:deb/debian/libc6@2.36-9+deb12u14?arch=amd64&upstream=glibc&distro=debian-12"),
            ("bash", "5.2.15-2+b13", "amd64", "bash", "5.2.15-2",
             "pkg:deb/debian/bash@5.2.15-2+b13?arch=amd64&upstream=bash%405.2.15-2&distro=debian-12"),
            ("bsdutils", "1:2.38.1-5+deb12u3", "amd64", "util-linux", "2.38.1-5+deb12u3",
             "pkg:deb/debian/bsdutils@1:2.38.1-5+deb12u3?arch=amd64&upstream=util-linux%402.38.1-5%2Bdeb12u3&distro=debian-12"),
            ("libcap2", "1:2.66-4+deb12u3+b1", "amd64", "libcap2", "1:2.66-4+deb12u3",
             "pkg:deb/debian/libcap2@1:2.66-4+deb12u3+b1?arch=amd64&upstream=libcap2%401:2.66-4%2Bdeb12u3&distro=debian-12"),
            ("adduser", "3.134", "all", nil, nil, "pkg:deb/debian/adduser@3.134?arch=all&distro=debian-12"),
            ("tzdata", "2026b-0+deb12u1", "all", nil, nil, "pkg:deb/debian/tzdata@2026b-0+deb12u1?arch=all&distro=debian-12"),
            ("libpam0g", "1.5.2-6+deb12u2", "amd64", "pam", nil,
             "pkg:deb/debian/libpam0g@1.5.2-6+deb12u2?arch=amd64&upstream=pam&distro=debian-12"),
        ]
        for (name, version, arch, source, sourceVersion, purl) in expected {
            let package = try #require(byName[name], "\(name)")
            #expect(package.version == version)
            #expect(package.architecture == arch)
            #expect(package.sourceName == source)
            #expect(package.sourceVersion == sourceVersion)
            #expect(package.purl == purl)
        }
        #expect(byName["libc6"]?.files == ["/etc/ld.so.conf.d/x86_64-linux-gnu.conf"])
        #expect(byName["bash"]?.files.contains("/etc/skel/.bashrc") == true)
        #expect(byName["libc6"]?.metadata["maintainer"] == "GNU Libc Maintainers <debian-glibc@lists.debian.org>")
    }

    @Test func ownedFilesLicensesAndLayerFromTheListFile() throws {
        let tree = OSFixtures.tree(
            [
                OSFixtures.File("/var/lib/dpkg/status", bytes: try Self.realStatus(), layer: 1),
                OSFixtures.File("/var/lib/dpkg/info/libc6:amd64.list", "/.\n/lib\n/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu/libc.so.6\n/usr/share/doc/libc6/copyright\n", layer: 0),
                OSFixtures.File("/var/lib/dpkg/info/bash.list", "/.\n/bin\n/bin/bash\n/etc/bash.bashrc\n", layer: 1),
                OSFixtures.File("/usr/share/doc/libc6/copyright", """
                    Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
                    Upstream-Name: glibc

                    Files: *
                    Copyright: 1991-2023 Free Software Foundation, Inc.
                    License: LGPL-2.1+

                    Files: debian/*
                    License: GPL-2+ or LGPL
                    Comment: see /usr/share/common-licenses/GPL-2.

                    License: LGPL-2.1+
                     On Debian systems, see /usr/share/common-licenses/LGPL-2.1.
                    """),
                OSFixtures.File("/usr/share/doc/gcc-12-base/copyright", "This is the Debian GNU/Linux prepackaged version of gcc.\nSee /usr/share/common-licenses/GPL-3.\n"),
            ],
            symlinks: ["/bin": "usr/bin", "/usr/share/doc/libgcc-s1": "gcc-12-base"],
            directories: ["/lib", "/lib/x86_64-linux-gnu", "/usr/bin", "/etc"])
        let result = Cataloger.dpkg.catalog(tree, CatalogContext(distro: Self.bookworm))
        #expect(result.issues.isEmpty)
        let byName = Dictionary(result.packages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let libc = try #require(byName["libc6"])
        #expect(libc.files == [
            "/lib/x86_64-linux-gnu/libc.so.6", "/usr/share/doc/libc6/copyright", "/etc/ld.so.conf.d/x86_64-linux-gnu.conf",
        ])
        #expect(libc.licenses == ["GPL-2", "GPL-2+", "LGPL-2.1", "LGPL-2.1+"])
        #expect(libc.locations == ["/var/lib/dpkg/status", "/var/lib/dpkg/info/libc6:amd64.list", "/usr/share/doc/libc6/copyright"])
        #expect(libc.layer == 0)
        let bash = try #require(byName["bash"])
        #expect(bash.files.contains("/bin/bash"))  // /bin is a symlink to a directory: kept as listed
        #expect(!bash.files.contains("/bin"))
        #expect(bash.files.contains("/etc/bash.bashrc"))  // also a conffile: listed once
        #expect(bash.files.filter { $0 == "/etc/bash.bashrc" }.count == 1)
        #expect(bash.layer == 1)
        // Not machine-readable: only the common-licenses reference counts; found through the doc symlink.
        #expect(byName["libgcc-s1"]?.licenses == ["GPL-3"])
        #expect(byName["zlib1g"]?.layer == 1)  // no .list: the status file's layer
    }

    static let synthetic = """
        Package: alpha
        Status: install ok installed
        Architecture: amd64
        Source: alpha-src (1.0-1)
        Version: 1.0-1+b1
        Description: first line
         continued line
         .
         another paragraph
        Conffiles:
         /etc/alpha.conf 0123456789abcdef0123456789abcdef
         /etc/alpha/old.conf 0123456789abcdef0123456789abcdef obsolete

        Package: removed
        Status: deinstall ok config-files
        Architecture: amd64
        Version: 2.0

        Package: broken
        Version: 1
        Version: 2

        Package: half
        Status: install ok half-installed
        Architecture: arm64
        Multi-Arch: same
        Version: 3.0
        this line is not a field

        Description: a paragraph with no package name

        package: lowercase-keys
        version: 4.0
        architecture: all
        """

    @Test func syntheticStatusFile() throws {
        let tree = OSFixtures.tree([OSFixtures.File("/var/lib/dpkg/status", Self.synthetic, layer: 3)])
        let result = Cataloger.dpkg.catalog(tree, CatalogContext(distro: Self.bookworm))
        #expect(result.packages.map(\.name) == ["alpha", "half", "lowercase-keys"])
        let alpha = result.packages[0]
        #expect(alpha.version == "1.0-1+b1")
        #expect(alpha.sourceName == "alpha-src")
        #expect(alpha.sourceVersion == "1.0-1")
        #expect(alpha.files == ["/etc/alpha.conf", "/etc/alpha/old.conf"])
        #expect(alpha.layer == 3)
        #expect(result.packages[1].version == "3.0")
        #expect(result.packages[1].architecture == "arm64")
        #expect(result.packages[1].purl == "pkg:deb/debian/half@3.0?arch=arm64&distro=debian-12")
        #expect(result.packages[2].version == "4.0")
        let messages = result.issues.map(\.message)
        #expect(result.issues.count == 3)
        #expect(messages.contains { $0.contains("duplicate field Version") })
        #expect(messages.contains { $0.contains("not a field") })
        #expect(messages.contains { $0.contains("without a Package field") })
        #expect(result.issues.allSatisfy { $0.source == "dpkg" && $0.path == "/var/lib/dpkg/status" && $0.layer == 3 })
    }

    @Test func corruptAndUncapturedFilesAreIssues() {
        let garbage: [UInt8] = [0xFF, 0xFE, 0x00, 0x20, 0x20, 0x0A, 0x20, 0x78, 0x0A]
        var records = [FileRecord(path: "/var/lib/dpkg/status", kind: .regular, size: 9)]
        records.append(FileRecord(path: "/usr/lib/dpkg/status", kind: .regular, size: 999_999_999))
        let tree = FileTree(files: records, contents: ["/var/lib/dpkg/status": garbage])
        let result = Cataloger.dpkg.catalog(tree, CatalogContext())
        #expect(result.packages.isEmpty)
        // The garbage: a line that is not a field, a continuation before any field; the big file: not captured.
        #expect(result.issues.count == 3)
        #expect(result.issues.contains { $0.path == "/usr/lib/dpkg/status" && $0.message.contains("not captured") })
    }

    @Test func distrolessStatusD() throws {
        let tree = OSFixtures.tree(
            [
                OSFixtures.File("/var/lib/dpkg/status.d/base-files", "Package: base-files\nStatus: install ok installed\nArchitecture: amd64\nVersion: 12.4+deb12u5\n", layer: 0),
                OSFixtures.File("/var/lib/dpkg/status.d/base-files.md5sums", "0123456789abcdef0123456789abcdef  etc/debian_version\n0123456789abcdef0123456789abcdef  usr/share/doc/base-files/README\n", layer: 0),
                OSFixtures.File("/var/lib/dpkg/status.d/libssl3", "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.11-1~deb12u2\n", layer: 1),
                OSFixtures.File("/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"),
            ])
        let result = Cataloger.dpkg.catalog(tree, CatalogContext(distro: DistroDetection.detect(tree)))
        #expect(result.issues.isEmpty)
        #expect(result.packages.map(\.name) == ["base-files", "libssl3"])
        #expect(result.packages.map(\.layer) == [0, 1])
        #expect(result.packages[0].files == ["/etc/debian_version", "/usr/share/doc/base-files/README"])
        #expect(result.packages[0].locations == ["/var/lib/dpkg/status.d/base-files", "/var/lib/dpkg/status.d/base-files.md5sums"])
        #expect(result.packages[1].purl == "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&upstream=openssl&distro=debian-12")
    }

    @Test func purlWithoutDistroAndForUbuntu() {
        let tree = OSFixtures.tree([OSFixtures.File("/var/lib/dpkg/status", "Package: zlib1g\nArchitecture: amd64\nVersion: 1:1.2.11.dfsg-2ubuntu9\nSource: zlib\n")])
        #expect(Cataloger.dpkg.catalog(tree, CatalogContext()).packages.first?.purl
            == "pkg:deb/debian/zlib1g@1:1.2.11.dfsg-2ubuntu9?arch=amd64&upstream=zlib")
        let ubuntu = Distro(id: "ubuntu", version: "22.04", idLike: ["debian"], namespace: "ubuntu:22.04")
        #expect(Cataloger.dpkg.catalog(tree, CatalogContext(distro: ubuntu)).packages.first?.purl
            == "pkg:deb/ubuntu/zlib1g@1:1.2.11.dfsg-2ubuntu9?arch=amd64&upstream=zlib&distro=ubuntu-22.04")
    }

    @Test func capturesCoverTheDatabaseFiles() {
        let paths = ["/var/lib/dpkg/status", "/var/lib/dpkg/status.d/libc6", "/var/lib/dpkg/info/libc6:amd64.list",
                     "/usr/share/doc/libc6/copyright", "/usr/lib/opkg/status"]
        for path in paths {
            #expect(Cataloger.dpkg.captures.contains { $0.glob.matches(path) }, "\(path)")
        }
    }
}
