import Foundation

/// SUSE's product names, as its advisories (CVRF, CSAF) and OSV ecosystems (`SUSE:…`, `openSUSE:…`) write them, and
/// the image namespace each one's packages belong to (the os-release `ID:VERSION_ID` of an image of that release):
///
/// - every SUSE Linux Enterprise product of a code stream is that stream: `SUSE Linux Enterprise Server 15 SP5`,
///   `… 15 SP5-LTSS`, `SUSE Linux Enterprise Module for Basesystem 15 SP5` (SLE 15 files base packages against the
///   module that ships them), `… for SAP Applications 15 SP5` → `sles:15.5`; `… 15` (GA) → `sles:15`; `… 12 SP5` →
///   `sles:12.5`; `SUSE Linux Enterprise Server 16.0` → `sles:16.0`;
/// - `SUSE Linux Enterprise Micro 5.5` → `sle-micro:5.5`, `SUSE Linux Micro 6.0` → `sl-micro:6.0`;
/// - `openSUSE Leap 15.5` (and its `NonFree` repository) → `opensuse-leap:15.5`, `openSUSE Leap Micro 5.5` →
///   `opensuse-leap-micro:5.5`, `openSUSE Tumbleweed` → `opensuse-tumbleweed:rolling` (its VERSION_ID is a snapshot
///   date, so like Wolfi it is one stream).
///
/// Products that are not an image's base system are nil: SUSE Manager, Enterprise Storage, CaaS Platform, …
public enum SUSEProduct {
    /// The namespace of a product's packages; nil for a product no image is (or a name not understood).
    public static func namespace(_ product: String) -> String? {
        let name = product.trimmingCharacters(in: .whitespaces)
        if name == "openSUSE Tumbleweed" { return "opensuse-tumbleweed:rolling" }
        if let rest = name.strip("openSUSE Leap Micro ") { return release(rest).map { "opensuse-leap-micro:" + $0 } }
        if let rest = name.strip("openSUSE Leap ") {
            // `15.5`, `15.5 NonFree`.
            return release(String(rest.prefix { $0 != " " })).map { "opensuse-leap:" + $0 }
        }
        if let rest = name.strip("SUSE Linux Enterprise Micro ") { return release(rest).map { "sle-micro:" + $0 } }
        if let rest = name.strip("SUSE Linux Micro ") { return release(rest).map { "sl-micro:" + $0 } }
        let excluded = ["SUSE Manager", "Storage", "CaaS Platform"]
        guard name.contains("SUSE Linux Enterprise"), !excluded.contains(where: name.contains) else { return nil }
        return enterpriseRelease(name).map { "sles:" + $0 }
    }

    /// `5.5` → `5.5`; nil unless dotted numbers.
    static func release(_ text: String) -> String? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        return text
    }

    /// The code stream at the end of an enterprise product's name: `… 15 SP5-LTSS` → `15.5`, `… 15` → `15`,
    /// `… 16.0` → `16.0`, `… for SUSE Linux Enterprise 15` → `15`.
    static func enterpriseRelease(_ name: String) -> String? {
        var words = name.split(separator: " ").map(String.init)
        // The support-phase suffix (`SP5-LTSS`, `15-ESPOS`, `SP4-TERADATA`) is not part of the release.
        if let last = words.last, let dash = last.firstIndex(of: "-") { words[words.count - 1] = String(last[..<dash]) }
        guard let last = words.last else { return nil }
        if last.hasPrefix("SP"), let pack = Int(last.dropFirst(2)), words.count >= 2, let major = Int(words[words.count - 2]) {
            return "\(major).\(pack)"
        }
        return release(last)
    }
}

extension String {
    /// The rest after `prefix`, or nil.
    fileprivate func strip(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
