import Foundation
import Layers

/// The native document written piece by piece: every top-level field through `JSONEncoder` except `files`, which an
/// image has tens of thousands of and which is written directly (the same keys and values as ``NativeFile``'s
/// `Codable` form, sorted). Keeps `drydock scan -o json` from spending most of a cached re-scan in the encoder.
enum NativeDocumentWriter {
    static func write(_ analysis: ImageAnalysis, pretty: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { encoder.outputFormatting.insert(.prettyPrinted) }
        encoder.dateEncodingStrategy = .iso8601
        let newline = pretty ? "\n" : ""
        let indent = pretty ? "  " : ""
        var out: [UInt8] = []
        out.reserveCapacity(256 * analysis.files.count + 64 * 1024)
        out.append(contentsOf: "{\(newline)".utf8)
        var first = true
        func field(_ key: String, _ value: some Encodable) throws {
            let json = try encoder.encode(value)
            start(key)
            // Re-indent nested pretty output one level.
            for byte in json {
                out.append(byte)
                if pretty, byte == 0x0A { out.append(contentsOf: indent.utf8) }
            }
        }
        func start(_ key: String) {
            if !first { out.append(contentsOf: ",\(newline)".utf8) }
            first = false
            out += Array("\(indent)\"\(key)\"\(pretty ? " : " : ":")".utf8)
        }
        // Sorted keys: analyzedAt, analyzer, distro, dockerfile, files, issues, metadata, packages, schemaVersion,
        // secrets, source.
        try field("analyzedAt", analysis.analyzedAt)
        try field("analyzer", analysis.analyzer)
        if let distro = analysis.distro { try field("distro", distro) }
        if let dockerfile = analysis.dockerfile { try field("dockerfile", dockerfile) }
        start("files")
        writeFiles(analysis.files, into: &out, pretty: pretty)
        try field("issues", analysis.issues)
        try field("metadata", analysis.metadata)
        try field("packages", analysis.packages)
        try field("schemaVersion", analysis.schemaVersion)
        try field("secrets", analysis.secrets)
        try field("source", analysis.source)
        out.append(contentsOf: "\(newline)}".utf8)
        return Data(out)
    }

    /// `[{"gid":…,"layer":…,"link":…,"mode":"0644","path":…,"setgid":…,"setuid":…,"sha256":…,"size":…,"type":…,"uid":…}]`,
    /// one file per line when pretty.
    static func writeFiles(_ files: [FileRecord], into out: inout [UInt8], pretty: Bool) {
        out.append(UInt8(ascii: "["))
        for (index, file) in files.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            if pretty { out.append(contentsOf: "\n    ".utf8) }
            out.append(contentsOf: "{\"gid\":\(file.gid),\"layer\":\(file.layer),".utf8)
            if let link = file.linkTarget {
                out.append(contentsOf: "\"link\":".utf8)
                appendString(link, to: &out)
                out.append(UInt8(ascii: ","))
            }
            let octal = String(file.mode, radix: 8)
            out += Array("\"mode\":\"\(String(repeating: "0", count: max(0, 4 - octal.count)))\(octal)\",\"path\":".utf8)
            appendString(file.path, to: &out)
            out.append(contentsOf: ",\"setgid\":\(file.isSetGID),\"setuid\":\(file.isSetUID),".utf8)
            if let sha256 = file.sha256 { out.append(contentsOf: "\"sha256\":\"\(sha256)\",".utf8) }
            out.append(contentsOf: "\"size\":\(file.size),\"type\":\"\(file.kind.rawValue)\",\"uid\":\(file.uid)}".utf8)
        }
        if pretty, !files.isEmpty { out.append(contentsOf: "\n  ".utf8) }
        out.append(UInt8(ascii: "]"))
    }

    /// A JSON string: quotes, backslashes and control characters escaped; everything else as UTF-8.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out += [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
