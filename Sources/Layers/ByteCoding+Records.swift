import Crypto
package import OCI

/// File kinds by their one-byte code in records (the order is part of the format).
private let fileKinds: [FileRecord.Kind] = [
    .regular, .directory, .symlink, .hardlink, .characterDevice, .blockDevice, .fifo, .other,
]

/// The pieces every cached record is made of (digests, string lists, files, issues), written the same way by
/// ``LayerRecord`` and by the engine's per-image records.
extension ByteWriter {
    /// A digest as one algorithm byte and its raw bytes.
    package mutating func digest(_ digest: OCI.Digest) {
        byte(digest.algorithm == .sha256 ? 0 : 1)
        var nibble: UInt8 = 0
        for (index, char) in digest.encoded.utf8.enumerated() {
            let value = char <= UInt8(ascii: "9") ? char &- UInt8(ascii: "0") : char &- UInt8(ascii: "a") &+ 10
            if index % 2 == 0 { nibble = value << 4 } else { byte(nibble | value) }
        }
    }

    package mutating func strings(_ strings: [String]) {
        count(strings.count)
        for string in strings { self.string(string) }
    }

    package mutating func optionalString(_ value: String?) {
        byte(value == nil ? 0 : 1)
        if let value { string(value) }
    }

    /// Path → bytes, in path order so equal maps encode equally.
    package mutating func files(_ files: [String: [UInt8]]) {
        count(files.count)
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            string(path)
            data(bytes)
        }
    }

    /// One file entry; its ``FileRecord/layer`` only when `withLayer` (a layer's own record leaves it out).
    package mutating func file(_ entry: FileRecord, withLayer: Bool) {
        string(entry.path)
        byte(UInt8(fileKinds.firstIndex(of: entry.kind) ?? 7))
        varint(UInt64(max(0, entry.size)))
        varint(UInt64(entry.mode))
        signed(Int64(entry.uid))
        signed(Int64(entry.gid))
        byte((entry.linkTarget == nil ? 0 : 1) | (entry.sha256 == nil ? 0 : 2))
        if let link = entry.linkTarget { string(link) }
        if let sha256 = entry.sha256 { digest(sha256) }
        if withLayer { signed(Int64(entry.layer)) }
    }

    package mutating func issues(_ issues: [AnalysisIssue]) {
        count(issues.count)
        for issue in issues {
            string(issue.source)
            byte((issue.path == nil ? 0 : 1) | (issue.layer == nil ? 0 : 2))
            if let path = issue.path { string(path) }
            if let layer = issue.layer { signed(Int64(layer)) }
            string(issue.message)
        }
    }

    /// Ends the bytes with their SHA-256, so that ``ByteReader/unsealed(_:)`` detects corruption, and returns them.
    package consuming func sealed() -> [UInt8] {
        raw(SHA256.hash(data: bytes))
        return bytes
    }
}

extension ByteReader {
    /// The body of bytes made by ``ByteWriter/sealed()``, or nil when they are too short or the checksum differs.
    package static func unsealed(_ bytes: [UInt8]) -> ArraySlice<UInt8>? {
        guard bytes.count > 32 else { return nil }
        let body = bytes[..<(bytes.count - 32)]
        guard SHA256.hash(data: body).elementsEqual(bytes[(bytes.count - 32)...]) else { return nil }
        return body
    }

    package mutating func digest() throws(Malformed) -> OCI.Digest {
        let algorithm: OCI.Digest.Algorithm = try byte() == 0 ? .sha256 : .sha512
        return OCI.Digest(algorithm: algorithm, bytes: try raw(algorithm.hexLength / 2))
    }

    package mutating func strings() throws(Malformed) -> [String] {
        let count = try count()
        var strings: [String] = []
        strings.reserveCapacity(count)
        for _ in 0..<count { strings.append(try string()) }
        return strings
    }

    package mutating func optionalString() throws(Malformed) -> String? {
        try byte() == 0 ? nil : try string()
    }

    /// Steps over a ``ByteWriter/string(_:)`` without making it.
    package mutating func skipString() throws(Malformed) { _ = try raw(try count()) }

    /// Steps over a list of strings.
    package mutating func skipStrings() throws(Malformed) {
        for _ in 0..<(try count()) { try skipString() }
    }

    /// Steps over an optional string.
    package mutating func skipOptionalString() throws(Malformed) {
        if try byte() != 0 { try skipString() }
    }

    package mutating func files() throws(Malformed) -> [String: [UInt8]] {
        let count = try count()
        var files: [String: [UInt8]] = [:]
        files.reserveCapacity(count)
        for _ in 0..<count {
            let path = try string()
            files[path] = try data()
        }
        return files
    }

    package mutating func file(withLayer: Bool) throws(Malformed) -> FileRecord {
        let path = try string()
        let kindIndex = Int(try byte())
        guard kindIndex < fileKinds.count else { throw Malformed(offset: offset, what: "file kind \(kindIndex)") }
        var entry = FileRecord(
            path: path, kind: fileKinds[kindIndex], size: Int64(try varint()),
            mode: UInt32(truncatingIfNeeded: try varint()), uid: Int(try signed()), gid: Int(try signed()))
        let flags = try byte()
        if flags & 1 != 0 { entry.linkTarget = try string() }
        if flags & 2 != 0 { entry.sha256 = try digest() }
        if withLayer { entry.layer = Int(try signed()) }
        return entry
    }

    package mutating func issues() throws(Malformed) -> [AnalysisIssue] {
        var issues: [AnalysisIssue] = []
        for _ in 0..<(try count()) {
            let source = try string()
            let flags = try byte()
            let path = flags & 1 != 0 ? try string() : nil
            let layer = flags & 2 != 0 ? Int(try signed()) : nil
            issues.append(AnalysisIssue(source: source, path: path, layer: layer, message: try string()))
        }
        return issues
    }
}
