import Layers

/// The header of a Python core-metadata file (`METADATA`, `PKG-INFO`, an `.egg-info` file), read the way syft's
/// `python-installed-package-cataloger` reads it so that the package list matches syft's:
/// `Key: value` lines up to the first blank line after a field, continuation lines start with a space, keys lose
/// their dashes (`License-Expression` → `LicenseExpression`) and are matched case-insensitively, a repeated
/// key keeps its last value (all values are kept here, in order).
struct PythonMetadata: Sendable, Hashable {
    /// A metadata file that cannot be read as headers.
    struct ParseError: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// Values by dash-less key, in file order.
    private(set) var fields: [String: [String]] = [:]

    /// Parses the header block; the description after the first blank line is never read.
    init(_ bytes: [UInt8]) throws(ParseError) {
        var key: String?
        for line in TextLines.split(bytes) {
            if line.isEmpty {
                if !fields.isEmpty { break }
                continue
            }
            if line.hasPrefix(" ") {
                guard let current = key, var values = fields[current], !values.isEmpty else {
                    throw ParseError(description: "a continuation line comes before any field: \(line.prefix(80))")
                }
                values[values.count - 1] += "\n " + TextLines.trim(line)
                fields[current] = values
                continue
            }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { continue }
            let name = String(TextLines.trim(line[..<colon]).filter { $0 != "-" })
            fields[name, default: []].append(TextLines.trim(line[line.index(after: colon)...]))
            key = name
        }
    }

    /// The last value of a field, by its dash-less name (`Name`, `Version`, `LicenseExpression`), matched exactly
    /// first and then ignoring case.
    func value(_ name: String) -> String? {
        values(name).last
    }

    /// All values of a field, in file order.
    func values(_ name: String) -> [String] {
        if let exact = fields[name] { return exact }
        let lowered = name.lowercased()
        return fields.first { $0.key.lowercased() == lowered }?.value ?? []
    }

    /// The declared licenses: `License-Expression`, else a one-line `License` (not `UNKNOWN`), else the names
    /// from `Classifier: License :: …` lines.
    var licenses: [String] {
        if let expression = value("LicenseExpression"), !expression.isEmpty { return [expression] }
        if let license = value("License"), !license.isEmpty, !license.contains("\n"), license.count <= 200,
            license.uppercased() != "UNKNOWN"
        {
            return [license]
        }
        var names: [String] = []
        for classifier in values("Classifier") where classifier.hasPrefix("License ::") {
            let parts = classifier.split(separator: "::")
            guard let last = parts.last.map(TextLines.trim), !last.isEmpty, last != "OSI Approved",
                !names.contains(last)
            else { continue }
            names.append(last)
        }
        return names
    }
}

/// Python `RECORD` (CSV: path, hash, size) and `installed-files.txt` (one path a line) parsing.
enum PythonRecord {
    /// The paths listed in a RECORD file, resolved against the site-packages directory.
    static func paths(record bytes: [UInt8], root: String) -> [String] {
        TextLines.split(bytes).compactMap { line -> String? in
            guard let field = firstCSVField(line), !field.isEmpty else { return nil }
            return PathCleaner.join(root, field)
        }
    }

    /// The paths listed in an `installed-files.txt`, relative to the `.egg-info` directory that holds it.
    static func paths(installedFiles bytes: [UInt8], directory: String) -> [String] {
        TextLines.split(bytes).compactMap { line -> String? in
            let path = TextLines.trim(line)
            return path.isEmpty ? nil : PathCleaner.join(directory, path)
        }
    }

    /// The first field of a CSV line (double quotes quote, `""` is a quote inside quotes).
    static func firstCSVField(_ line: String) -> String? {
        guard line.hasPrefix("\"") else {
            return line.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
        }
        var field = ""
        var iterator = line.dropFirst().makeIterator()
        while let character = iterator.next() {
            if character == "\"" {
                guard let next = iterator.next() else { return field }
                if next == "\"" { field.append("\"") } else { return field }
            } else {
                field.append(character)
            }
        }
        return nil  // an unterminated quote
    }
}
