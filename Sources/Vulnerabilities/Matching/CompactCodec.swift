public import Catalog
public import Foundation

/// A compact line format for what the service stores per image (the package list it re-matches, the report
/// it diffs): tab-separated fields, one record per line, `\\`, tab and newline escaped. Re-matching thousands of
/// images reads and writes these, so they must be much cheaper than JSON; the report's text is also canonical,
/// so its hash tells whether a result changed without reading the old one.
public enum CompactCodec {
    public struct DecodingError: Error, CustomStringConvertible {
        public var description: String
    }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A }) else { return text }
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    static func unescape(_ text: Substring) -> String {
        guard text.utf8.contains(0x5C) else { return String(text) }
        var out = ""
        var escaped = false
        for c in text {
            if escaped {
                out.append(c == "t" ? "\t" : c == "n" ? "\n" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// An optional string: empty for nil, `=` + the text otherwise.
    static func optional(_ text: String?) -> String { text.map { "=" + escape($0) } ?? "" }
    static func optional(_ field: Substring) -> String? { field.isEmpty ? nil : unescape(field.dropFirst()) }

    static func list(_ items: [String]) -> String {
        items.map { item in
            let escaped = escape(item)
            guard escaped.utf8.contains(0x2C) else { return escaped }
            return escaped.split(separator: ",", omittingEmptySubsequences: false).joined(separator: "\\,")
        }.joined(separator: ",")
    }
    static func list(_ field: Substring) -> [String] {
        guard !field.isEmpty else { return [] }
        if !field.utf8.contains(0x5C) {
            return split(field, on: 0x2C, keepingEmpty: true).map(String.init)
        }
        var items: [String] = []
        var current = ""
        var escaped = false
        for c in field {
            if escaped {
                current.append(c == "t" ? "\t" : c == "n" ? "\n" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "," {
                items.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        items.append(current)
        return items
    }

    /// Splits on tabs by bytes (tab is ASCII, so every cut is on a character boundary and the pieces are slices
    /// of the line, not copies) — much cheaper than Character splitting.
    static func fields(_ line: Substring) -> [Substring] { split(line, on: 0x09, keepingEmpty: true) }

    static func lines(_ data: Data) -> [Substring] {
        let text = String(decoding: data, as: UTF8.self)
        return split(text[...], on: 0x0A, keepingEmpty: false)
    }

    static func split(_ text: Substring, on separator: UInt8, keepingEmpty: Bool) -> [Substring] {
        let utf8 = text.utf8
        // Scan the bytes in place and cut by offsets: stepping a UTF-8 view's index byte by byte costs several
        // times the scan (this splits every line and field of every stored report the policy engine reads).
        let fast = utf8.withContiguousStorageIfAvailable { buffer -> [Substring] in
            var pieces: [Substring] = []
            let base = utf8.startIndex
            var start = 0
            for offset in 0..<buffer.count where buffer[offset] == separator {
                if keepingEmpty || start != offset {
                    pieces.append(text[utf8.index(base, offsetBy: start)..<utf8.index(base, offsetBy: offset)])
                }
                start = offset + 1
            }
            if keepingEmpty || start != buffer.count { pieces.append(text[utf8.index(base, offsetBy: start)..<utf8.endIndex]) }
            return pieces
        }
        if let fast { return fast }
        var pieces: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == separator {
                if keepingEmpty || start != index { pieces.append(text[start..<index]) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if keepingEmpty || start != utf8.endIndex { pieces.append(text[start..<utf8.endIndex]) }
        return pieces
    }
}

extension MatchInput {
    /// `I1` + distro fields, then one `P` line per package.
    public func compactEncoded() -> Data {
        typealias C = CompactCodec
        var out = "I1"
        if let d = distro {
            out += "\t=\(C.escape(d.id))\t\(C.escape(d.version))\t\(C.optional(d.prettyName))\t\(C.list(d.idLike))\t\(C.escape(d.namespace))"
            // A seventh field only for an image on a Red Hat extended-support stream, so every other input keeps its bytes.
            if let channel = d.channel { out += "\t\(C.escape(channel))" }
        }
        out += "\n"
        for p in packages {
            out += "P\t\(p.type.rawValue)\t\(C.escape(p.name))\t\(C.escape(p.version))\t\(C.optional(p.sourceName))\t\(C.optional(p.sourceVersion))\t\(C.optional(p.mavenName))\t\(C.escape(p.path))"
            // A ninth field only for modular rpms, so every other input keeps its bytes.
            if let module = p.module { out += "\t\(C.escape(module))" }
            out += "\n"
        }
        return Data(out.utf8)
    }

    public init(compact data: Data) throws {
        typealias C = CompactCodec
        let lines = C.lines(data)
        guard let head = lines.first, head.hasPrefix("I1") else { throw C.DecodingError(description: "not a compact match input") }
        let h = C.fields(head)
        var distro: Distro?
        if h.count == 6 || h.count == 7, let id = C.optional(h[1]) {
            distro = Distro(
                id: id, version: C.unescape(h[2]), prettyName: C.optional(h[3]), idLike: C.list(h[4]), namespace: C.unescape(h[5]),
                channel: h.count == 7 ? C.unescape(h[6]) : nil)
        }
        var packages: [MatchPackage] = []
        packages.reserveCapacity(lines.count - 1)
        for line in lines.dropFirst() {
            let f = C.fields(line)
            guard f.count == 8 || f.count == 9, f[0] == "P", let type = PackageType(rawValue: String(f[1])) else {
                throw C.DecodingError(description: "a malformed package line in a compact match input")
            }
            packages.append(
                MatchPackage(
                    type: type, name: C.unescape(f[2]), version: C.unescape(f[3]), sourceName: C.optional(f[4]),
                    sourceVersion: C.optional(f[5]), mavenName: C.optional(f[6]), path: C.unescape(f[7]),
                    module: f.count == 9 ? C.unescape(f[8]) : nil))
        }
        self.init(distro: distro, packages: packages)
    }
}

extension MatchReport {
    /// `R1`, os namespace, unparsed count; `W` warnings; `U` unparsed packages; `M` matches. Canonical: equal
    /// reports, equal bytes.
    public func compactEncoded() -> Data {
        typealias C = CompactCodec
        func scores(_ list: [ScoreSummary]) -> String {
            list.map { s in
                "\(C.escape(s.id))|\(s.cvssV2.baseScore),\(s.cvssV2.exploitabilityScore),\(s.cvssV2.impactScore)|\(s.cvssV3.baseScore),\(s.cvssV3.exploitabilityScore),\(s.cvssV3.impactScore)"
            }.joined(separator: ";")
        }
        var out = "R1\t\(C.optional(osNamespace))\t\(unparsedVersions)\n"
        for warning in warnings { out += "W\t\(C.escape(warning))\n" }
        for package in unparsedPackages { out += "U\t\(C.escape(package.name))\t\(C.escape(package.version))\t\(C.escape(package.path))\n" }
        for m in matches {
            out += "M\t\(C.escape(m.id))\t\(C.list(m.aliases))\t\(C.escape(m.packageName))\t\(C.escape(m.packageVersion))\t\(C.escape(m.packageType))\t\(C.escape(m.packagePath))\t\(C.list(m.fixedVersions))\t\(m.fixState.rawValue)\t\(C.optional(m.fixStateDetail))\t\(C.escape(m.severity))\t\(C.escape(m.url))\t\(C.escape(m.namespace))\t\(C.escape(m.feed))\t\(scores(m.nvd))\t\(scores(m.vendor))\n"
        }
        return Data(out.utf8)
    }

    /// Decodes ``compactEncoded()`` by byte offsets (no substrings, no per-line arrays): every policy evaluation
    /// of an image decodes its report, hundreds of matches of sixteen fields each.
    public init(compact data: Data) throws {
        typealias C = CompactCodec
        self = try data.withUnsafeBytes { raw throws -> MatchReport in
            var reader = CompactReader(raw.bindMemory(to: UInt8.self))
            guard reader.nextLine(), reader.fields.count == 3, reader.text(0) == "R1", let unparsed = Int(reader.text(2)) else {
                throw C.DecodingError(description: "not a compact match report")
            }
            var report = MatchReport(osNamespace: reader.optional(1), unparsedVersions: unparsed)
            while reader.nextLine() {
                let kind = reader.fields.first.map { reader.bytes[$0.lowerBound] }
                switch (kind, reader.fields.count) {
                case (UInt8(ascii: "W"), 2): report.warnings.append(reader.string(1))
                case (UInt8(ascii: "U"), 4):
                    report.unparsedPackages.append(.init(name: reader.string(1), version: reader.string(2), path: reader.string(3)))
                case (UInt8(ascii: "M"), 16):
                    guard let state = FixState(rawValue: reader.text(8)) else { throw C.DecodingError(description: "unknown fix state \(reader.text(8))") }
                    report.matches.append(
                        VulnerabilityMatch(
                            id: reader.string(1), aliases: reader.list(2), packageName: reader.string(3), packageVersion: reader.string(4),
                            packageType: reader.string(5), packagePath: reader.string(6), fixedVersions: reader.list(7), fixState: state,
                            fixStateDetail: reader.optional(9), severity: reader.string(10), url: reader.string(11),
                            namespace: reader.string(12), feed: reader.string(13), nvd: try reader.scores(14), vendor: try reader.scores(15)))
                default:
                    throw C.DecodingError(description: "a malformed line in a compact match report")
                }
            }
            return report
        }
    }
}

extension MatchReport {
    /// A stable 64-bit FNV-1a hash of everything the report says (hex): equal reports, equal fingerprints,
    /// across processes. Cheaper than encoding the report, so an unchanged re-match costs only the match.
    public var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
            hash ^= 0x1F
            hash &*= 0x0000_0100_0000_01b3
        }
        func add(_ scores: [ScoreSummary]) {
            for s in scores {
                add(s.id)
                for v in [s.cvssV2.baseScore, s.cvssV2.exploitabilityScore, s.cvssV2.impactScore, s.cvssV3.baseScore,
                          s.cvssV3.exploitabilityScore, s.cvssV3.impactScore] {
                    add(String(v.bitPattern, radix: 16))
                }
            }
        }
        add(osNamespace ?? "\u{0}")
        add(String(unparsedVersions))
        for warning in warnings { add(warning) }
        for package in unparsedPackages {
            add(package.name)
            add(package.version)
            add(package.path)
        }
        for m in matches {
            add(m.id)
            for alias in m.aliases { add(alias) }
            add(m.packageName)
            add(m.packageVersion)
            add(m.packageType)
            add(m.packagePath)
            for fixed in m.fixedVersions { add(fixed) }
            add(m.fixState.rawValue)
            add(m.fixStateDetail ?? "\u{0}")
            add(m.severity)
            add(m.url)
            add(m.namespace)
            add(m.feed)
            add(m.nvd)
            add("|")
            add(m.vendor)
        }
        return String(hash, radix: 16)
    }
}
