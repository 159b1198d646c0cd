/// Vulnerability namespaces as grype and Anchore Engine key their feeds: `debian:12`, `ubuntu:22.04`,
/// `alpine:3.19`, and the major release for the Red Hat family, keeping the distro's own id (`rhel:9`,
/// `centos:7`, `rocky:9`, `ol:8`, `amzn:2`); `wolfi:rolling`, `chainguard:rolling` and
/// `opensuse-tumbleweed:rolling`; SUSE's as os-release names them (`sles:15.5`, `opensuse-leap:15.5`, `sle-micro:5.5`).
enum DistroNamespace {
    static let majorOnly: Set<String> = ["rhel", "centos", "rocky", "almalinux", "ol", "amzn", "fedora", "debian"]

    static func namespace(id: String, version: String) -> String {
        // Rolling distributions: one stream, whatever build date VERSION_ID carries (as grype keys them).
        if id == "wolfi" || id == "chainguard" || id == "opensuse-tumbleweed" { return id + ":rolling" }
        guard !version.isEmpty else { return id }
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        let numeric = parts.first.map { !$0.isEmpty && $0.allSatisfy(\.isNumber) } ?? false
        switch id {
        case _ where majorOnly.contains(id) && numeric:
            return id + ":" + parts[0]
        case "alpine" where numeric && parts.count >= 2:
            return id + ":" + parts[0] + "." + parts[1].prefix { $0.isNumber }
        case "ubuntu" where numeric && parts.count >= 2:
            return id + ":" + parts[0] + "." + parts[1]
        default:
            return id + ":" + version
        }
    }
}
