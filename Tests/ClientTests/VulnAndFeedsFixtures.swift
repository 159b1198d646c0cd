import Client

// Payloads in the shapes of reference §6.2 (vulnerability record) and §2.7 (feeds), and the texts
// anchore-cli 0.9.3's own `format_output` produced for them (its python formatter run from
// .build/venv-anchorecli on these exact payloads; `lines` are the text split at "\n").

enum VulnFixtures {
    /// `GET /images/{d}/vuln/all`: mixed severities, two rows with the same vulnerability id,
    /// "None" fixes and URL, a comma-joined fix, nvd_data with several ids, none, and a record without id.
    static let all = #"""
    {"imageDigest": "sha256:e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6e0a6", "vulnerability_type": "all", "vulnerabilities": [
     {"vuln": "CVE-2021-36159", "severity": "Critical", "url": "https://nvd.nist.gov/vuln/detail/CVE-2021-36159", "fix": "2.10.7-r0",
      "package": "apk-tools-2.10.6-r0", "package_name": "apk-tools", "package_version": "2.10.6-r0", "package_type": "APKG",
      "package_cpe": "None", "package_cpe23": "None", "package_path": "pkgdb", "feed": "vulnerabilities", "feed_group": "alpine:3.12",
      "will_not_fix": false,
      "nvd_data": [{"id": "CVE-2021-36159", "cvss_v2": {"base_score": 6.4, "exploitability_score": 10.0, "impact_score": 4.9},
                    "cvss_v3": {"base_score": 9.1, "exploitability_score": 3.9, "impact_score": 5.2}}], "vendor_data": []},
     {"vuln": "CVE-2021-3711", "severity": "High", "url": "https://nvd.nist.gov/vuln/detail/CVE-2021-3711", "fix": "1.1.1l-r0",
      "package": "libssl1.1-1.1.1k-r0", "package_name": "libssl1.1", "package_version": "1.1.1k-r0", "package_type": "APKG",
      "package_cpe": "None", "package_cpe23": "None", "package_path": "pkgdb", "feed": "vulnerabilities", "feed_group": "alpine:3.12",
      "will_not_fix": false,
      "nvd_data": [{"id": "CVE-2021-3711", "cvss_v2": {"base_score": 7.5, "exploitability_score": 10.0, "impact_score": 6.4},
                    "cvss_v3": {"base_score": 9.8, "exploitability_score": 3.9, "impact_score": 5.9}}], "vendor_data": []},
     {"vuln": "GHSA-8qmj-wf6g-2cr3", "severity": "Medium", "url": "https://github.com/advisories/GHSA-8qmj-wf6g-2cr3", "fix": "None",
      "package": "urllib3-1.26.4", "package_name": "urllib3", "package_version": "1.26.4", "package_type": "python",
      "package_cpe": "None", "package_cpe23": "cpe:2.3:a:python:urllib3:1.26.4:*:*:*:*:*:*:*",
      "package_path": "/usr/lib/python3.8/site-packages/urllib3-1.26.4.dist-info/METADATA", "feed": "vulnerabilities", "feed_group": "github:python",
      "will_not_fix": false,
      "nvd_data": [{"id": "CVE-2021-33503", "cvss_v2": {"base_score": 5.0, "exploitability_score": 10.0, "impact_score": 2.9},
                    "cvss_v3": {"base_score": 7.5, "exploitability_score": 3.9, "impact_score": 3.6}},
                   {"id": "CVE-2021-28363", "cvss_v2": {"base_score": -1.0, "exploitability_score": -1.0, "impact_score": -1.0},
                    "cvss_v3": {"base_score": 6.5, "exploitability_score": 3.9, "impact_score": 2.5}},
                   {"cvss_v2": {"base_score": -1.0, "exploitability_score": -1.0, "impact_score": -1.0}}], "vendor_data": []},
     {"vuln": "CVE-2021-3712", "severity": "High", "url": "https://nvd.nist.gov/vuln/detail/CVE-2021-3712", "fix": "1.1.1l-r0",
      "package": "libcrypto1.1-1.1.1k-r0", "package_name": "libcrypto1.1", "package_version": "1.1.1k-r0", "package_type": "APKG",
      "package_cpe": "None", "package_cpe23": "None", "package_path": "pkgdb", "feed": "vulnerabilities", "feed_group": "alpine:3.12",
      "will_not_fix": false,
      "nvd_data": [{"id": "CVE-2021-3712", "cvss_v2": {"base_score": 5.8, "exploitability_score": 8.6, "impact_score": 4.9},
                    "cvss_v3": {"base_score": 7.4, "exploitability_score": 2.2, "impact_score": 5.2}}], "vendor_data": []},
     {"vuln": "CVE-2020-28928", "severity": "Low", "url": "https://nvd.nist.gov/vuln/detail/CVE-2020-28928", "fix": "None",
      "package": "musl-1.1.24-r10", "package_name": "musl", "package_version": "1.1.24-r10", "package_type": "APKG",
      "package_cpe": "None", "package_cpe23": "None", "package_path": "pkgdb", "feed": "vulnerabilities", "feed_group": "alpine:3.12",
      "will_not_fix": false, "nvd_data": [], "vendor_data": []},
     {"vuln": "CVE-2018-25032", "severity": "Negligible", "url": "https://security-tracker.debian.org/tracker/CVE-2018-25032", "fix": "1.2.12-r0,1.2.11-r4",
      "package": "zlib-1.2.11-r3", "package_name": "zlib", "package_version": "1.2.11-r3", "package_type": "APKG",
      "package_cpe": "None", "package_cpe23": "None", "package_path": "pkgdb", "feed": "vulnerabilities", "feed_group": "alpine:3.12",
      "will_not_fix": false,
      "nvd_data": [{"id": "CVE-2018-25032", "cvss_v2": {"base_score": 5.0, "exploitability_score": 10.0, "impact_score": 2.9},
                    "cvss_v3": {"base_score": 7.5, "exploitability_score": 3.9, "impact_score": 3.6}}], "vendor_data": []},
     {"vuln": "CVE-2021-42378", "severity": "Unknown", "url": "None", "fix": "1.32.1-r4",
      "package": "busybox-1.31.1-r20", "package_name": "busybox", "package_version": "1.31.1-r20", "package_type": "APKG",
      "package_cpe": "None", "package_cpe23": "None", "package_path": "pkgdb", "feed": "vulnerabilities", "feed_group": "alpine:3.12",
      "will_not_fix": false,
      "nvd_data": [{"id": "CVE-2021-42378", "cvss_v2": {"base_score": 6.5, "exploitability_score": 8.0, "impact_score": 6.4},
                    "cvss_v3": {"base_score": 7.2, "exploitability_score": 1.2, "impact_score": 5.9}},
                   {"id": "CVE-2021-42379", "cvss_v2": {"base_score": 6.5, "exploitability_score": 8.0, "impact_score": 6.4},
                    "cvss_v3": {"base_score": 7.2, "exploitability_score": 1.2, "impact_score": 5.9}}], "vendor_data": []},
     {"vuln": "CVE-2021-3711", "severity": "High", "url": "https://nvd.nist.gov/vuln/detail/CVE-2021-3711", "fix": "1.1.1l-r0",
      "package": "libcrypto1.1-1.1.1k-r0", "package_name": "libcrypto1.1", "package_version": "1.1.1k-r0", "package_type": "APKG",
      "package_cpe": "None", "package_cpe23": "None", "package_path": "pkgdb", "feed": "vulnerabilities", "feed_group": "alpine:3.12",
      "will_not_fix": false,
      "nvd_data": [{"id": "CVE-2021-3711", "cvss_v2": {"base_score": 7.5, "exploitability_score": 10.0, "impact_score": 6.4},
                    "cvss_v3": {"base_score": 9.8, "exploitability_score": 3.9, "impact_score": 5.9}}], "vendor_data": []}
    ]}
    """#

    /// anchore-cli's `image_vuln` text for ``all`` (type `all`).
    static let allLines: [String] = [
        "Vulnerability ID           Package                       Severity          Fix                        CVE Refs                             Vulnerability URL                                                 Type          Feed Group           Package Path                                                              ",
        "CVE-2021-36159             apk-tools-2.10.6-r0           Critical          2.10.7-r0                  CVE-2021-36159                       https://nvd.nist.gov/vuln/detail/CVE-2021-36159                   APKG          alpine:3.12          pkgdb                                                                     ",
        "CVE-2021-3711              libcrypto1.1-1.1.1k-r0        High              1.1.1l-r0                  CVE-2021-3711                        https://nvd.nist.gov/vuln/detail/CVE-2021-3711                    APKG          alpine:3.12          pkgdb                                                                     ",
        "CVE-2021-3711              libssl1.1-1.1.1k-r0           High              1.1.1l-r0                  CVE-2021-3711                        https://nvd.nist.gov/vuln/detail/CVE-2021-3711                    APKG          alpine:3.12          pkgdb                                                                     ",
        "CVE-2021-3712              libcrypto1.1-1.1.1k-r0        High              1.1.1l-r0                  CVE-2021-3712                        https://nvd.nist.gov/vuln/detail/CVE-2021-3712                    APKG          alpine:3.12          pkgdb                                                                     ",
        "CVE-2020-28928             musl-1.1.24-r10               Low               None                                                            https://nvd.nist.gov/vuln/detail/CVE-2020-28928                   APKG          alpine:3.12          pkgdb                                                                     ",
        "GHSA-8qmj-wf6g-2cr3        urllib3-1.26.4                Medium            None                       CVE-2021-33503,CVE-2021-28363        https://github.com/advisories/GHSA-8qmj-wf6g-2cr3                 python        github:python        /usr/lib/python3.8/site-packages/urllib3-1.26.4.dist-info/METADATA        ",
        "CVE-2018-25032             zlib-1.2.11-r3                Negligible        1.2.12-r0,1.2.11-r4        CVE-2018-25032                       https://security-tracker.debian.org/tracker/CVE-2018-25032        APKG          alpine:3.12          pkgdb                                                                     ",
        "CVE-2021-42378             busybox-1.31.1-r20            Unknown           1.32.1-r4                  CVE-2021-42378,CVE-2021-42379        None                                                              APKG          alpine:3.12          pkgdb                                                                     ",
    ]

    /// A record without `nvd_data` (anchore-cli iterates `None`).
    static let withoutNVDData = #"""
    {"imageDigest": "sha256:x", "vulnerability_type": "os", "vulnerabilities": [{"vuln": "CVE-2020-28928", "severity": "Low", "url": "https://nvd.nist.gov/vuln/detail/CVE-2020-28928", "fix": "None", "package": "musl-1.1.24-r10", "package_type": "APKG", "feed_group": "alpine:3.12", "package_path": "pkgdb"}]}
    """#

    /// anchore-cli's whole output for it: the warning line, then the raw JSON.
    static let withoutNVDDataOutput = "WARNING: failed to format output (returning raw output) - exception: 'NoneType' object is not iterable\n{\n    \"imageDigest\": \"sha256:x\",\n    \"vulnerabilities\": [\n        {\n            \"feed_group\": \"alpine:3.12\",\n            \"fix\": \"None\",\n            \"package\": \"musl-1.1.24-r10\",\n            \"package_path\": \"pkgdb\",\n            \"package_type\": \"APKG\",\n            \"severity\": \"Low\",\n            \"url\": \"https://nvd.nist.gov/vuln/detail/CVE-2020-28928\",\n            \"vuln\": \"CVE-2020-28928\"\n        }\n    ],\n    \"vulnerability_type\": \"os\"\n}"
}

enum FeedFixtures {
    /// `GET /system/feeds`: synced, pending, disabled groups; a disabled feed; a group without a
    /// record count; a feed without groups.
    static let list = #"""
    [{"name": "vulnerabilities", "enabled": true, "created_at": "2021-10-01T05:00:00Z", "updated_at": "2021-10-01T06:00:00Z",
      "last_full_sync": "2021-10-01T06:00:00Z",
      "groups": [{"name": "debian:10", "enabled": true, "created_at": "2021-10-01T05:00:00Z", "updated_at": "2021-10-01T06:00:00Z", "last_sync": "2021-10-01T06:00:00Z", "record_count": 27523},
                 {"name": "alpine:3.12", "enabled": true, "created_at": "2021-10-01T05:00:00Z", "updated_at": "2021-10-01T06:00:00Z", "last_sync": "2021-10-01T05:58:12Z", "record_count": 2043},
                 {"name": "ubuntu:20.04", "enabled": true, "created_at": "2021-10-01T05:00:00Z", "updated_at": "2021-10-01T05:00:00Z", "last_sync": null, "record_count": 0},
                 {"name": "rhel:8", "enabled": false, "created_at": "2021-10-01T05:00:00Z", "updated_at": "2021-10-01T05:00:00Z", "last_sync": null, "record_count": 0}]},
     {"name": "nvdv2", "enabled": false, "created_at": "2021-10-01T05:00:00Z", "updated_at": "2021-10-01T05:00:00Z", "last_full_sync": null,
      "groups": [{"name": "nvdv2:cves", "enabled": true, "created_at": "2021-10-01T05:00:00Z", "updated_at": "2021-10-01T05:00:00Z", "last_sync": null, "record_count": 0}]},
     {"name": "github", "enabled": true, "created_at": "2021-10-01T05:00:00Z", "updated_at": "2021-10-01T06:00:00Z", "last_full_sync": "2021-10-01T06:00:00Z",
      "groups": [{"name": "github:python", "enabled": true, "last_sync": "2021-10-01T06:00:00Z", "record_count": 1211},
                 {"name": "github:npm", "enabled": true, "last_sync": "2021-10-01T06:00:00Z"}]},
     {"name": "packages", "enabled": true, "last_full_sync": null, "groups": []}]
    """#
    static let listLines: [String] = [
        "Feed                   Group                   LastSync                    RecordCount        ",
        "github                 github:npm              2021-10-01T06:00:00Z        N/A                ",
        "github                 github:python           2021-10-01T06:00:00Z        1211               ",
        "nvdv2(disabled)        nvdv2:cves              -                           0                  ",
        "vulnerabilities        alpine:3.12             2021-10-01T05:58:12Z        2043               ",
        "vulnerabilities        debian:10               2021-10-01T06:00:00Z        27523              ",
        "vulnerabilities        rhel:8(disabled)        -                           0                  ",
        "vulnerabilities        ubuntu:20.04            pending                     0                  ",
        "",
    ]

    /// A disabled feed, as `PUT /system/feeds/vulnerabilities?enabled=False` answers it (one record).
    static let disabledFeed = #"""
    {"name": "vulnerabilities", "enabled": false, "created_at": "2021-10-01T05:00:00Z", "updated_at": "2021-10-02T08:00:00Z",
      "last_full_sync": "2021-10-01T06:00:00Z",
      "groups": [{"name": "debian:10", "enabled": true, "last_sync": "2021-10-01T06:00:00Z", "record_count": 27523},
                 {"name": "alpine:3.12", "enabled": true, "last_sync": null, "record_count": 0}]}
    """#
    static let disabledFeedLines: [String] = [
        "Feed                             Group              LastSync                    RecordCount        ",
        "vulnerabilities(disabled)        alpine:3.12        -                           0                  ",
        "vulnerabilities(disabled)        debian:10          2021-10-01T06:00:00Z        27523              ",
        "",
    ]

    /// A disabled, never synced group (`PUT /system/feeds/vulnerabilities/debian:10?enabled=False`).
    static let disabledGroup = #"""
    {"name": "debian:10", "enabled": false, "created_at": "2021-10-01T05:00:00Z", "updated_at": "2021-10-02T08:00:00Z", "last_sync": null, "record_count": 0}
    """#
    static let disabledGroupLines: [String] = [
        "Group                      LastSync        RecordCount        ",
        "debian:10(disabled)        pending         0                  ",
        "",
    ]
    static let disabledGroupJSON = "[\n    {\n        \"created_at\": \"2021-10-01T05:00:00Z\",\n        \"enabled\": false,\n        \"last_sync\": null,\n        \"name\": \"debian:10\",\n        \"record_count\": 0,\n        \"updated_at\": \"2021-10-02T08:00:00Z\"\n    }\n]"
    static let syncedGroup = #"""
    {"name": "alpine:3.12", "enabled": true, "last_sync": "2021-10-01T05:58:12Z", "record_count": 2043}
    """#
    static let syncedGroupLines: [String] = [
        "Group              LastSync                    RecordCount        ",
        "alpine:3.12        2021-10-01T05:58:12Z        2043               ",
        "",
    ]

    /// `POST /system/feeds` results: float and integer durations (2.675 and 0.125 round down, 212.675 up).
    static let sync = #"""
    [{"feed": "vulnerabilities", "status": "success", "total_time_seconds": 341.2021,
      "groups": [{"group": "debian:10", "status": "success", "updated_record_count": 27523, "updated_image_count": 3, "total_time_seconds": 212.675},
                 {"group": "alpine:3.12", "status": "success", "updated_record_count": 2043, "updated_image_count": 0, "total_time_seconds": 2.675},
                 {"group": "ubuntu:20.04", "status": "failure", "updated_record_count": 0, "updated_image_count": 0, "total_time_seconds": 3}]},
     {"feed": "github", "status": "success", "total_time_seconds": 10.004,
      "groups": [{"group": "github:python", "status": "success", "updated_record_count": 12, "updated_image_count": 1, "total_time_seconds": 0.125}]}]
    """#
    static let syncLines: [String] = [
        "Feed                   Group                Status         Records Updated        Sync Duration        ",
        "github                 github:python        success        12                     0.12s                ",
        "vulnerabilities        alpine:3.12          success        2043                   2.67s                ",
        "vulnerabilities        debian:10            success        27523                  212.68s              ",
        "vulnerabilities        ubuntu:20.04         failure        0                      3.00s                ",
    ]
    /// A duration sent as a string.
    static let syncWithStringDuration = #"""
    [{"feed": "vulnerabilities", "status": "success", "total_time_seconds": 1.0, "groups": [{"group": "debian:10", "status": "success", "updated_record_count": 1, "total_time_seconds": "12.5"}]}]
    """#
    static let syncWithStringDurationOutput = "WARNING: failed to format output (returning raw output) - exception: Unknown format code 'f' for object of type 'str'\n[\n    {\n        \"feed\": \"vulnerabilities\",\n        \"groups\": [\n            {\n                \"group\": \"debian:10\",\n                \"status\": \"success\",\n                \"total_time_seconds\": \"12.5\",\n                \"updated_record_count\": 1\n            }\n        ],\n        \"status\": \"success\",\n        \"total_time_seconds\": 1.0\n    }\n]"
}
