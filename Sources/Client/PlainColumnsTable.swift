/// The table anchore-cli prints: PrettyTable 2.x in its `PLAIN_COLUMNS` style, left aligned.
///
/// Each cell is the value's Python `str()`, padded to the column width and followed by eight
/// spaces (the style's right padding), with no border, no rules and no separator between
/// columns; trailing spaces are kept. An empty table renders as the empty string. Sorting by a
/// column compares whole rows the way Python compares lists (the sort column first, then every
/// column left to right), stably; a reverse sort keeps equal rows in their original order.
public struct PlainColumnsTable: Sendable {
    public let header: [String]
    public private(set) var rows: [[JSONValue]] = []

    static let rightPadding = 8

    public init(_ header: [String]) { self.header = header }

    public mutating func add(_ row: [JSONValue]) { rows.append(row) }

    /// `get_string()`, or `get_string(sortby=…, reversesort=…)`; throws when Python could not
    /// order the values (e.g. a number against a string).
    public func render(sortBy column: String? = nil, reverse: Bool = false) throws(ClientError) -> String {
        guard !rows.isEmpty else { return "" }
        var ordered = rows
        if let column, let sortIndex = header.firstIndex(of: column) {
            ordered = try Self.pythonSorted(rows, by: sortIndex, reverse: reverse)
        }
        let cells = ordered.map { $0.map(\.pythonString) }
        var widths = header.map { Self.cellWidth($0) }
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Self.cellWidth(cell))
            }
        }
        var lines = [renderRow(header, widths: widths)]
        for row in cells { lines.append(renderRow(row, widths: widths)) }
        return lines.joined(separator: "\n")
    }

    /// One row; a cell with newlines makes the row several lines tall (top aligned).
    private func renderRow(_ row: [String], widths: [Int]) -> String {
        let cellLines = zip(row, widths).map { cell, _ in cell.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        let height = cellLines.map(\.count).max() ?? 1
        var lines: [String] = []
        for y in 0..<height {
            var line = ""
            for (lines, width) in zip(cellLines, widths) {
                let text = y < lines.count ? lines[y] : ""
                line += text + String(repeating: " ", count: max(0, width - Self.blockWidth(text)) + Self.rightPadding)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Python's stable `sort(key=[row[i]] + row, reverse=…)`.
    static func pythonSorted(_ rows: [[JSONValue]], by column: Int, reverse: Bool) throws(ClientError) -> [[JSONValue]] {
        let keyed = rows.enumerated().map { (offset: $0.offset, key: [$0.element[column]] + $0.element, row: $0.element) }
        do {
            let sorted = try keyed.sorted { lhs, rhs in
                let order = try PythonOrder.compare(lhs.key, rhs.key)
                if order == 0 { return lhs.offset < rhs.offset }
                return reverse ? order > 0 : order < 0
            }
            return sorted.map(\.row)
        } catch let error as ClientError {
            throw error
        } catch {
            throw ClientError(.invalidResponse, "\(error)")
        }
    }

    /// The columns a cell takes: its widest line (a cell with newlines is several lines tall, as PrettyTable sizes it).
    static func cellWidth(_ text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { blockWidth(String($0)) }.max() ?? 0
    }

    /// The columns a string takes in a terminal (wcwidth): wide East Asian characters count 2,
    /// combining marks and zero-width characters 0.
    static func blockWidth(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: continue
            default: break
            }
            let value = scalar.value
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1F64F).contains(value)
                || (0x1F900...0x1F9FF).contains(value) || (0x20000...0x3FFFD).contains(value)
            width += wide ? 2 : 1
        }
        return width
    }
}

/// Python 3's ordering of JSON-ish values: numbers (and booleans) by value, strings by code
/// point, lists element by element; other mixes raise `TypeError`.
enum PythonOrder {
    /// -1, 0 or 1; throws Python's TypeError text when the values cannot be ordered.
    static func compare(_ lhs: [JSONValue], _ rhs: [JSONValue]) throws(ClientError) -> Int {
        for (left, right) in zip(lhs, rhs) where !equal(left, right) {
            return try compare(left, right)
        }
        return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
    }

    static func compare(_ lhs: JSONValue, _ rhs: JSONValue) throws(ClientError) -> Int {
        if let left = number(lhs), let right = number(rhs) {
            return left == right ? 0 : (left < right ? -1 : 1)
        }
        switch (lhs, rhs) {
        case (.string(let left), .string(let right)):
            if left == right { return 0 }
            return left.unicodeScalars.lexicographicallyPrecedes(right.unicodeScalars) ? -1 : 1
        case (.array(let left), .array(let right)):
            return try compare(left, right)
        default:
            if equal(lhs, rhs) { return 0 }
            throw ClientError(
                .invalidResponse,
                "'<' not supported between instances of '\(typeName(lhs))' and '\(typeName(rhs))'")
        }
    }

    /// Python `==` (1 == 1.0 == True).
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if let left = number(lhs), let right = number(rhs) { return left == right }
        switch (lhs, rhs) {
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { equal($0, $1) }
        default:
            return lhs == rhs
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        case .bool(let flag): flag ? 1 : 0
        default: nil
        }
    }

    /// Python's type name for a JSON value.
    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "NoneType"
        case .bool: "bool"
        case .int: "int"
        case .double: "float"
        case .string: "str"
        case .array: "list"
        case .object: "dict"
        }
    }
}
