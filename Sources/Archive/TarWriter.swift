/// Builds a tar archive in memory (for tests and small generated layers).
///
/// Headers are ustar; a pax `x` extended header is added automatically when a path or link name
/// is longer than 100 bytes, a user or group name longer than 32, a number does not fit its
/// octal field (uid, gid, size, mtime), or the entry carries ``TarEntry/paxRecords``. Device
/// numbers too large for octal are written in GNU base-256.
public struct TarWriter: Sendable {
    private var bytes: [UInt8] = []

    /// Creates an empty archive.
    public init() {}

    /// The archive so far, without the end-of-archive marker.
    public var count: Int { bytes.count }

    /// Appends a member.
    ///
    /// The size written is `contents.count`; `entry.size` is ignored.
    /// - Parameters:
    ///   - entry: The member's header fields.
    ///   - contents: The member's contents; must be empty for links, devices, directories and fifos.
    public mutating func append(_ entry: TarEntry, contents: [UInt8] = []) {
        precondition(
            contents.isEmpty || !entry.kind.isHeaderOnly,
            "TarWriter: a \(entry.kind) entry (\(entry.path)) cannot have contents"
        )
        let size = Int64(contents.count)
        var records = entry.paxRecords
        let pathBytes = Array(entry.path.utf8)
        let linkBytes = Array(entry.linkName.utf8)
        if pathBytes.count > 100 { records["path"] = entry.path }
        if linkBytes.count > 100 { records["linkpath"] = entry.linkName }
        if entry.userName.utf8.count > 32 { records["uname"] = entry.userName }
        if entry.groupName.utf8.count > 32 { records["gname"] = entry.groupName }

        var header = [UInt8](repeating: 0, count: TarHeader.blockSize)
        header.withUnsafeMutableBytes { block in
            TarHeader.write(pathBytes, block, TarHeader.name)
            _ = TarHeader.writeOctal(Int64(entry.mode & 0o7777777), block, TarHeader.mode)
            if !TarHeader.writeOctal(Int64(entry.uid), block, TarHeader.uid) {
                records["uid"] = String(entry.uid)
                _ = TarHeader.writeOctal(0, block, TarHeader.uid)
            }
            if !TarHeader.writeOctal(Int64(entry.gid), block, TarHeader.gid) {
                records["gid"] = String(entry.gid)
                _ = TarHeader.writeOctal(0, block, TarHeader.gid)
            }
            if !TarHeader.writeOctal(size, block, TarHeader.size) {
                records["size"] = String(size)
                _ = TarHeader.writeOctal(0, block, TarHeader.size)
            }
            if !TarHeader.writeOctal(entry.modificationTime, block, TarHeader.mtime) {
                records["mtime"] = String(entry.modificationTime)
                _ = TarHeader.writeOctal(0, block, TarHeader.mtime)
            }
            block[TarHeader.typeflag] = entry.kind.typeflag
            TarHeader.write(linkBytes, block, TarHeader.linkName)
            TarHeader.write("ustar\u{0}00".utf8, block, 257..<265)
            TarHeader.write(entry.userName.utf8, block, TarHeader.userName)
            TarHeader.write(entry.groupName.utf8, block, TarHeader.groupName)
            Self.writeDevice(entry.deviceMajor, block, TarHeader.deviceMajor)
            Self.writeDevice(entry.deviceMinor, block, TarHeader.deviceMinor)
        }

        if !records.isEmpty {
            let pax = PaxRecords.encode(records)
            let baseName = entry.path.split(separator: "/").last.map(String.init) ?? "entry"
            var paxHeader = [UInt8](repeating: 0, count: TarHeader.blockSize)
            paxHeader.withUnsafeMutableBytes { block in
                TarHeader.write(Array("PaxHeaders/\(baseName)".utf8.prefix(100)), block, TarHeader.name)
                _ = TarHeader.writeOctal(0o644, block, TarHeader.mode)
                _ = TarHeader.writeOctal(0, block, TarHeader.uid)
                _ = TarHeader.writeOctal(0, block, TarHeader.gid)
                _ = TarHeader.writeOctal(Int64(pax.count), block, TarHeader.size)
                _ = TarHeader.writeOctal(0, block, TarHeader.mtime)
                block[TarHeader.typeflag] = UInt8(ascii: "x")
                TarHeader.write("ustar\u{0}00".utf8, block, 257..<265)
            }
            appendBlock(paxHeader)
            appendContents(pax)
        }
        appendBlock(header)
        appendContents(contents)
    }

    /// The complete archive: the members followed by the two zero blocks marking its end.
    /// - Returns: The archive's bytes.
    public func finish() -> [UInt8] {
        var result = bytes
        result.append(contentsOf: repeatElement(0, count: 2 * TarHeader.blockSize))
        return result
    }

    // MARK: - Internals

    private static func writeDevice(_ value: Int, _ block: UnsafeMutableRawBufferPointer, _ range: Range<Int>) {
        if !TarHeader.writeOctal(Int64(value), block, range) {
            TarHeader.writeBase256(Int64(value), block, range)
        }
    }

    /// Fills in the checksum and appends the header block.
    private mutating func appendBlock(_ header: [UInt8]) {
        var header = header
        header.withUnsafeMutableBytes { block in
            let sum = TarHeader.sums(of: UnsafeRawBufferPointer(block)).unsigned
            // "%06o\0 " as POSIX and GNU tar write it.
            _ = TarHeader.writeOctal(Int64(sum), block, 148..<155)
            block[155] = 0x20
        }
        bytes.append(contentsOf: header)
    }

    private mutating func appendContents(_ contents: [UInt8]) {
        bytes.append(contentsOf: contents)
        let padding = TarParser.padding(Int64(contents.count))
        if padding > 0 { bytes.append(contentsOf: repeatElement(0, count: padding)) }
    }
}
