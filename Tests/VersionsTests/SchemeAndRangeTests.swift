import Testing
import Versions

struct SchemeAndRangeTests {
    static let osvCases: [(VersionScheme, String, [OSVEvent], Bool)] = [
        (.pep440, "1.5", [.introduced("0"), .fixed("2.0")], true),
        (.pep440, "2.0", [.introduced("0"), .fixed("2.0")], false),
        (.pep440, "2.0rc1", [.introduced("1.0"), .fixed("2.0")], true),
        (.dpkg, "1:1.0-1", [.introduced("0"), .fixed("1.0-1")], false),
        (.apk, "1.2.3-r1", [.introduced("1.2.0"), .lastAffected("1.2.3-r1")], true),
        (.apk, "1.2.3-r2", [.introduced("1.2.0"), .lastAffected("1.2.3-r1")], false),
        (.semver, "1.4.0", [.introduced("1.0.0"), .fixed("1.2.0"), .introduced("1.3.0"), .fixed("1.5.0")], true),
        (.semver, "1.2.5", [.introduced("1.0.0"), .fixed("1.2.0"), .introduced("1.3.0"), .fixed("1.5.0")], false),
        (.go, "v0.0.0-20191109021931-daa7c04131f5", [.introduced("0"), .fixed("v0.1.0")], true),
        (.maven, "2.0-SNAPSHOT", [.introduced("1.0"), .fixed("2.0")], true),
        (.gem, "1.0.0.beta", [.introduced("0"), .fixed("1.0.0")], true),
        (.rpm, "0:3.10.0-229.el7", [.introduced("0"), .fixed("0:3.10.0-229.1.2.el7")], true),
    ]

    @Test(arguments: 0..<osvCases.count)
    func osvEvents(_ i: Int) throws {
        let (scheme, version, events, affected) = Self.osvCases[i]
        #expect(try scheme.isAffected(version, events: events) == affected)
    }

    @Test func goVersions() throws {
        let pseudo = try GoVersion(parsing: "v1.2.4-0.20191109021931-daa7c04131f5")
        #expect(pseudo.isPseudoVersion)
        let low = try GoVersion(parsing: "v1.2.3"), high = try GoVersion(parsing: "v1.2.4"), plain = try GoVersion(parsing: "v2.0.0")
        #expect(pseudo > low && pseudo < high)
        let inc = try GoVersion(parsing: "v2.0.0+incompatible")
        #expect(inc.isIncompatible && inc == plain)
    }

    @Test func schemeCompareByName() throws {
        #expect(try VersionScheme(rawValue: "dpkg")!.compare("1.0~rc1", "1.0") == .less)
        #expect(try VersionScheme.rpm.compare("1.0^git1", "1.0") == .greater)
        #expect(try VersionScheme.pep440.compare("1.0.0", "1.0") == .equal)
        #expect(try PEP440Specifier(parsing: "==1.2.*").contains(PEP440Version(parsing: "1.2.9")))
        #expect(try !PEP440Specifier(parsing: "~=1.4.2").contains(PEP440Version(parsing: "1.5")))
        #expect(try !PEP440Specifier(parsing: ">=1.0", prereleases: false).contains(PEP440Version(parsing: "2.0a1")))
        let a = try DpkgVersion(parsing: "1.0"), b = try DpkgVersion(parsing: "1.00-0")
        #expect(a == b && Set([a, b]).count == 1)
    }
}
