import Foundation

/// SPDX license identifiers that both SBOM validators accept, with lookups that forgive case and the common
/// spellings packages use (`GPL-2+`, `GPLv3`, `LGPL-2.1+`, `Expat`, `Apache 2.0`, `BSD-3-clause`).
enum SPDXLicenseList {
    /// Lowercased identifier → canonical identifier.
    static let licenses: [String: String] = index(licenseText)
    /// Lowercased exception identifier → canonical identifier.
    static let exceptions: [String: String] = index(exceptionText)

    private static func index(_ text: String) -> [String: String] {
        var map: [String: String] = [:]
        for word in text.split(whereSeparator: \.isWhitespace) {
            map[word.lowercased()] = String(word)
        }
        return map
    }

    /// The canonical SPDX license identifier for a license name, or nil when it is not one Drydock recognizes.
    static func license(_ name: String) -> String? {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        if let id = licenses[key] { return id }
        if let id = aliases[key] { return id }
        return gnuLicense(key)
    }

    /// The canonical SPDX exception identifier (for `WITH`), or nil.
    static func exception(_ name: String) -> String? {
        exceptions[name.trimmingCharacters(in: .whitespaces).lowercased()]
    }

    /// Names seen in package metadata (Debian copyright short names, Python classifiers, npm) that are not SPDX
    /// identifiers but mean exactly one.
    private static let aliases: [String: String] = [
        "expat": "MIT", "mit license": "MIT", "the mit license": "MIT", "mit/expat": "MIT",
        "apache 2.0": "Apache-2.0", "apache-2": "Apache-2.0", "apache 2": "Apache-2.0", "apache2": "Apache-2.0",
        "apache license 2.0": "Apache-2.0", "apache license, version 2.0": "Apache-2.0",
        "apache software license 2.0": "Apache-2.0", "asl 2.0": "Apache-2.0",
        "bsd-3": "BSD-3-Clause", "bsd 3-clause": "BSD-3-Clause", "new bsd": "BSD-3-Clause", "bsd-new": "BSD-3-Clause",
        "modified bsd": "BSD-3-Clause", "bsd-2": "BSD-2-Clause", "bsd 2-clause": "BSD-2-Clause",
        "simplified bsd": "BSD-2-Clause", "bsd-simplified": "BSD-2-Clause",
        "isc license": "ISC", "zlib license": "Zlib", "mpl 2.0": "MPL-2.0", "mpl2": "MPL-2.0", "mpl-2": "MPL-2.0",
        "mozilla public license 2.0": "MPL-2.0", "psf": "PSF-2.0", "psfl": "PSF-2.0",
        "python software foundation license": "PSF-2.0", "artistic-2": "Artistic-2.0",
        "cc0": "CC0-1.0", "unlicense": "Unlicense", "the unlicense": "Unlicense", "wtfpl": "WTFPL",
        "boost": "BSL-1.0", "boost software license 1.0": "BSL-1.0", "bsl-1": "BSL-1.0",
        "openssl license": "OpenSSL", "ruby license": "Ruby", "epl-1": "EPL-1.0", "epl-2": "EPL-2.0",
    ]

    /// GNU family names without the SPDX suffixes: `GPL-2`, `GPLv2+`, `LGPL-2.1+`, `GPL-2.0+`, `AGPL-3`, `GFDL-1.3+`,
    /// `GPL-3.0-or-later` written in lowercase, etc. `+` means "or later"; no suffix means "only".
    private static func gnuLicense(_ key: String) -> String? {
        let families = [("agpl", "AGPL"), ("lgpl", "LGPL"), ("gfdl", "GFDL"), ("gpl", "GPL")]
        guard let (prefix, family) = families.first(where: { key.hasPrefix($0.0) }) else { return nil }
        var rest = Substring(key.dropFirst(prefix.count))
        if rest.hasPrefix("-") || rest.hasPrefix(" ") || rest.hasPrefix("_") { rest = rest.dropFirst() }
        if rest.hasPrefix("v") { rest = rest.dropFirst() }
        var suffix = "only"
        let markers = [("+", "or-later"), ("-or-later", "or-later"), ("-only", "only")]
        for (marker, meaning) in markers where rest.hasSuffix(marker) {
            rest = rest.dropLast(marker.count)
            suffix = meaning
            break
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        let isNumber = { (part: Substring) in !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } }
        guard (1...2).contains(parts.count), parts.allSatisfy(isNumber) else { return nil }
        let version = parts.count == 1 ? "\(parts[0]).0" : "\(parts[0]).\(parts[1])"
        return licenses["\(family)-\(version)-\(suffix)".lowercased()]
    }
}
