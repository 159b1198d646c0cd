import Foundation
public import Layers

/// Finds the Linux distribution of an image, as syft and Anchore do: `/etc/os-release`, then `/usr/lib/os-release`,
/// then the older release files (`/etc/alpine-release`, `/etc/debian_version`, `/etc/system-release-cpe`,
/// `/etc/redhat-release`) and, last, the version string inside `/bin/busybox` (other distros ship busybox too).
/// A RHEL image's content manifests add the update stream its packages come from (``Distro/channel``).
public enum DistroDetection {
    /// The release files to capture while layers stream.
    public static let captures: [CaptureRule] = [
        CaptureRule("/{etc,usr/lib}/os-release", maxSize: 64 * 1024),
        CaptureRule("/etc/{alpine-release,debian_version,redhat-release,system-release-cpe}", maxSize: 64 * 1024),
        CaptureRule("/{bin,usr/bin}/busybox", maxSize: 2 * 1024 * 1024),
        CaptureRule(RedHatContentManifest.glob, maxSize: 1024 * 1024),
    ]

    /// The distribution of the image whose files `resolver` holds, or nil when no release file names one.
    public static func detect(_ resolver: any FileResolver) -> Distro? {
        for path in ["/etc/os-release", "/usr/lib/os-release"] {
            guard let text = text(resolver, path) else { continue }
            if var distro = fromOSRelease(OSRelease(parsing: text), resolver) {
                if distro.id == "rhel" { distro.channel = redHatChannel(resolver, version: distro.version) }
                return distro
            }
        }
        if let version = text(resolver, "/etc/alpine-release").map(firstLine), !version.isEmpty {
            return make(id: "alpine", version: version, prettyName: "Alpine Linux v" + version)
        }
        if let distro = text(resolver, "/etc/debian_version").flatMap(fromDebianVersion) { return distro }
        if let distro = text(resolver, "/etc/system-release-cpe").flatMap(fromSystemReleaseCPE) { return distro }
        if let distro = text(resolver, "/etc/redhat-release").flatMap(fromRedHatRelease) { return distro }
        for path in ["/bin/busybox", "/usr/bin/busybox"] {
            if let bytes = resolver.contents(at: path), let distro = fromBusyBox(bytes) { return distro }
        }
        return nil
    }

    static func fromOSRelease(_ release: OSRelease, _ resolver: any FileResolver) -> Distro? {
        let idLike = (release["ID_LIKE"] ?? "").split(whereSeparator: \.isWhitespace).map { String($0).lowercased() }
        guard let id = release["ID"]?.lowercased() ?? idLike.first else { return nil }
        var version = release["VERSION_ID"] ?? ""
        if version.isEmpty, id == "debian" {
            version = text(resolver, "/etc/debian_version").flatMap(fromDebianVersion)?.version ?? "unstable"
        }
        if version.isEmpty, id == "alpine", let alpine = text(resolver, "/etc/alpine-release").map(firstLine) {
            version = alpine
        }
        return make(id: id, version: version, prettyName: release["PRETTY_NAME"] ?? release["NAME"], idLike: idLike)
    }

    /// `12.5` → debian 12.5 (namespace `debian:12`); `trixie/sid` or `sid` → debian unstable.
    static func fromDebianVersion(_ text: String) -> Distro? {
        let line = firstLine(text)
        guard !line.isEmpty else { return nil }
        let numeric = line.first?.isNumber == true && line.allSatisfy { $0.isNumber || $0 == "." }
        return make(id: "debian", version: numeric ? line : "unstable", prettyName: "Debian GNU/Linux " + line)
    }

    /// The update stream the content manifests name (``RedHatContentManifest/channel(contentSets:version:)``), over
    /// every manifest in path order; a manifest that is not valid JSON is passed over.
    static func redHatChannel(_ resolver: any FileResolver, version: String) -> String? {
        let sets = resolver.files(matching: Glob(RedHatContentManifest.glob)).flatMap { file in
            resolver.contents(at: file.path).flatMap(RedHatContentManifest.contentSets) ?? []
        }
        return RedHatContentManifest.channel(contentSets: sets, version: version)
    }

    static func make(id: String, version: String, prettyName: String? = nil, idLike: [String] = []) -> Distro {
        Distro(
            id: id, version: version, prettyName: prettyName, idLike: idLike,
            namespace: DistroNamespace.namespace(id: id, version: version))
    }

    static func text(_ resolver: any FileResolver, _ path: String) -> String? {
        resolver.contents(at: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func firstLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first ?? ""
        return line.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
