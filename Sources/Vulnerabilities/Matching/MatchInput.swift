public import Catalog

/// What matching needs from an image: its distro and, per package, the few fields a feed is keyed by. Kept
/// apart from the full analysis so that re-matching thousands of stored images reads a few kilobytes each.
public struct MatchInput: Codable, Hashable, Sendable {
    public var distro: Distro?
    public var packages: [MatchPackage]

    public init(distro: Distro?, packages: [MatchPackage]) {
        self.distro = distro
        self.packages = packages
    }

    /// The matchable view of an analysis's packages.
    public init(distro: Distro?, packages: [Package]) {
        self.init(distro: distro, packages: packages.map(MatchPackage.init))
    }

    /// The subscriptions the image uses, as its packages show: `Ubuntu Pro` when an OS package came from
    /// Canonical's ESM archives (its version carries `+esm`).
    public var subscriptions: Set<String> {
        packages.contains { $0.type == .deb && Self.containsESM($0.version) } ? ["Ubuntu Pro"] : []
    }

    /// Whether a version names Canonical's ESM archive (`+esm`), by bytes: this runs over every package of
    /// every match, and `String.contains` costs more than the rest of the match.
    static func containsESM(_ version: String) -> Bool {
        let utf8 = version.utf8
        guard utf8.count >= 4 else { return false }
        var iterator = utf8.makeIterator()
        var window: UInt32 = 0
        while let byte = iterator.next() {
            window = (window << 8) | UInt32(byte)
            if window == 0x2B65_736D { return true }  // "+esm"
        }
        return false
    }
}

/// One package as matching sees it.
public struct MatchPackage: Codable, Hashable, Sendable {
    public var type: PackageType
    public var name: String
    public var version: String
    /// The source package (Debian `Source:`, the source rpm's name, apk `origin`), when known.
    public var sourceName: String?
    /// The source package's version when it differs from `version`.
    public var sourceVersion: String?
    /// Maven `groupId:artifactId`, for Java archives.
    public var mavenName: String?
    /// Where it was found: `pkgdb` for OS packages, the metadata file or archive path otherwise.
    public var path: String
    /// The rpm module stream it was built for (`nodejs:20`, from its `modularitylabel`), nil for other packages.
    public var module: String?

    public init(
        type: PackageType, name: String, version: String, sourceName: String? = nil, sourceVersion: String? = nil,
        mavenName: String? = nil, path: String, module: String? = nil
    ) {
        self.type = type
        self.name = name
        self.version = version
        self.sourceName = sourceName
        self.sourceVersion = sourceVersion
        self.mavenName = mavenName
        self.path = path
        self.module = module
    }

    public init(_ package: Package) {
        var maven: String?
        if package.type == .java, let group = package.metadata["groupId"], !group.isEmpty {
            maven = group + ":" + (package.metadata["artifactId"] ?? package.name)
        }
        self.init(
            type: package.type, name: package.name, version: package.version, sourceName: package.sourceName,
            sourceVersion: package.sourceVersion, mavenName: maven,
            path: package.type.isOS ? "pkgdb" : (package.metadata["virtualPath"] ?? package.locations.first ?? "Unknown"),
            module: package.type == .rpm ? package.metadata["modularityLabel"].flatMap(Self.moduleStream) : nil)
    }

    /// `nodejs:20` from a modularity label (`nodejs:20:8100020240807161023:a75119d5`); nil when it names no stream.
    public static func moduleStream(_ label: String) -> String? {
        let parts = label.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return parts[0] + ":" + parts[1]
    }

    /// Anchore's `package_type`: `dpkg`, `APKG`, `rpm` for OS packages; the language otherwise.
    public var anchoreType: String {
        switch type {
        case .deb: "dpkg"
        case .apk: "APKG"
        case .rpm: "rpm"
        case .python: "python"
        case .npm: "npm"
        case .gem: "gem"
        case .java: "java"
        case .go: "go"
        case .binary: "binary"
        }
    }
}
