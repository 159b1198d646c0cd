import Catalog
import Foundation
import Layers
import Testing

@Suite("Distro detection")
struct DistroDetectionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var files: [String: String]
        var id: String
        var version: String
        var namespace: String
        var prettyName: String?
        var idLike: [String] = []
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "debian 12",
            files: ["/etc/os-release": """
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                VERSION="12 (bookworm)"
                VERSION_CODENAME=bookworm
                ID=debian
                """, "/etc/debian_version": "12.5\n"],
            id: "debian", version: "12", namespace: "debian:12", prettyName: "Debian GNU/Linux 12 (bookworm)"),
        Case(
            name: "debian sid: no VERSION_ID, codename in debian_version",
            files: ["/etc/os-release": "PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nNAME=\"Debian GNU/Linux\"\nVERSION_CODENAME=trixie\nID=debian\n",
                    "/etc/debian_version": "trixie/sid\n"],
            id: "debian", version: "unstable", namespace: "debian:unstable", prettyName: "Debian GNU/Linux trixie/sid"),
        Case(
            name: "ubuntu 22.04 (os-release a symlink to /usr/lib/os-release)",
            files: ["/usr/lib/os-release": """
                PRETTY_NAME="Ubuntu 22.04.4 LTS"
                NAME="Ubuntu"
                VERSION_ID="22.04"
                VERSION="22.04.4 LTS (Jammy Jellyfish)"
                ID=ubuntu
                ID_LIKE=debian
                """],
            id: "ubuntu", version: "22.04", namespace: "ubuntu:22.04", prettyName: "Ubuntu 22.04.4 LTS", idLike: ["debian"]),
        Case(
            name: "alpine 3.19.1",
            files: ["/etc/os-release": "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n"],
            id: "alpine", version: "3.19.1", namespace: "alpine:3.19", prettyName: "Alpine Linux v3.19"),
        Case(
            name: "rhel 9.3",
            files: ["/etc/os-release": "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.3 (Plow)\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"9.3\"\nPRETTY_NAME=\"Red Hat Enterprise Linux 9.3 (Plow)\"\n"],
            id: "rhel", version: "9.3", namespace: "rhel:9", prettyName: "Red Hat Enterprise Linux 9.3 (Plow)", idLike: ["fedora"]),
        Case(
            name: "centos 7",
            files: ["/etc/os-release": "NAME=\"CentOS Linux\"\nVERSION=\"7 (Core)\"\nID=\"centos\"\nID_LIKE=\"rhel fedora\"\nVERSION_ID=\"7\"\nPRETTY_NAME=\"CentOS Linux 7 (Core)\"\n"],
            id: "centos", version: "7", namespace: "centos:7", prettyName: "CentOS Linux 7 (Core)", idLike: ["rhel", "fedora"]),
        Case(
            name: "rocky 9.3",
            files: ["/etc/os-release": "NAME=\"Rocky Linux\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\nPRETTY_NAME=\"Rocky Linux 9.3 (Blue Onyx)\"\n"],
            id: "rocky", version: "9.3", namespace: "rocky:9", prettyName: "Rocky Linux 9.3 (Blue Onyx)", idLike: ["rhel", "centos", "fedora"]),
        Case(
            name: "amazon linux 2",
            files: ["/etc/os-release": "NAME=\"Amazon Linux\"\nVERSION=\"2\"\nID=\"amzn\"\nID_LIKE=\"centos rhel fedora\"\nVERSION_ID=\"2\"\nPRETTY_NAME=\"Amazon Linux 2\"\n"],
            id: "amzn", version: "2", namespace: "amzn:2", prettyName: "Amazon Linux 2", idLike: ["centos", "rhel", "fedora"]),
        Case(
            name: "oracle linux 8.9",
            files: ["/etc/os-release": "NAME=\"Oracle Linux Server\"\nID=\"ol\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"8.9\"\nPRETTY_NAME=\"Oracle Linux Server 8.9\"\n"],
            id: "ol", version: "8.9", namespace: "ol:8", prettyName: "Oracle Linux Server 8.9", idLike: ["fedora"]),
        Case(
            name: "sles 15 sp5",
            files: ["/etc/os-release": "NAME=\"SLES\"\nVERSION=\"15-SP5\"\nVERSION_ID=\"15.5\"\nID=\"sles\"\nID_LIKE=\"suse\"\nPRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP5\"\n"],
            id: "sles", version: "15.5", namespace: "sles:15.5", prettyName: "SUSE Linux Enterprise Server 15 SP5", idLike: ["suse"]),
        Case(
            name: "quotes, escapes, comments, export and CRLF",
            files: ["/etc/os-release": "# comment\r\nexport ID='debian'\r\nVERSION_ID=\"1\\\"2\"\r\nPRETTY_NAME=Debian\\ Custom # trailing\r\n\r\nBROKEN LINE\r\n"],
            id: "debian", version: "1\"2", namespace: "debian:1\"2", prettyName: "Debian Custom"),
        Case(
            name: "busybox only",
            files: ["/bin/busybox": "\u{7F}ELF junk\u{0}BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\u{0}"],
            id: "busybox", version: "1.36.1", namespace: "busybox:1.36.1", prettyName: "BusyBox v1.36.1"),
        Case(
            name: "busybox ignored when os-release exists",
            files: ["/bin/busybox": "BusyBox v1.36.1 (x)", "/etc/os-release": "ID=alpine\nVERSION_ID=3.18.4\n"],
            id: "alpine", version: "3.18.4", namespace: "alpine:3.18"),
        Case(
            name: "alpine-release without os-release",
            files: ["/etc/alpine-release": "3.12.0\n"],
            id: "alpine", version: "3.12.0", namespace: "alpine:3.12", prettyName: "Alpine Linux v3.12.0"),
        Case(
            name: "debian_version without os-release",
            files: ["/etc/debian_version": "7.11\n"],
            id: "debian", version: "7.11", namespace: "debian:7", prettyName: "Debian GNU/Linux 7.11"),
        Case(
            name: "centos 6 system-release-cpe",
            files: ["/etc/system-release-cpe": "cpe:/o:centos:linux:6:GA\n", "/etc/redhat-release": "CentOS release 6.10 (Final)\n"],
            id: "centos", version: "6", namespace: "centos:6", prettyName: "cpe:/o:centos:linux:6:GA"),
        Case(
            name: "centos 5 redhat-release",
            files: ["/etc/redhat-release": "CentOS release 5.7 (Final)\n"],
            id: "centos", version: "5.7", namespace: "centos:5", prettyName: "CentOS release 5.7 (Final)"),
        Case(
            name: "rhel redhat-release",
            files: ["/etc/redhat-release": "Red Hat Enterprise Linux Server release 7.9 (Maipo)\n"],
            id: "rhel", version: "7.9", namespace: "rhel:7", prettyName: "Red Hat Enterprise Linux Server release 7.9 (Maipo)"),
        Case(
            name: "os-release without ID falls back to ID_LIKE",
            files: ["/etc/os-release": "NAME=\"Debian GNU/Linux\"\nID_LIKE=debian\nVERSION_ID=\"8\"\n"],
            id: "debian", version: "8", namespace: "debian:8", prettyName: "Debian GNU/Linux", idLike: ["debian"]),
    ]

    @Test(arguments: cases)
    func detects(_ testCase: Case) throws {
        var files = testCase.files.map { OSFixtures.File($0.key, $0.value) }
        var symlinks: [String: String] = [:]
        if testCase.files["/usr/lib/os-release"] != nil, testCase.files["/etc/os-release"] == nil {
            symlinks["/etc/os-release"] = "../usr/lib/os-release"
        }
        files.sort { $0.path < $1.path }
        let distro = try #require(DistroDetection.detect(OSFixtures.tree(files, symlinks: symlinks)))
        #expect(distro.id == testCase.id)
        #expect(distro.version == testCase.version)
        #expect(distro.namespace == testCase.namespace)
        if let pretty = testCase.prettyName { #expect(distro.prettyName == pretty) }
        #expect(distro.idLike == testCase.idLike)
    }

    @Test func nothingToGoOn() {
        #expect(DistroDetection.detect(OSFixtures.tree([OSFixtures.File("/etc/os-release", "# empty\n")])) == nil)
        #expect(DistroDetection.detect(OSFixtures.tree([OSFixtures.File("/bin/busybox", "no banner")])) == nil)
        #expect(DistroDetection.detect(OSFixtures.tree([])) == nil)
    }

    @Test func realDebianBookworm() throws {
        let root = OSFixtures.vulndata("debian-bookworm-minbase-debootstrap")
        let (tree, issues) = FileTree.directory(root, captures: DistroDetection.captures)
        #expect(issues.isEmpty)
        let distro = try #require(DistroDetection.detect(tree))
        #expect(distro == Distro(
            id: "debian", version: "12", prettyName: "Debian GNU/Linux 12 (bookworm)", idLike: [], namespace: "debian:12"))
    }

    @Test func capturesCoverTheReleaseFiles() {
        let paths = ["/etc/os-release", "/usr/lib/os-release", "/etc/alpine-release", "/etc/debian_version",
                     "/etc/redhat-release", "/etc/system-release-cpe", "/bin/busybox"]
        for path in paths {
            #expect(DistroDetection.captures.contains { $0.glob.matches(path) }, "\(path)")
        }
        #expect(DistroDetection.captures.first { $0.glob.matches("/bin/busybox") }!.maxSize >= 2 * 1024 * 1024)
    }
}
