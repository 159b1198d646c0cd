/// Encoding and decoding of pax extended header records: `"%d %s=%s\n"`, where the decimal
/// length counts the whole record including itself.
/// https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_03
enum PaxRecords {
    /// Keys whose values name things and therefore may not contain NUL.
    private static let nameKeys: Set<String> = ["path", "linkpath", "uname", "gname"]

    /// Parses the records of an extended header's contents, in order.
    /// - Parameter where: Where the header is, for error messages.
    static func parse(_ data: UnsafeRawBufferPointer, where location: String) throws(ArchiveError)
        -> [(key: String, value: String)]
    {
        var records: [(key: String, value: String)] = []
        var position = 0
        while position < data.count {
            // Trailing NUL padding after the last record is tolerated (some writers add it).
            if data[position] == 0 {
                var rest = position
                while rest < data.count && data[rest] == 0 { rest += 1 }
                if rest == data.count { break }
            }
            var cursor = position
            var length = 0
            while cursor < data.count, case let byte = data[cursor], byte >= 0x30 && byte <= 0x39 {
                length = length * 10 + Int(byte - 0x30)
                cursor += 1
                if length > data.count { break }
            }
            guard cursor > position, cursor < data.count, data[cursor] == 0x20,
                length > cursor - position + 1, position + length <= data.count,
                data[position + length - 1] == 0x0a
            else {
                throw ArchiveError(.corrupt, "\(location) has a malformed pax record at byte \(position)")
            }
            let keyStart = cursor + 1
            let recordEnd = position + length - 1  // the newline
            var equals = keyStart
            while equals < recordEnd && data[equals] != 0x3d { equals += 1 }
            guard equals < recordEnd, equals > keyStart else {
                throw ArchiveError(.corrupt, "\(location) has a pax record without a key at byte \(position)")
            }
            let key = TarHeader.decode(UnsafeRawBufferPointer(rebasing: data[keyStart..<equals]))
            let valueBytes = UnsafeRawBufferPointer(rebasing: data[(equals + 1)..<recordEnd])
            if nameKeys.contains(key) && valueBytes.contains(0) {
                throw ArchiveError(.corrupt, "\(location) has a pax \(key) record containing a NUL byte")
            }
            records.append((key, TarHeader.decode(valueBytes)))
            position += length
        }
        return records
    }

    /// Encodes records, sorted by key so output is deterministic.
    static func encode(_ records: [String: String]) -> [UInt8] {
        var output: [UInt8] = []
        for (key, value) in records.sorted(by: { $0.key < $1.key }) {
            let body = " \(key)=\(value)\n".utf8.count
            // The length field counts its own digits: find the fixed point.
            var length = body + String(body).utf8.count
            if String(length).utf8.count + body != length { length = body + String(length).utf8.count }
            output.append(contentsOf: "\(length) \(key)=\(value)\n".utf8)
        }
        return output
    }

    /// Parses a pax decimal integer (`size`, `uid`, `gid`): digits only, no sign.
    static func integer(_ value: String) -> Int64? {
        guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(value)
    }

    /// Parses a pax time (`mtime`): `[-]seconds[.fraction]`, floored to whole seconds.
    static func seconds(_ value: String) -> Int64? {
        var text = Substring(value)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, let seconds = integer(String(whole)) else { return nil }
        var hasFraction = false
        if parts.count == 2 {
            guard parts[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            hasFraction = parts[1].utf8.contains { $0 != 0x30 }
        }
        guard negative else { return seconds }
        return -seconds - (hasFraction ? 1 : 0)
    }
}
