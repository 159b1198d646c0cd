import Foundation

/// The table `policy describe` prints: PrettyTable with `hrules=ALL`, left aligned — a `+---+` rule above and
/// below the header and after every row, `| cell |` with one space of padding, multi-line cells top aligned.
public struct BorderedTable: Sendable {
    public let header: [String]
    public private(set) var rows: [[JSONValue]] = []

    public init(_ header: [String]) { self.header = header }

    public mutating func add(_ row: [JSONValue]) { rows.append(row) }

    /// `get_string(sortby=…, print_empty=True)`.
    public func render(sortBy column: String? = nil) throws(ClientError) -> String {
        var ordered = rows
        if let column, let index = header.firstIndex(of: column) {
            ordered = try PlainColumnsTable.pythonSorted(rows, by: index, reverse: false)
        }
        let cells = ordered.map { $0.map(\.pythonString) }
        var widths = header.map { PlainColumnsTable.blockWidth($0) }
        for row in cells {
            for (i, cell) in row.enumerated() where i < widths.count {
                for line in cell.split(separator: "\n", omittingEmptySubsequences: false) {
                    widths[i] = max(widths[i], PlainColumnsTable.blockWidth(String(line)))
                }
            }
        }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+"
        var lines = [rule, line(header, widths), rule]
        for row in cells {
            lines.append(line(row, widths))
            lines.append(rule)
        }
        return lines.joined(separator: "\n")
    }

    private func line(_ row: [String], _ widths: [Int]) -> String {
        let split = row.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        let height = split.map(\.count).max() ?? 1
        return (0..<height).map { y in
            "|" + zip(split, widths).map { lines, width in
                let text = y < lines.count ? lines[y] : ""
                return " " + text + String(repeating: " ", count: max(0, width - PlainColumnsTable.blockWidth(text))) + " "
            }.joined(separator: "|") + "|"
        }.joined(separator: "\n")
    }
}

/// anchore-cli's `string_splitter`: words joined with spaces, a new line before a word that would make the
/// line `max_length` or longer; the result stripped.
func stringSplitter(_ input: String, maxLength: Int = 40) -> String {
    var chunks: [String] = []
    var chunk = ""
    for piece in input.split(separator: " ", omittingEmptySubsequences: false) {
        if chunk.count + piece.count < maxLength {
            chunk = chunk + " " + piece
        } else {
            chunks.append(chunk)
            chunk = String(piece)
        }
    }
    chunks.append(chunk)
    return chunks.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
}
