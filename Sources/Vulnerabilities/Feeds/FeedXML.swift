/// A small XML reader for the feeds that publish XML (yum `updateinfo.xml`, `repomd.xml`): elements, attributes,
/// text, CDATA and the predefined and numeric character references. Comments and processing instructions are skipped;
/// a document type declaration with an internal subset is refused (that is where entity expansion bombs live), as is
/// nesting deeper than `maximumDepth`. Namespaces are not resolved: a name keeps its prefix.
public struct FeedXML: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [FeedXML]
    /// The element's own text (its character data and CDATA, not its children's), entity references resolved.
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [FeedXML] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child named `name`.
    public func child(_ name: String) -> FeedXML? { children.first { $0.name == name } }

    /// Every child named `name`.
    public func children(_ name: String) -> [FeedXML] { children.filter { $0.name == name } }

    public static let maximumDepth = 64

    /// Parses a whole document; its root element.
    public static func parse(_ bytes: [UInt8], context: String) throws(FeedError) -> FeedXML {
        var reader = Reader(bytes: bytes, context: context)
        return try reader.document()
    }

    struct Reader {
        let bytes: [UInt8]
        let context: String
        var position = 0

        init(bytes: [UInt8], context: String) {
            self.bytes = bytes
            self.context = context
            // A UTF-8 byte order mark.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        }

        func error(_ message: String) -> FeedError {
            FeedError(.malformed, "\(context): not well-formed XML at byte \(position): \(message)")
        }

        mutating func document() throws(FeedError) -> FeedXML {
            try skipMisc()
            guard position < bytes.count else { throw error("no root element") }
            let root = try element(depth: 0)
            try skipMisc()
            guard position == bytes.count else { throw error("content after the root element") }
            return root
        }

        /// Whitespace, comments, processing instructions and a document type declaration between elements.
        mutating func skipMisc() throws(FeedError) {
            while true {
                skipWhitespace()
                if starts("<?") {
                    try skip(past: "?>")
                } else if starts("<!--") {
                    try skip(past: "-->")
                } else if starts("<!DOCTYPE") {
                    var index = position
                    while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
                        if bytes[index] == UInt8(ascii: "[") { throw error("a document type with an internal subset is not accepted") }
                        index += 1
                    }
                    guard index < bytes.count else { throw error("unterminated document type declaration") }
                    position = index + 1
                } else {
                    return
                }
            }
        }

        mutating func element(depth: Int) throws(FeedError) -> FeedXML {
            guard depth < FeedXML.maximumDepth else { throw error("elements nested deeper than \(FeedXML.maximumDepth)") }
            guard consume("<") else { throw error("expected an element") }
            var node = FeedXML(name: try name())
            while true {
                skipWhitespace()
                if consume("/>") { return node }
                if consume(">") { break }
                let attribute = try name()
                skipWhitespace()
                guard consume("=") else { throw error("attribute `\(attribute)` has no value") }
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                    throw error("attribute `\(attribute)` is not quoted")
                }
                let quote = bytes[position]
                position += 1
                let start = position
                while position < bytes.count, bytes[position] != quote {
                    if bytes[position] == UInt8(ascii: "<") { throw error("`<` in the value of `\(attribute)`") }
                    position += 1
                }
                guard position < bytes.count else { throw error("unterminated value of `\(attribute)`") }
                guard node.attributes[attribute] == nil else { throw error("attribute `\(attribute)` given twice") }
                node.attributes[attribute] = try decodeText(bytes[start..<position])
                position += 1
            }
            var text: [UInt8] = []
            while true {
                guard position < bytes.count else { throw error("`<\(node.name)>` is not closed") }
                if starts("</") {
                    position += 2
                    let closing = try name()
                    guard closing == node.name else { throw error("`</\(closing)>` closes `<\(node.name)>`") }
                    skipWhitespace()
                    guard consume(">") else { throw error("unterminated end tag `</\(closing)`") }
                    node.text = try decodeText(text[...])
                    return node
                } else if starts("<!--") {
                    try skip(past: "-->")
                } else if starts("<![CDATA[") {
                    position += 9
                    let start = position
                    try skip(past: "]]>")
                    // CDATA is taken literally: escape the ampersands so decoding leaves them be.
                    for byte in bytes[start..<(position - 3)] {
                        if byte == UInt8(ascii: "&") { text += Array("&amp;".utf8) } else { text.append(byte) }
                    }
                } else if starts("<?") {
                    try skip(past: "?>")
                } else if bytes[position] == UInt8(ascii: "<") {
                    node.children.append(try element(depth: depth + 1))
                } else {
                    let start = position
                    while position < bytes.count, bytes[position] != UInt8(ascii: "<") { position += 1 }
                    text += bytes[start..<position]
                }
            }
        }

        mutating func name() throws(FeedError) -> String {
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                let isNameByte = byte >= 0x80 || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
                guard isNameByte else { break }
                position += 1
            }
            guard position > start else { throw error("expected a name") }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        /// Character data with `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;`, `&#N;` and `&#xH;` resolved.
        func decodeText(_ raw: ArraySlice<UInt8>) throws(FeedError) -> String {
            guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
            var output: [UInt8] = []
            output.reserveCapacity(raw.count)
            var index = raw.startIndex
            while index < raw.endIndex {
                let byte = raw[index]
                guard byte == UInt8(ascii: "&") else {
                    output.append(byte)
                    index += 1
                    continue
                }
                guard let end = raw[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { throw error("an unterminated entity reference") }
                let entity = String(decoding: raw[(index + 1)..<end], as: UTF8.self)
                switch entity {
                case "lt": output.append(UInt8(ascii: "<"))
                case "gt": output.append(UInt8(ascii: ">"))
                case "amp": output.append(UInt8(ascii: "&"))
                case "quot": output.append(UInt8(ascii: "\""))
                case "apos": output.append(UInt8(ascii: "'"))
                default:
                    var value: UInt32?
                    if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                        value = UInt32(entity.dropFirst(2), radix: 16)
                    } else if entity.hasPrefix("#") {
                        value = UInt32(entity.dropFirst())
                    }
                    guard let value, let scalar = Unicode.Scalar(value), value != 0 else {
                        throw error("unknown entity `&\(entity);`")
                    }
                    output += Array(String(Character(scalar)).utf8)
                }
                index = end + 1
            }
            return String(decoding: output, as: UTF8.self)
        }

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        func starts(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            return literal.withUTF8Buffer { buffer in
                for offset in 0..<count where bytes[position + offset] != buffer[offset] { return false }
                return true
            }
        }

        mutating func consume(_ literal: StaticString) -> Bool {
            guard starts(literal) else { return false }
            position += literal.utf8CodeUnitCount
            return true
        }

        mutating func skip(past terminator: StaticString) throws(FeedError) {
            while position < bytes.count {
                if consume(terminator) { return }
                position += 1
            }
            throw error("unterminated `\(terminator)` section")
        }
    }
}
