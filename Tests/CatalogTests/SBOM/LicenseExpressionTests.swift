@testable import Catalog
import Testing

/// How a declared license string is read: the SPDX rendering with unknown names shown as `?name?`.
@Suite("License strings as SPDX expressions")
struct LicenseExpressionTests {
    @Test("declared license → SPDX", arguments: [
        // Identifiers, case-insensitively.
        ("MIT", "MIT"), ("mit", "MIT"), ("apache-2.0", "Apache-2.0"), ("BSD-3-clause", "BSD-3-Clause"),
        // GNU short names: `+` is or-later, no suffix is only; a bare major version gets `.0`.
        ("GPL-2+", "GPL-2.0-or-later"), ("GPL-2", "GPL-2.0-only"), ("GPLv3+", "GPL-3.0-or-later"),
        ("LGPL-2.1+", "LGPL-2.1-or-later"), ("LGPL-2+", "LGPL-2.0-or-later"), ("GPL-2.0+", "GPL-2.0-or-later"),
        ("GPL-2.0", "GPL-2.0-only"), ("AGPL-3", "AGPL-3.0-only"), ("GFDL-1.3+", "GFDL-1.3-or-later"),
        ("gpl-3.0-or-later", "GPL-3.0-or-later"),
        // Common non-SPDX spellings.
        ("Expat", "MIT"), ("Apache 2.0", "Apache-2.0"), ("Apache License, Version 2.0", "Apache-2.0"),
        ("ASL 2.0", "Apache-2.0"),
        // Expressions: operators upper-cased, precedence kept with parentheses.
        ("MIT OR Apache-2.0", "MIT OR Apache-2.0"), ("mit and isc", "MIT AND ISC"),
        ("(MIT OR ISC) AND Zlib", "(MIT OR ISC) AND Zlib"), ("MIT OR ISC AND Zlib", "MIT OR (ISC AND Zlib)"),
        ("GPL-2+ with Autoconf-exception-2.0", "GPL-2.0-or-later WITH Autoconf-exception-2.0"),
        ("Apache 2.0 OR MIT", "Apache-2.0 OR MIT"),
        // Unknown names stay as written; a string that does not parse is one unknown name.
        ("GPL-2+ or Artistic", "GPL-2.0-or-later OR ?Artistic?"), ("custom", "?custom?"), ("GPL", "?GPL?"),
        ("GPL-9", "?GPL-9?"), ("Public Domain", "?Public Domain?"), ("(MIT", "?(MIT?"), ("MIT OR", "?MIT OR?"),
        ("MIT WITH bogus-exception", "?MIT WITH bogus-exception?"),
    ])
    func reads(declared: String, expected: String) throws {
        let expression = try #require(LicenseExpression(declared))
        #expect(expression.rendered { "?\($0)?" } == expected)
        #expect(expression.isFullySPDX == !expected.contains("?"))
    }

    @Test("no license", arguments: ["", "  ", "NOASSERTION", "none"])
    func empty(declared: String) {
        #expect(LicenseExpression(declared) == nil)
    }

    @Test func conjunctionDropsDuplicatesAndParenthesizesAlternatives() throws {
        let parts = ["MIT", "mit", "ISC OR Zlib", "custom"].compactMap(LicenseExpression.init)
        let all = try #require(LicenseExpression.all(parts))
        #expect(all.rendered { "?\($0)?" } == "MIT AND (ISC OR Zlib) AND ?custom?")
    }

    @Test func licenseRefsNeverCollide() {
        var refs = SPDXLicenseRefs()
        #expect(refs.reference(for: "custom") == "LicenseRef-custom")
        #expect(refs.reference(for: "Custom") == "LicenseRef-Custom-2")
        #expect(refs.reference(for: "custom") == "LicenseRef-custom")
        #expect(refs.reference(for: "LicenseRef-x.y") == "LicenseRef-x.y")
        #expect(refs.reference(for: "x y") == "LicenseRef-x-y")
        #expect(refs.reference(for: "☕") == "LicenseRef-unnamed")
        #expect(refs.infos.count == 5)
    }

    @Test func identifierListHasBothValidatorsCommonIDs() {
        #expect(SPDXLicenseList.licenses.count > 600)
        #expect(SPDXLicenseList.licenses["gpl-2.0-or-later"] == "GPL-2.0-or-later")
        #expect(SPDXLicenseList.licenses["gpl-2.0+"] == nil)  // deprecated: spdx-tools rejects it
        #expect(SPDXLicenseList.exceptions["classpath-exception-2.0"] == "Classpath-exception-2.0")
        #expect(SPDXLicenseList.licenses["classpath-exception-2.0"] == nil)
    }
}
