import Layers

/// One package of apk's installed database (`/lib/apk/db/installed`): paragraphs of `X:value` lines separated
/// by empty lines (see the apk spec: `P` name, `V` version, `A` arch, `o` origin, `L` license, `T` description,
/// `F` a directory and the `R` files under it, …).
struct ApkEntry: Sendable, Hashable {
    var name = ""
    var version = ""
    var architecture = ""
    var origin = ""
    var license = ""
    var description = ""
    var maintainer = ""
    var url = ""
    /// Owned regular files (`R:` under the latest `F:`), cleaned absolute paths.
    var files: [String] = []
    /// The 1-based line the paragraph starts on.
    var line = 0

    /// Parses the whole database; unreadable lines and paragraphs without a `P:` line are reported, the rest kept.
    static func parse(_ text: String) -> (entries: [ApkEntry], problems: [String]) {
        var entries: [ApkEntry] = []
        var problems: [String] = []
        var current = ApkEntry()
        var directory = "/"
        var inProgress = false
        var lineNumber = 0

        func finish() {
            if inProgress {
                if current.name.isEmpty {
                    problems.append("line \(current.line): a package without a P: line; skipped")
                } else {
                    entries.append(current)
                }
            }
            current = ApkEntry()
            directory = "/"
            inProgress = false
        }

        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty {
                finish()
                continue
            }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                problems.append("line \(lineNumber): not a field: \(String(line.prefix(80)))")
                continue
            }
            let key = line[..<colon]
            let value = String(line[line.index(after: colon)...])
            guard !value.isEmpty else { continue }
            if !inProgress {
                inProgress = true
                current.line = lineNumber
            }
            switch key {
            case "P": current.name = value
            case "V": current.version = value
            case "A": current.architecture = value
            case "o": current.origin = value
            case "L": current.license = value
            case "T": current.description = value
            case "m": current.maintainer = value
            case "U": current.url = value
            case "F": directory = PathCleaner.join("/", value)
            case "R":
                let path = PathCleaner.join(directory, value)
                if path != "/" { current.files.append(path) }
            default: break
            }
        }
        finish()
        return (entries, problems)
    }
}
