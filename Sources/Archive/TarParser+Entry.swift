/// Extended headers read for the next member.
struct PendingExtensions: Sendable {
    /// Records of `x` headers (an empty value unsets a global record).
    var paxRecords: [String: String] = [:]
    var hasPax = false
    var longName: String?
    var longLink: String?

    var isEmpty: Bool { !hasPax && longName == nil && longLink == nil }
}

extension TarParser {
    /// Applies a complete extended header held in `extendedBuffer`.
    mutating func finishExtended(_ kind: ExtendedKind) throws {
        let location = "the extended tar header ending at offset \(offset)"
        switch kind {
        case .paxLocal:
            let records = try extendedBuffer.withUnsafeBytes { data in
                try PaxRecords.parse(data, where: location)
            }
            for (key, value) in records { pending.paxRecords[key] = value }
            pending.hasPax = true
        case .paxGlobal:
            let records = try extendedBuffer.withUnsafeBytes { data in
                try PaxRecords.parse(data, where: location)
            }
            for (key, value) in records {
                if value.isEmpty { globalRecords[key] = nil } else { globalRecords[key] = value }
            }
            let size = globalRecords.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
            if size > limits.maxPaxHeaderSize {
                throw ArchiveError(
                    .tooLarge,
                    "the global pax records in effect at offset \(offset) total \(ByteCount(size)), "
                        + "over the limit of \(ByteCount(limits.maxPaxHeaderSize))"
                )
            }
        case .longName, .longLink:
            let name = extendedBuffer.withUnsafeBytes { data in
                TarHeader.string(data, 0..<data.count)
            }
            if kind == .longName { pending.longName = name } else { pending.longLink = name }
        }
    }

    /// Builds the entry for a member header, applying pending extensions, and clears them.
    mutating func makeEntry(_ header: UnsafeRawBufferPointer, at blockOffset: Int64) throws(ArchiveError) -> TarEntry {
        let format = TarHeader.format(of: header)
        func number(_ range: Range<Int>, _ field: String) throws(ArchiveError) -> Int64 {
            guard let value = TarHeader.number(header, range) else {
                let raw = TarHeader.string(header, range)
                throw ArchiveError(
                    .corrupt, "the tar header at offset \(blockOffset) has an invalid \(field) field \"\(raw)\"")
            }
            return value
        }

        var path = TarHeader.string(header, TarHeader.name)
        let prefixRange: Range<Int>? =
            switch format {
            case .ustar: TarHeader.prefix
            case .star: TarHeader.starPrefix
            case .gnu, .v7: nil
            }
        if let prefixRange, header[prefixRange.lowerBound] != 0 {
            path = TarHeader.string(header, prefixRange) + "/" + path
        }
        let typeflag = header[TarHeader.typeflag]
        var entry = TarEntry(
            path: path,
            kind: TarEntry.Kind(typeflag: typeflag),
            size: try number(TarHeader.size, "size"),
            mode: UInt32(truncatingIfNeeded: try number(TarHeader.mode, "mode")),
            uid: Int(try number(TarHeader.uid, "uid")),
            gid: Int(try number(TarHeader.gid, "gid")),
            linkName: TarHeader.string(header, TarHeader.linkName),
            modificationTime: try number(TarHeader.mtime, "mtime")
        )
        if format != .v7 {
            entry.userName = TarHeader.string(header, TarHeader.userName)
            entry.groupName = TarHeader.string(header, TarHeader.groupName)
            if entry.kind == .characterDevice || entry.kind == .blockDevice {
                entry.deviceMajor = Int(try number(TarHeader.deviceMajor, "devmajor"))
                entry.deviceMinor = Int(try number(TarHeader.deviceMinor, "devminor"))
            }
        }

        // pax: global records, overridden (or unset, by an empty value) by this member's records.
        var records = globalRecords
        for (key, value) in pending.paxRecords {
            if value.isEmpty { records[key] = nil } else { records[key] = value }
        }
        try apply(records, to: &entry, at: blockOffset)
        entry.paxRecords = records
        // GNU long names win over pax, as in Go's archive/tar.
        if let longName = pending.longName { entry.path = longName }
        if let longLink = pending.longLink { entry.linkName = longLink }
        pending = PendingExtensions()

        if typeflag == 0 && entry.path.hasSuffix("/") { entry.kind = .directory }
        if entry.size < 0 {
            throw ArchiveError(
                .corrupt, "the tar header for \(entry.path) at offset \(blockOffset) has a negative size")
        }
        if entry.kind.isHeaderOnly { entry.size = 0 }
        return entry
    }

    private func apply(_ records: [String: String], to entry: inout TarEntry, at blockOffset: Int64)
        throws(ArchiveError)
    {
        guard !records.isEmpty else { return }
        func invalid(_ key: String, _ value: String) -> ArchiveError {
            ArchiveError(
                .corrupt, "the pax header for the member at offset \(blockOffset) has an invalid \(key) \"\(value)\"")
        }
        for (key, value) in records {
            switch key {
            case "path": entry.path = value
            case "linkpath": entry.linkName = value
            case "uname": entry.userName = value
            case "gname": entry.groupName = value
            case "size":
                guard let size = PaxRecords.integer(value) else { throw invalid(key, value) }
                entry.size = size
            case "uid":
                guard let uid = PaxRecords.integer(value) else { throw invalid(key, value) }
                entry.uid = Int(uid)
            case "gid":
                guard let gid = PaxRecords.integer(value) else { throw invalid(key, value) }
                entry.gid = Int(gid)
            case "mtime":
                guard let seconds = PaxRecords.seconds(value) else { throw invalid(key, value) }
                entry.modificationTime = seconds
            default:
                break
            }
        }
    }
}
