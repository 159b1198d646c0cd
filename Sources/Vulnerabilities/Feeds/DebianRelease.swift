/// Debian release codenames and the namespaces Drydock files their records under (`debian:12`, `debian:unstable`).
public enum DebianRelease {
    /// Codename → major version, for every release the tracker has carried data for.
    public static let versions: [String: String] = [
        "hamm": "2", "slink": "2", "potato": "2", "woody": "3", "sarge": "3", "etch": "4", "lenny": "5",
        "squeeze": "6", "wheezy": "7", "jessie": "8", "stretch": "9", "buster": "10", "bullseye": "11",
        "bookworm": "12", "trixie": "13", "forky": "14", "duke": "15",
    ]

    /// The releases a vuln-list entry's unstable line is projected onto when the entry has no line of its own
    /// for them (the tracker's inheritance rule).
    public static let supported = ["buster", "bullseye", "bookworm", "trixie"]

    /// `bookworm` → `debian:12`; `sid`/`unstable` → `debian:unstable`; nil for a name Drydock does not know.
    public static func namespace(forCodename codename: String) -> String? {
        let name = codename.lowercased()
        if name == "sid" || name == "unstable" { return "debian:unstable" }
        guard let version = versions[name] else { return nil }
        return "debian:\(version)"
    }

    /// The tracker page of a CVE or advisory.
    static func trackerLink(_ id: String) -> String {
        "https://security-tracker.debian.org/tracker/\(id)"
    }

    /// A tracker urgency or vuln-list severity as a vendor severity: lower-cased, NVD-derived `*` marks dropped,
    /// `not yet assigned` and empty → nil.
    static func vendorSeverity(_ urgency: String?) -> String? {
        guard let urgency else { return nil }
        let cleaned = urgency.trimmingCharacters(in: ["*", " "]).lowercased()
        if cleaned.isEmpty || cleaned == "not yet assigned" { return nil }
        return cleaned
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
