public import Catalog

/// Releases whose vendors have ended all public security support, with the month it ended (the end of LTS for
/// Debian, of standard support for Ubuntu, of each branch's two years for Alpine, of each openSUSE Leap minor
/// release). Feeds stop covering such a release, so an image on one that no feed covers is told why. Only releases
/// already past their end are listed: the table never needs the time to answer.
public enum DistroLifecycle {
    static let ended: [String: String] = [
        "debian:6": "2016-02", "debian:7": "2018-05", "debian:8": "2020-06", "debian:9": "2022-06", "debian:10": "2024-06",
        "ubuntu:12.04": "2017-04", "ubuntu:14.04": "2019-04", "ubuntu:16.04": "2021-04", "ubuntu:18.04": "2023-05",
        "ubuntu:20.04": "2025-05", "ubuntu:20.10": "2021-07", "ubuntu:21.04": "2022-01", "ubuntu:21.10": "2022-07",
        "ubuntu:22.10": "2023-07", "ubuntu:23.04": "2024-01", "ubuntu:23.10": "2024-07", "ubuntu:24.10": "2025-07",
        "ubuntu:25.04": "2026-01",
        "alpine:3.10": "2021-05", "alpine:3.11": "2021-11", "alpine:3.12": "2022-05", "alpine:3.13": "2022-11",
        "alpine:3.14": "2023-05", "alpine:3.15": "2023-11", "alpine:3.16": "2024-05", "alpine:3.17": "2024-11",
        "alpine:3.18": "2025-05", "alpine:3.19": "2025-11",
        "centos:6": "2020-11", "centos:7": "2024-06", "centos:8": "2021-12",
        "opensuse-leap:15.0": "2019-12", "opensuse-leap:15.1": "2021-02", "opensuse-leap:15.2": "2022-01",
        "opensuse-leap:15.3": "2022-12", "opensuse-leap:15.4": "2023-12", "opensuse-leap:15.5": "2024-12",
    ]

    /// The month (`YYYY-MM`) the distro's release stopped getting security support; nil when it still does or the
    /// release is not in the table.
    public static func endOfLife(_ distro: Distro) -> String? {
        ended[distro.namespace]
    }
}
