/// The ecosystems Drydock catalogs. The raw values are the `type` strings of the native SBOM and of Anchore's
/// content API (`os`, `python`, `npm`, `gem`, `java`, `go`, `binary`) where they exist.
public enum PackageType: String, Sendable, Hashable, Codable, CaseIterable {
    case deb, apk, rpm
    case python, npm, gem
    case java = "java-archive"
    case go = "go-module"
    case binary

    /// Whether this is an OS (distro) package.
    public var isOS: Bool { self == .deb || self == .apk || self == .rpm }
}

/// One package found in an image.
public struct Package: Sendable, Hashable, Codable {
    public var type: PackageType
    public var name: String
    public var version: String
    /// Package URL, e.g. `pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12`.
    public var purl: String
    /// License expressions or names as the package declares them.
    public var licenses: [String]
    /// Where it was found: the metadata file(s), e.g. `/var/lib/dpkg/status` or `/usr/lib/python3/dist-packages/x.dist-info/METADATA`.
    public var locations: [String]
    /// The layer (0 = base) that introduced this package: the layer of its primary location.
    public var layer: Int?
    /// The CPU architecture, for OS packages (`amd64`, `x86_64`, `noarch`).
    public var architecture: String?
    /// The source package (dpkg `Source:`, the rpm of `sourcerpm`, apk `origin`), when it differs or is known.
    public var sourceName: String?
    /// The source package's version when it differs from `version` (dpkg `Source: name (version)`).
    public var sourceVersion: String?
    /// rpm epoch.
    public var epoch: Int?
    /// rpm release (the part after the last `-` of the EVR), or apk revision kept in `version`.
    public var release: String?
    /// Files the package owns (from the package database), cleaned absolute paths. May be empty.
    public var files: [String]
    /// Ecosystem extras worth keeping (e.g. `groupId`, `artifactId`, `goVersion`, `mainModule`), free-form.
    public var metadata: [String: String]

    public init(
        type: PackageType, name: String, version: String, purl: String, licenses: [String] = [],
        locations: [String] = [], layer: Int? = nil, architecture: String? = nil, sourceName: String? = nil,
        sourceVersion: String? = nil, epoch: Int? = nil, release: String? = nil, files: [String] = [],
        metadata: [String: String] = [:]
    ) {
        self.type = type
        self.name = name
        self.version = version
        self.purl = purl
        self.licenses = licenses
        self.locations = locations
        self.layer = layer
        self.architecture = architecture
        self.sourceName = sourceName
        self.sourceVersion = sourceVersion
        self.epoch = epoch
        self.release = release
        self.files = files
        self.metadata = metadata
    }
}

/// The Linux distribution of an image.
public struct Distro: Sendable, Hashable, Codable {
    /// `ID` from os-release: `debian`, `alpine`, `rhel`, `ubuntu`, `centos`, `busybox`, …
    public var id: String
    /// `VERSION_ID`: `12`, `3.19.1`, `9.3`.
    public var version: String
    /// `PRETTY_NAME`, when known.
    public var prettyName: String?
    /// `ID_LIKE` entries.
    public var idLike: [String]
    /// The vulnerability namespace: `debian:12`, `alpine:3.19`, `rhel:9`, `ubuntu:22.04`.
    public var namespace: String
    /// The Red Hat update stream the image's packages come from when it is not the main one: `8.6+eus` (Extended
    /// Update Support), `+aus`, `+e4s` or `+tus`, as the image's content manifests name its repositories
    /// (``RedHatContentManifest``). Nil for the main stream and for other distros.
    public var channel: String?

    public init(id: String, version: String, prettyName: String? = nil, idLike: [String] = [], namespace: String, channel: String? = nil) {
        self.id = id
        self.version = version
        self.prettyName = prettyName
        self.idLike = idLike
        self.namespace = namespace
        self.channel = channel
    }
}
