/// The platform an image runs on: `linux/amd64`, `linux/arm64/v8`, …
public struct Platform: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The operating system, e.g. `linux`.
    public var os: String
    /// The CPU architecture, e.g. `amd64`.
    public var architecture: String
    /// The CPU variant, e.g. `v8` for arm64 or `v7` for arm.
    public var variant: String?
    /// The OS version (Windows images).
    public var osVersion: String?
    /// Required OS features (Windows images).
    public var osFeatures: [String]?

    enum CodingKeys: String, CodingKey {
        case os, architecture, variant
        case osVersion = "os.version"
        case osFeatures = "os.features"
    }

    public init(os: String, architecture: String, variant: String? = nil, osVersion: String? = nil,
                osFeatures: [String]? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
        self.osVersion = osVersion
        self.osFeatures = osFeatures
    }

    /// Parses `os/architecture[/variant]`, e.g. `linux/arm64/v8`.
    /// - Throws: ``OCIError`` with code ``OCIError/Code/invalidPlatform``.
    public init(parsing string: String) throws(OCIError) {
        let parts = string.lowercased().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw OCIError(.invalidPlatform, "invalid platform \"\(string)\": expected OS/ARCH[/VARIANT], e.g. linux/amd64")
        }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    /// `linux/amd64` — Drydock's default when an index has several platforms.
    public static let linuxAMD64 = Platform(os: "linux", architecture: "amd64")

    public var description: String {
        [os, architecture, variant].compactMap { $0 }.joined(separator: "/")
    }

    /// The same platform with Go-style names (`x86_64` → `amd64`, `aarch64` → `arm64`) and the default variant
    /// filled in (`arm64` → `v8`, `arm` → `v7`), so that equal platforms compare equal.
    public var normalized: Platform {
        var copy = self
        copy.os = os.lowercased()
        switch architecture.lowercased() {
        case "x86_64", "x86-64": copy.architecture = "amd64"
        case "aarch64": copy.architecture = "arm64"
        case "armhf": copy.architecture = "arm"; copy.variant = copy.variant ?? "v7"
        case "armel": copy.architecture = "arm"; copy.variant = copy.variant ?? "v6"
        case "i386", "i686": copy.architecture = "386"
        default: copy.architecture = architecture.lowercased()
        }
        switch copy.architecture {
        case "arm64": if copy.variant == nil || copy.variant == "8" { copy.variant = "v8" }
        case "arm": if copy.variant == nil { copy.variant = "v7" } else if let v = copy.variant, !v.hasPrefix("v") { copy.variant = "v" + v }
        case "amd64": if copy.variant == "v1" { copy.variant = nil }
        default: break
        }
        return copy
    }

    /// Whether an image built for `candidate` satisfies a request for `self`: same OS and architecture, and the
    /// same variant when this platform names one (after ``normalized``).
    public func matches(_ candidate: Platform) -> Bool {
        let want = normalized
        let have = candidate.normalized
        guard want.os == have.os, want.architecture == have.architecture else { return false }
        if let variant = want.variant, variant != have.variant { return false }
        return true
    }
}
