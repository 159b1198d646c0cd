import Foundation

/// The content manifests Red Hat's build system writes into its images (`/root/buildinfo/content_manifests/*.json`,
/// atomic-reactor's `content_manifest` schema): the repositories (`content_sets`) the image's rpms were installed
/// from. Trivy reads them to pick the product stream an image's fixes come from; here they name the stream when it is
/// not the main one, so that an image on RHEL 8.6 Extended Update Support is judged by the 8.6 EUS fixes
/// (`1.9.5p2-1.el8_6`), not by the main stream's (`1.9.5p2-1.el8_9`), which it cannot install.
public enum RedHatContentManifest {
    /// Where the manifests are.
    public static let glob = "/root/buildinfo/content_manifests/*.json"

    /// The `content_sets` of one manifest; nil when it is not a JSON object with a list of strings there.
    public static func contentSets(_ bytes: [UInt8]) -> [String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let sets = object["content_sets"] as? [Any]
        else { return nil }
        let names = sets.compactMap { $0 as? String }
        return names.count == sets.count ? names : nil
    }

    /// The stream (`8.6+eus`) the repositories name — Extended Update Support, Advanced Update Support, Update
    /// Services for SAP Solutions (`e4s`) or Telecommunications Update Service (`tus`) — for an image whose os-release says `version` (`8.6`); nil for
    /// the main stream. A repository names its stream as `rhel-8-for-x86_64-baseos-eus-rpms`, with the minor release
    /// when it is pinned (`…-eus-rpms__8_DOT_6`), which wins over os-release's. Repositories of other products
    /// (`rhocp-4.9-for-rhel-8-x86_64-rpms`, `advanced-virt-for-rhel-8-x86_64-eus-rpms`) say nothing of the stream;
    /// when RHEL's own repositories name two streams, the first (in the manifest's order) is taken.
    public static func channel(contentSets: [String], version: String) -> String? {
        for name in contentSets {
            guard let match = name.wholeMatch(of: /rhel-([0-9]+)-for-[a-z0-9_]+-[a-z0-9]+-(eus|aus|e4s|tus)(?:-source|-debug)?-rpms(?:__([0-9]+)_DOT_([0-9]+))?/)
            else { continue }
            let (_, major, channel, pinnedMajor, pinnedMinor) = match.output
            if let pinnedMajor, let pinnedMinor { return "\(pinnedMajor).\(pinnedMinor)+\(channel)" }
            // Unpinned: the minor release is os-release's, when it is of the repository's major release.
            let parts = version.split(separator: ".")
            guard parts.count >= 2, parts[0] == major, parts[1].allSatisfy(\.isNumber) else { continue }
            return "\(major).\(parts[1])+\(channel)"
        }
        return nil
    }
}
