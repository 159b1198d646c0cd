/// Line splitting as Go's `bufio.Scanner` does it for the peers whose output we mirror: lines end at `\n`, a
/// trailing `\r` is dropped, and a line of 64 KiB or more stops the scan (the scanner's token limit).
enum TextLines {
    static let maxLine = 64 * 1024

    /// The lines of a file (decoded as UTF-8, invalid bytes replaced), stopping before an over-long line.
    static func split(_ bytes: [UInt8]) -> [String] {
        var lines: [String] = []
        var start = 0
        var index = 0
        let count = bytes.count
        while start < count {
            index = start
            while index < count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            var end = index
            if end - start >= maxLine { break }
            if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            lines.append(String(decoding: bytes[start..<end], as: UTF8.self))
            start = index + 1
        }
        return lines
    }

    /// Trims ASCII and Unicode whitespace at both ends.
    static func trim(_ text: some StringProtocol) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
