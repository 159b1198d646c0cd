/// Licenses from `/usr/share/doc/PACKAGE/copyright`, as syft reads them: the first word of every `License:` line
/// of a machine-readable (DEP-5) file, plus every `/usr/share/common-licenses/NAME` the file points at.
/// Bounded: files are capped by their capture rule, results at 64 names. Works on bytes: an image has one such
/// file per package, and the scan runs on every analysis.
enum DpkgCopyright {
    static let maxLicenses = 64
    private static let licenseField = Array("License: ".utf8)
    private static let formatField = Array("Format:".utf8)
    private static let commonLicenses = Array("/usr/share/common-licenses/".utf8)
    private static let formatMarkers = [Array("copyright-format".utf8), Array("dep.debian.net/deps/dep5".utf8)]

    static func licenses(_ text: String) -> [String] {
        licenses(Array(text.utf8))
    }

    static func licenses(_ bytes: [UInt8]) -> [String] {
        var found: Set<String> = []
        var machineReadable: Bool?
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count, found.count < maxLicenses {
                var end = start
                while end < all.count, all[end] != 0x0A { end += 1 }
                var lineEnd = end
                if lineEnd > start, all[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = UnsafeBufferPointer(rebasing: all[start..<lineEnd])
                if machineReadable == nil, line.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                    machineReadable = line.starts(with: formatField) && formatMarkers.contains { contains(line, $0) }
                }
                if machineReadable == true, line.starts(with: licenseField) {
                    let word = line.dropFirst(licenseField.count).prefix { $0 != 0x20 && $0 != 0x09 }
                    if let name = clean(word) { found.insert(name) }
                }
                var offset = 0
                while let hit = firstIndex(of: commonLicenses, in: line, from: offset) {
                    let nameStart = hit + commonLicenses.count
                    let name = line[nameStart...].prefix { isNameByte($0) }
                    if let name = clean(name) { found.insert(name) }
                    offset = nameStart
                }
                start = end + 1
            }
        }
        return found.sorted().prefix(maxLicenses).map { $0 }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x5F || byte == 0x2E || byte == 0x2D
    }

    private static func contains(_ line: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        firstIndex(of: needle, in: line, from: 0) != nil
    }

    private static func firstIndex(of needle: [UInt8], in line: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard needle.count <= line.count else { return nil }
        var index = from
        let first = needle[0]
        while index + needle.count <= line.count {
            if line[index] == first, line[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private static func clean(_ word: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        var bytes = Array(word)
        while bytes.last == 0x2E { bytes.removeLast() }
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let name = String(decoding: bytes, as: UTF8.self)
        return name.lowercased() == "none" ? nil : name
    }
}
