import Catalog
import Foundation
import Layers
import Testing

/// Databases written by the real tools: rpm (Debian's `rpm` package: `rpmbuild`, and `rpm` with its SQLite
/// backend) and BerkeleyDB's `db5.3_load` (`db5.3-util`) for the hash `Packages` file rpm ≤ 4.15 wrote.
@Suite("rpm databases written by rpm and libdb")
struct RpmRealToolTests {
    static let toolsPresent = OSFixtures.tool("rpmbuild") != nil && OSFixtures.tool("rpm") != nil
        && OSFixtures.tool("sqlite3") != nil

    static let spec = """
        Name: hello
        Version: 1.2.3
        Release: 4.el9
        Epoch: 2
        Summary: a test package
        License: MIT and GPLv2+
        BuildArch: noarch
        %description
        A test package.
        %install
        mkdir -p %{buildroot}/usr/bin %{buildroot}/etc/hello %{buildroot}/usr/share/hello
        echo hi > %{buildroot}/usr/bin/hello
        echo c > %{buildroot}/etc/hello/hello.conf
        for i in $(seq 1 150); do echo $i > %{buildroot}/usr/share/hello/file-with-a-long-name-$i.txt; done
        %files
        /usr/bin/hello
        %config /etc/hello/hello.conf
        /usr/share/hello

        """

    /// Builds the package, installs it into a fresh SQLite rpmdb, and returns that database and its header blobs.
    static func realDatabase(in directory: URL) throws -> (sqlite: [UInt8], blobs: [[UInt8]]) {
        let top = directory.path
        try FileManager.default.createDirectory(atPath: top + "/SPECS", withIntermediateDirectories: true)
        try Data(spec.utf8).write(to: URL(fileURLWithPath: top + "/SPECS/hello.spec"))
        try OSFixtures.shell("rpmbuild --quiet --define '_topdir \(top)' -bb '\(top)/SPECS/hello.spec'")
        let db = top + "/db"
        let rpm = "rpm --define '_db_backend sqlite' --dbpath '\(db)'"
        try OSFixtures.shell("\(rpm) --initdb && \(rpm) -i --justdb --nodeps --noscripts --notriggers '\(top)'/RPMS/noarch/*.rpm")
        try OSFixtures.shell("sqlite3 '\(db)/rpmdb.sqlite' 'PRAGMA wal_checkpoint(TRUNCATE);'")
        let hex = try OSFixtures.shell("sqlite3 '\(db)/rpmdb.sqlite' 'SELECT hex(blob) FROM Packages ORDER BY hnum;'")
        let blobs = hex.split(whereSeparator: \.isNewline).map { line in
            stride(from: 0, to: line.count, by: 2).map { offset in
                let start = line.index(line.startIndex, offsetBy: offset)
                return UInt8(line[start..<line.index(start, offsetBy: 2)], radix: 16)!
            }
        }
        let sqlite = [UInt8](try Data(contentsOf: URL(fileURLWithPath: db + "/rpmdb.sqlite")))
        return (sqlite, blobs)
    }

    static func check(_ bytes: [UInt8], path: String) throws {
        let tree = OSFixtures.tree([OSFixtures.File(path, bytes: bytes)])
        let distro = Distro(id: "rhel", version: "9.3", namespace: "rhel:9")
        let result = Cataloger.rpm.catalog(tree, CatalogContext(distro: distro))
        #expect(result.issues.isEmpty, "\(result.issues)")
        let package = try #require(result.packages.first)
        #expect(result.packages.count == 1)
        #expect(package.name == "hello")
        #expect(package.version == "2:1.2.3-4.el9")
        #expect(package.epoch == 2)
        #expect(package.architecture == "noarch")
        #expect(package.licenses == ["MIT and GPLv2+"])
        #expect(package.sourceName == "hello")
        #expect(package.files.contains("/usr/bin/hello"))
        #expect(package.files.contains("/etc/hello/hello.conf"))
        #expect(package.files.contains("/usr/share/hello/file-with-a-long-name-150.txt"))
        #expect(package.purl == "pkg:rpm/redhat/hello@1.2.3-4.el9?arch=noarch&epoch=2&upstream=hello-1.2.3-4.el9.src.rpm&distro=rhel-9.3")
    }

    @Test func sqliteWrittenByRpm() throws {
        try #require(Self.toolsPresent, "rpm, rpmbuild or sqlite3 is missing: run make test")
        try OSFixtures.withTemporaryDirectory { directory in
            let (sqlite, blobs) = try Self.realDatabase(in: directory)
            #expect(blobs.count == 1)
            try Self.check(sqlite, path: "/var/lib/rpm/rpmdb.sqlite")
            // The same real headers in the other two formats.
            try Self.check(RpmTestEncoders.ndb(blobs), path: "/usr/lib/sysimage/rpm/Packages.db")
            try Self.check(RpmTestEncoders.berkeley(blobs, pageSize: 512), path: "/var/lib/rpm/Packages")
        }
    }

    @Test(arguments: [512, 4096])
    func berkeleyDBWrittenByLibdb(pageSize: Int) throws {
        try OSFixtures.withTemporaryDirectory { directory in
            let (_, blobs) = try Self.realDatabase(in: directory)
            // db_load's dump format: the first 4 bytes are rpm's instance counter at key 0 in some versions;
            // here key N (little-endian, as rpm on x86 wrote it) holds header N.
            var dump = "VERSION=3\nformat=bytevalue\ntype=hash\ndb_pagesize=\(pageSize)\nHEADER=END\n"
            for (index, blob) in blobs.enumerated() {
                dump += " " + RpmTestEncoders.hex(RpmTestEncoders.le32(UInt32(index + 1))) + "\n"
                dump += " " + RpmTestEncoders.hex(blob) + "\n"
            }
            dump += "DATA=END\n"
            let dumpPath = directory.appendingPathComponent("packages.dump").path
            try Data(dump.utf8).write(to: URL(fileURLWithPath: dumpPath))
            let output = directory.appendingPathComponent("Packages").path
            let load = try #require(OSFixtures.tool("db5.3_load", "db_load"), "db5.3_load is missing: run make test")
            try #require(Self.toolsPresent, "rpm, rpmbuild or sqlite3 is missing: run make test")
            try OSFixtures.shell("'\(load)' -f '\(dumpPath)' '\(output)'")
            try Self.check([UInt8](try Data(contentsOf: URL(fileURLWithPath: output))), path: "/var/lib/rpm/Packages")
        }
    }
}
