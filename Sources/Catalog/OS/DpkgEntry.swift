/// The fields of one installed Debian package that Drydock keeps, read from a status paragraph.
struct DpkgEntry: Sendable, Hashable {
    var package: String
    var version: String
    var architecture: String
    /// `Source:` without its version; empty when the paragraph has none.
    var source: String
    /// The version in `Source: name (version)`; empty when the source has the binary's version.
    var sourceVersion: String
    var maintainer: String
    var installedSize: String
    /// Paths from the `Conffiles:` field.
    var conffiles: [String]

    /// nil for paragraphs syft skips: removed-but-not-purged packages (a `Status:` containing `deinstall`) and
    /// paragraphs without a `Package:` field (`missingName` tells the two apart).
    init?(_ stanza: DebianStanza, missingName: inout Bool) {
        missingName = false
        let stanza = stanza.byName
        if let status = stanza["status"], status.contains("deinstall") { return nil }
        guard let package = stanza["package"], !package.isEmpty else {
            missingName = true
            return nil
        }
        self.package = package
        self.version = stanza["version"] ?? ""
        self.architecture = stanza["architecture"] ?? ""
        (self.source, self.sourceVersion) = Self.splitSource(stanza["source"] ?? "")
        self.maintainer = stanza["maintainer"] ?? ""
        self.installedSize = stanza["installed-size"] ?? ""
        self.conffiles = (stanza["conffiles"] ?? "").split(separator: "\n").compactMap { line in
            line.split(whereSeparator: \.isWhitespace).first.flatMap { $0.hasPrefix("/") ? String($0) : nil }
        }
    }

    /// `bash (5.2.15-2)` → (`bash`, `5.2.15-2`); `pam` → (`pam`, ``). Mirrors syft's
    /// `(?P<name>\S+)( \((?P<version>.*)\))?`: when no version is found the whole value is the name.
    static func splitSource(_ value: String) -> (name: String, version: String) {
        guard let start = value.firstIndex(where: { !$0.isWhitespace }) else { return (value, "") }
        let nameEnd = value[start...].firstIndex(where: \.isWhitespace) ?? value.endIndex
        let rest = value[nameEnd...]
        guard rest.hasPrefix(" ("), let close = rest.lastIndex(of: ")") else { return (value, "") }
        let versionStart = rest.index(rest.startIndex, offsetBy: 2)
        guard close >= versionStart else { return (value, "") }
        let version = String(rest[versionStart..<close])
        guard !version.isEmpty, !version.contains("\n") else { return (value, "") }
        return (String(value[start..<nameEnd]), version)
    }

    /// The `upstream` PURL qualifier syft writes: `SRC` or `SRC@SRCVERSION`.
    var upstream: String {
        guard !source.isEmpty else { return "" }
        return sourceVersion.isEmpty ? source : source + "@" + sourceVersion
    }
}
