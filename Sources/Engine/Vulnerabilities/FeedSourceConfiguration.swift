public import Foundation

/// The upstream formats a feed can be read from.
public enum FeedDriver: String, Sendable, Hashable, CaseIterable, Codable {
    /// The Debian security tracker's JSON (`https://security-tracker.debian.org/tracker/data/json`).
    case debianTracker = "debian-tracker"
    /// aquasecurity/vuln-list-debian's tree (`tracker/CVE/…`, `tracker/DSA/…`), for offline mirrors.
    case vulnListDebian = "vuln-list-debian"
    /// Alpine secdb: the site's root (`https://secdb.alpinelinux.org/`: every release it lists), one file
    /// (`…/v3.19/main.json`), JSON or YAML, or a local file or directory.
    case alpineSecdb = "alpine-secdb"
    /// Wolfi's security database (`https://packages.wolfi.dev/os/security.json`): Alpine's shape, `wolfi:rolling`.
    case wolfiSecdb = "wolfi-secdb"
    /// Chainguard's (`https://packages.cgr.dev/chainguard/security.json`): Alpine's shape, `chainguard:rolling`.
    case chainguardSecdb = "chainguard-secdb"
    /// OSV records: a file, a directory, or an ecosystem's `all.zip`.
    case osv
    /// NVD CVE API 2.0 pages: CVSS and descriptions, to enrich matches.
    case nvd
    /// Red Hat CSAF/VEX documents: a file, a directory, a `.tar.zst` archive of them, or the directory's
    /// `archive_latest.txt` (followed to the archive it names).
    case csaf
    /// Amazon Linux advisories (ALAS) from a yum repository: its `mirror.list` (followed to the mirror's
    /// `repodata/repomd.xml` and the updateinfo file it names), a `repomd.xml`, or an `updateinfo.xml[.gz]`.
    case amazonUpdateinfo = "amazon-updateinfo"
    /// SUSE's advisories (CVRF) as aquasecurity/vuln-list mirrors them (`cvrf/suse/…/SUSE-SU-….json`): a directory, one
    /// file, or a tar (`.tar`, `.tar.gz`, `.tar.zst`) of them; SLES, SLE Micro and openSUSE Leap/Tumbleweed.
    case suseCvrf = "suse-cvrf"
    /// OpenVEX documents (a vendor's VEX: Canonical's for Ubuntu, …): a file, a directory, or a tar (`.tar`,
    /// `.tar.gz`, `.tar.zst`) of them; their statements apply to every account's matches.
    case openvex
    /// CISA's Known Exploited Vulnerabilities catalog (JSON): which CVEs are exploited in the wild.
    case kev
    /// FIRST's EPSS scores (CSV, gzip-compressed or not): how likely each CVE is to be exploited.
    case epss
}

/// One feed as the configuration file lists it.
public struct FeedSourceConfiguration: Sendable, Hashable, Codable {
    public var name: String
    public var driver: FeedDriver
    /// `https://…`, or `file://` naming a file, a directory or a zip.
    public var url: URL

    public init(name: String, driver: FeedDriver, url: URL) {
        self.name = name
        self.driver = driver
        self.url = url
    }

    /// The upstream sources a fresh install syncs when the configuration names none: Debian, Ubuntu (Canonical's
    /// OSV data as osv.dev exports it), Red Hat Enterprise Linux (Red Hat's CSAF VEX archive), AlmaLinux and Rocky Linux (theirs, from osv.dev), SUSE Linux Enterprise and
    /// openSUSE (SUSE's OSV data, from osv.dev), Alpine, Amazon Linux 2 and 2023 (their repositories' updateinfo), Wolfi, Chainguard, the language ecosystems of OSV (GitHub's advisories
    /// among them), the Go vulnerability database itself (`vuln.go.dev`, its `stdlib` and `toolchain` records), and CISA's
    /// KEV catalog and FIRST's EPSS scores to enrich matches. Each is fetched over HTTPS; a machine that cannot reach them keeps
    /// reporting the failed sync (and no data) until it can, or until the configuration says `feeds: []`.
    public static let defaults: [FeedSourceConfiguration] = [
        FeedSourceConfiguration(
            name: "debian", driver: .debianTracker, url: URL(string: "https://security-tracker.debian.org/tracker/data/json")!),
        FeedSourceConfiguration(
            name: "ubuntu", driver: .osv, url: URL(string: "https://osv-vulnerabilities.storage.googleapis.com/Ubuntu/all.zip")!),
        FeedSourceConfiguration(
            name: "alpine", driver: .alpineSecdb, url: URL(string: "https://secdb.alpinelinux.org/")!),
        FeedSourceConfiguration(
            name: "rhel", driver: .csaf, url: URL(string: "https://security.access.redhat.com/data/csaf/v2/vex/archive_latest.txt")!),
        FeedSourceConfiguration(
            name: "almalinux", driver: .osv, url: URL(string: "https://osv-vulnerabilities.storage.googleapis.com/AlmaLinux/all.zip")!),
        FeedSourceConfiguration(
            name: "rocky", driver: .osv, url: URL(string: "https://osv-vulnerabilities.storage.googleapis.com/Rocky%20Linux/all.zip")!),
        FeedSourceConfiguration(
            name: "amazon-2", driver: .amazonUpdateinfo, url: URL(string: "https://cdn.amazonlinux.com/2/core/latest/x86_64/mirror.list")!),
        FeedSourceConfiguration(
            name: "amazon-2023", driver: .amazonUpdateinfo,
            url: URL(string: "https://cdn.amazonlinux.com/al2023/core/mirrors/latest/x86_64/mirror.list")!),
        FeedSourceConfiguration(
            name: "suse", driver: .osv, url: URL(string: "https://osv-vulnerabilities.storage.googleapis.com/SUSE/all.zip")!),
        FeedSourceConfiguration(
            name: "opensuse", driver: .osv, url: URL(string: "https://osv-vulnerabilities.storage.googleapis.com/openSUSE/all.zip")!),
        FeedSourceConfiguration(
            name: "wolfi", driver: .wolfiSecdb, url: URL(string: "https://packages.wolfi.dev/os/security.json")!),
        FeedSourceConfiguration(
            name: "chainguard", driver: .chainguardSecdb, url: URL(string: "https://packages.cgr.dev/chainguard/security.json")!),
        FeedSourceConfiguration(
            name: "kev", driver: .kev, url: URL(string: "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json")!),
        FeedSourceConfiguration(
            name: "epss", driver: .epss, url: URL(string: "https://epss.cyentia.com/epss_scores-current.csv.gz")!),
        FeedSourceConfiguration(
            name: "pypi", driver: .osv, url: URL(string: "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip")!),
        FeedSourceConfiguration(
            name: "npm", driver: .osv, url: URL(string: "https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip")!),
        FeedSourceConfiguration(
            name: "go", driver: .osv, url: URL(string: "https://osv-vulnerabilities.storage.googleapis.com/Go/all.zip")!),
        FeedSourceConfiguration(
            name: "golang-vulndb", driver: .osv, url: URL(string: "https://vuln.go.dev/vulndb.zip")!),
        FeedSourceConfiguration(
            name: "maven", driver: .osv, url: URL(string: "https://osv-vulnerabilities.storage.googleapis.com/Maven/all.zip")!),
        FeedSourceConfiguration(
            name: "rubygems", driver: .osv, url: URL(string: "https://osv-vulnerabilities.storage.googleapis.com/RubyGems/all.zip")!),
    ]
}
