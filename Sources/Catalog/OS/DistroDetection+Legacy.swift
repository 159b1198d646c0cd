import Foundation

/// Release files older than os-release, and busybox.
extension DistroDetection {
    /// `cpe:/o:centos:linux:6:GA`, `cpe:/o:redhat:enterprise_linux:7.9:ga:server`, `cpe:2.3:o:amazon:amazon_linux:2`.
    static func fromSystemReleaseCPE(_ text: String) -> Distro? {
        let line = firstLine(text)
        let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let start: Int
        if fields.count >= 5, fields[0] == "cpe", fields[1] == "/o" {
            start = 2
        } else if fields.count >= 6, fields[0] == "cpe", fields[1] == "2.3", fields[2] == "o" {
            start = 3
        } else {
            return nil
        }
        let vendor = fields[start].lowercased()
        let version = fields[start + 2]
        guard !vendor.isEmpty, version.first?.isNumber == true else { return nil }
        let id = knownID(vendor) ?? vendor
        return make(id: id, version: version, prettyName: line, idLike: [])
    }

    /// `CentOS release 6.10 (Final)`, `Red Hat Enterprise Linux Server release 7.9 (Maipo)`,
    /// `Rocky Linux release 9.3 (Blue Onyx)`.
    static func fromRedHatRelease(_ text: String) -> Distro? {
        let line = firstLine(text)
        guard let range = line.range(of: " release ") else { return nil }
        let name = String(line[..<range.lowerBound])
        let version = String(line[range.upperBound...].prefix { $0.isNumber || $0 == "." })
        guard !name.isEmpty, version.first?.isNumber == true else { return nil }
        let lowered = name.lowercased()
        let id = knownID(lowered) ?? String(lowered.prefix { !$0.isWhitespace })
        return make(id: id, version: version, prettyName: line)
    }

    /// The version in busybox's `BusyBox v1.36.1 (…)` banner.
    static func fromBusyBox(_ bytes: [UInt8]) -> Distro? {
        let marker = Array("BusyBox v".utf8)
        guard bytes.count > marker.count else { return nil }
        var index = 0
        let last = bytes.count - marker.count
        while index <= last {
            guard let start = bytes[index...last].firstIndex(of: marker[0]) else { return nil }
            if bytes[start..<(start + marker.count)].elementsEqual(marker) {
                let digits = bytes[(start + marker.count)...].prefix { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }
                var version = String(decoding: digits, as: UTF8.self)
                while version.hasSuffix(".") { version.removeLast() }
                if version.first?.isNumber == true {
                    return make(id: "busybox", version: version, prettyName: "BusyBox v" + version)
                }
            }
            index = start + 1
        }
        return nil
    }

    /// The os-release ID for a vendor or product name seen in the legacy files.
    private static func knownID(_ name: String) -> String? {
        let table: [(String, String)] = [
            ("centos", "centos"), ("red hat", "rhel"), ("redhat", "rhel"), ("rocky", "rocky"), ("alma", "almalinux"),
            ("oracle", "ol"), ("amazon", "amzn"), ("fedora", "fedora"), ("scientific", "scientific"),
        ]
        return table.first { name.contains($0.0) }?.1
    }
}
