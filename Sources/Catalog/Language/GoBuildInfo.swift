/// The build information of a Go executable, from the extract ``GoBuildInfoProbe`` keeps: the toolchain version
/// and the module information (`runtime/debug.BuildInfo` in text form: `path`, `mod`, `dep`, `=>`, `build` lines).
struct GoBuildInfo: Sendable, Hashable {
    /// Why an extract cannot be read.
    struct ParseError: Error, Sendable, CustomStringConvertible, Equatable {
        var description: String
    }

    struct Module: Sendable, Hashable {
        var path: String
        var version: String
        var sum: String = ""
        /// The `=>` replacement, if any.
        var replacePath: String?
        var replaceVersion: String?
    }

    /// `go1.22.1` (possibly followed by ` X:experiment`).
    var goVersion: String
    /// The main package's import path.
    var path = ""
    var main: Module?
    var deps: [Module] = []
    /// `build` settings in file order (`-compiler=gc`, `GOOS=linux`, `vcs.revision=…`).
    var settings: [(key: String, value: String)] = []

    func setting(_ key: String) -> String? {
        settings.first { $0.key == key }?.value
    }

    static func == (lhs: GoBuildInfo, rhs: GoBuildInfo) -> Bool {
        lhs.goVersion == rhs.goVersion && lhs.path == rhs.path && lhs.main == rhs.main && lhs.deps == rhs.deps
            && lhs.settings.elementsEqual(rhs.settings, by: ==)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(goVersion)
        hasher.combine(main)
        hasher.combine(deps)
    }

    /// The sentinels the toolchain wraps module information in (16 bytes each side).
    static let infoSentinelLength = 16

    /// Parses an extract that starts with the build-info header.
    init(extract bytes: [UInt8]) throws(ParseError) {
        guard bytes.count >= 32, GoBuildInfoSession.isHeader(bytes[...]) else {
            throw ParseError(description: "the Go build-info header is missing or damaged")
        }
        guard bytes[15] & 0x2 != 0 else {
            throw ParseError(description: "Go binary built before 1.18 (pointer-based build info): not supported")
        }
        var position = 32
        func string() throws(ParseError) -> [UInt8] {
            guard let (length, width) = Self.uvarint(bytes, at: position),
                length <= UInt64(bytes.count - position - width)
            else { throw ParseError(description: "the Go build-info strings are truncated") }
            let start = position + width
            position = start + Int(length)
            return Array(bytes[start..<position])
        }
        goVersion = String(decoding: try string(), as: UTF8.self)
        var info = try string()
        // Module information is framed by 16-byte sentinels and ends with a newline before the closing one.
        let sentinel = Self.infoSentinelLength
        if info.count >= 2 * sentinel + 1, info[info.count - sentinel - 1] == UInt8(ascii: "\n") {
            info = Array(info[sentinel..<(info.count - sentinel)])
        } else {
            info = []
        }
        parseModuleInfo(String(decoding: info, as: UTF8.self))
    }

    private mutating func parseModuleInfo(_ text: String) {
        var lastWasMain = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard let kind = fields.first else { continue }
            let rest = Array(fields.dropFirst())
            switch kind {
            case "go": goVersion = rest.first ?? goVersion
            case "path": path = rest.joined(separator: "\t")
            case "mod":
                main = Self.module(rest)
                lastWasMain = true
            case "dep":
                if let module = Self.module(rest) { deps.append(module) }
                lastWasMain = false
            case "=>":
                guard rest.count >= 2 else { continue }
                if lastWasMain {
                    main?.replacePath = rest[0]
                    main?.replaceVersion = rest[1]
                } else if !deps.isEmpty {
                    deps[deps.count - 1].replacePath = rest[0]
                    deps[deps.count - 1].replaceVersion = rest[1]
                }
            case "build":
                let setting = rest.joined(separator: "\t")
                if let (key, value) = Self.buildSetting(setting) { settings.append((key, value)) }
            default:
                continue
            }
        }
    }

    private static func module(_ fields: [String]) -> Module? {
        guard fields.count >= 2, !fields[0].isEmpty else { return nil }
        return Module(path: fields[0], version: fields[1], sum: fields.count >= 3 ? fields[2] : "")
    }

    /// `KEY=VALUE`, either side possibly a Go-quoted string.
    static func buildSetting(_ text: String) -> (String, String)? {
        var rest = Substring(text)
        guard let key = quotedOrUntil(&rest, stop: "="), rest.first == "=" else { return nil }
        rest = rest.dropFirst()
        let value = rest.first == "\"" ? (quotedOrUntil(&rest, stop: "\u{0}") ?? String(rest)) : String(rest)
        return (key, value)
    }

    private static func quotedOrUntil(_ rest: inout Substring, stop: Character) -> String? {
        guard rest.first == "\"" else {
            let end = rest.firstIndex(of: stop) ?? rest.endIndex
            defer { rest = rest[end...] }
            return String(rest[..<end])
        }
        var out = ""
        var index = rest.index(after: rest.startIndex)
        while index < rest.endIndex {
            let character = rest[index]
            if character == "\"" {
                rest = rest[rest.index(after: index)...]
                return out
            }
            if character == "\\", rest.index(after: index) < rest.endIndex {
                index = rest.index(after: index)
                switch rest[index] {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(rest[index])
                }
            } else {
                out.append(character)
            }
            index = rest.index(after: index)
        }
        return nil
    }

    /// An unsigned LEB128 varint (Go's `binary.Uvarint`) at `position`: its value and width, or nil.
    static func uvarint(_ bytes: [UInt8], at position: Int) -> (UInt64, Int)? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var index = position
        while index < bytes.count && index - position < 10 {
            let byte = bytes[index]
            value |= UInt64(byte & 0x7F) << shift
            index += 1
            if byte & 0x80 == 0 { return (value, index - position) }
            shift += 7
        }
        return nil
    }
}
