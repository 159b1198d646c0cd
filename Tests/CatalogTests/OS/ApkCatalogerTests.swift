import Catalog
import Layers
import Testing

@Suite("apk cataloger")
struct ApkCatalogerTests {
    static let installed = """
        C:Q1Q7DkAw0hJ1QCwzS0y9p8E0xNk1o=
        P:musl
        V:1.2.4_git20230717-r4
        A:x86_64
        S:407278
        I:663552
        T:the musl c library (libc) implementation
        U:https://musl.libc.org/
        L:MIT
        o:musl
        m:Timo Teräs <timo.teras@iki.fi>
        t:1705352096
        c:4f7ac0ec1b15cbfe5e0c1d3def94bbc2bd1a9a7c
        p:so:libc.musl-x86_64.so.1=1
        F:lib
        R:ld-musl-x86_64.so.1
        a:0:0:755
        Z:Q1HXZ9mbp4Z+Kb4jJn1QZ0lb7c4Jc=
        R:libc.musl-x86_64.so.1

        C:Q1abc=
        P:libcrypto3
        V:3.1.4-r5
        A:x86_64
        L:Apache-2.0
        o:openssl
        T:Crypto library from openssl
        F:usr/lib
        R:libcrypto.so.3
        F:etc/ssl
        R:openssl.cnf

        P:busybox
        V:1.36.1-r15
        A:x86_64
        L:GPL-2.0-only
        o:busybox

        P:ssl_client
        V:1.36.1-r15
        A:x86_64
        L:MIT BSD GPL2+
        o:busybox
        garbage line without a colon

        V:9.9-r0
        A:x86_64
        """

    @Test func installedDatabase() throws {
        let tree = OSFixtures.tree([
            OSFixtures.File("/lib/apk/db/installed", Self.installed, layer: 1),
            OSFixtures.File("/etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n"),
        ])
        let result = Cataloger.apk.catalog(tree, CatalogContext(distro: DistroDetection.detect(tree)))
        #expect(result.packages.map(\.name) == ["musl", "libcrypto3", "busybox", "ssl_client"])
        #expect(result.issues.count == 2)
        #expect(result.issues.contains { $0.message.contains("not a field") })
        #expect(result.issues.contains { $0.message.contains("without a P: line") })
        let musl = result.packages[0]
        #expect(musl.type == .apk)
        #expect(musl.version == "1.2.4_git20230717-r4")
        #expect(musl.architecture == "x86_64")
        #expect(musl.licenses == ["MIT"])
        #expect(musl.sourceName == "musl")
        #expect(musl.files == ["/lib/ld-musl-x86_64.so.1", "/lib/libc.musl-x86_64.so.1"])
        #expect(musl.locations == ["/lib/apk/db/installed"])
        #expect(musl.layer == 1)
        #expect(musl.purl == "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1")
        let crypto = result.packages[1]
        #expect(crypto.files == ["/usr/lib/libcrypto.so.3", "/etc/ssl/openssl.cnf"])
        #expect(crypto.purl == "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&upstream=openssl&distro=alpine-3.19.1")
        #expect(result.packages[2].licenses == ["GPL-2.0-only"])
        #expect(result.packages[3].licenses == ["MIT", "BSD", "GPL2+"])
    }

    @Test func distroFromRepositoriesWhenNoReleaseFile() {
        let tree = OSFixtures.tree([
            OSFixtures.File("/lib/apk/db/installed", "P:zlib\nV:1.3.1-r0\nA:aarch64\no:zlib\nL:Zlib\n"),
            OSFixtures.File("/etc/apk/repositories", "https://dl-cdn.alpinelinux.org/alpine/v3.20/main\nhttps://dl-cdn.alpinelinux.org/alpine/v3.20/community\n"),
        ])
        let result = Cataloger.apk.catalog(tree, CatalogContext())
        #expect(result.issues.isEmpty)
        #expect(result.packages.first?.purl == "pkg:apk/alpine/zlib@1.3.1-r0?arch=aarch64&distro=alpine-3.20")
    }

    @Test func licenseExpressionsStayWhole() {
        let tree = OSFixtures.tree([
            OSFixtures.File("/lib/apk/db/installed", "P:a\nV:1\nL:MIT AND (BSD-2-Clause OR Apache-2.0)\n\nP:b\nV:1\nL:GPL-2.0-or-later WITH Classpath-exception-2.0\n\nP:c\nV:1\nL:MIT AND\n"),
        ])
        let licenses = Cataloger.apk.catalog(tree, CatalogContext()).packages.map(\.licenses)
        #expect(licenses == [["MIT AND (BSD-2-Clause OR Apache-2.0)"], ["GPL-2.0-or-later WITH Classpath-exception-2.0"], ["MIT", "AND"]])
    }

    @Test func purlEscaping() {
        // packageurl-go escapes only when a component holds @, ?, #, a space or non-ASCII — and then `+` too.
        let tree = OSFixtures.tree([
            OSFixtures.File("/lib/apk/db/installed", "P:odd@name\nV:1.0 beta+1\nA:x86_64\no:örigin#1\n\nP:plain\nV:1.0+git-r0\nA:x86_64\n"),
        ])
        let distro = Distro(id: "alpine", version: "3.19.1", namespace: "alpine:3.19")
        #expect(Cataloger.apk.catalog(tree, CatalogContext(distro: distro)).packages.map(\.purl) == [
            "pkg:apk/alpine/odd%40name@1.0%20beta%2B1?arch=x86_64&upstream=%C3%B6rigin%231&distro=alpine-3.19.1",
            "pkg:apk/alpine/plain@1.0+git-r0?arch=x86_64&distro=alpine-3.19.1",
        ])
    }

    @Test func uncapturedDatabase() {
        let tree = FileTree(files: [FileRecord(path: "/lib/apk/db/installed", kind: .regular, size: 1 << 40)])
        let result = Cataloger.apk.catalog(tree, CatalogContext())
        #expect(result.packages.isEmpty)
        #expect(result.issues.count == 1)
    }
}
