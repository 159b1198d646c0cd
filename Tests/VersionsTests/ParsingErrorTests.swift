import Testing
import Versions

struct ParsingErrorTests {
    static let invalid: [(VersionScheme, String, String)] = [
        (.dpkg, "", "empty"), (.dpkg, "a1.0", "does not start with digit"), (.dpkg, "1:", "nothing after colon"),
        (.dpkg, "x:1.0", "epoch in version is not number"), (.dpkg, "1.0-", "revision number is empty"),
        (.dpkg, "1.0 2", "embedded spaces"), (.dpkg, "1.0-a_b", "invalid character in revision"),
        (.apk, "1.0_foo", "apk version"), (.apk, "0.1-r2.1", "apk version"),
        (.rpm, "", "empty"), (.pep440, "1.0-bulbasaur", "PEP 440"), (.pep440, "", "PEP 440"),
        (.semver, "1.2", "MAJOR.MINOR.PATCH"), (.semver, "01.2.3", "leading zero"), (.semver, "1.2.3-01", "leading zero"),
        (.maven, "", "Maven"), (.gem, "1..2", "RubyGems"), (.go, "1.2.3", "must start with v"),
        (.go, "v1.2.3+build", "+incompatible"),
    ]

    @Test(arguments: 0..<invalid.count)
    func refused(_ index: Int) {
        let (scheme, text, fragment) = Self.invalid[index]
        #expect {
            try scheme.validate(text)
        } throws: { error in
            guard let e = error as? VersionError else { return false }
            return e.code == .invalid && e.message.contains(fragment) && e.message.contains("\"\(text)\"")
        }
    }

    @Test func specifiersRefuseNonsense() {
        for bad in ["1.0", ">=", "==1.0.*.post1", "~=1", "<1.0+local", ">=1.*"] {
            #expect(throws: VersionError.self, "\(bad)") { try PEP440Specifier(parsing: bad) }
        }
    }
}
