import Crypto
import Foundation
import OCI

/// Deterministic identifiers shared by the SBOM encoders: the same analysis always yields the same IDs, serial
/// numbers and namespaces, so SBOMs can be compared byte for byte.
enum SBOMIdentifiers {
    /// The first `length` hex digits of the SHA-256 of the parts, separated by NUL so that `["ab","c"]` and
    /// `["a","bc"]` differ.
    static func hash(_ parts: [String], length: Int = 16) -> String {
        var hasher = SHA256()
        for part in parts {
            hasher.update(data: Array(part.utf8))
            hasher.update(data: [0])
        }
        return String(OCI.Digest.hex(hasher.finalize()).prefix(length))
    }

    /// The text with every character outside `[A-Za-z0-9.-]` replaced by `-`, runs of `-` collapsed, and cut
    /// to `maxLength` characters: usable in SPDX IDs and `LicenseRef-` names.
    static func idString(_ text: String, maxLength: Int = 64) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let allowed = scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "." || scalar == "-")
            let character: Character = allowed ? Character(scalar) : "-"
            if character == "-", out.last == "-" { continue }
            out.append(character)
        }
        return String(out.prefix(maxLength))
    }

    /// A name-based (version 5, SHA-1) UUID in the URL namespace of RFC 9562, lowercase.
    static func uuidV5(name: String) -> String {
        // The URL namespace: 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
        let namespace: [UInt8] = [
            0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
        ]
        var bytes = Array(Insecure.SHA1.hash(data: namespace + Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x50
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = OCI.Digest.hex(bytes)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex.dropFirst(range.lowerBound).prefix(range.count))
        }
        return groups.joined(separator: "-")
    }

    /// One identifier per package, in order: `Package-<type>-<name>-<hash>`, where the hash covers the fields that
    /// tell packages apart (type, name, version, purl, locations). Exact duplicates get `-2`, `-3`, … so every
    /// identifier is unique; all characters are valid in an SPDX ID and a CycloneDX `bom-ref`.
    static func packageIDs(_ packages: [Package]) -> [String] {
        var seen: [String: Int] = [:]
        return packages.map { package in
            let digest = hash([package.type.rawValue, package.name, package.version, package.purl] + package.locations)
            let name = idString(package.name, maxLength: 48).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
            let base = "Package-\(package.type.rawValue)-\(name.isEmpty ? "unnamed" : name)-\(digest)"
            let count = (seen[base] ?? 0) + 1
            seen[base] = count
            return count == 1 ? base : "\(base)-\(count)"
        }
    }

    /// `OperatingSystem-<id>-<version>`: the distro's SPDX ID suffix and CycloneDX `bom-ref`.
    static func operatingSystemID(_ distro: Distro) -> String {
        "OperatingSystem-\(idString(distro.id))-\(idString(distro.version))"
    }

    /// The SBOM timestamp form, `2024-05-01T12:00:00Z` (UTC, whole seconds), which both CycloneDX and SPDX accept.
    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle().format(date)
    }

    /// The Package URL of the image itself (`pkg:oci/nginx@sha256%3A…?repository_url=docker.io/library/nginx`),
    /// or nil when the image has no reference or manifest digest.
    static func imagePURL(_ source: ImageAnalysis.Source) -> String? {
        guard let reference = source.reference, let digest = source.manifestDigest else { return nil }
        let name = reference.repository.split(separator: "/").last.map { String($0).lowercased() } ?? ""
        guard !name.isEmpty else { return nil }
        var purl = "pkg:oci/\(percentEncoded(name))@\(percentEncoded(digest.description))"
        purl += "?arch=\(percentEncoded(source.platform.architecture))"
        purl += "&repository_url=\(percentEncoded(reference.name))"
        if let tag = reference.tag { purl += "&tag=\(percentEncoded(tag))" }
        return purl
    }

    /// Percent-encodes everything outside the purl-safe set `[A-Za-z0-9.-_~/]`.
    static func percentEncoded(_ text: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_~/".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            if safe.contains(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
