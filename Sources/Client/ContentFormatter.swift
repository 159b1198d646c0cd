import Foundation

/// anchore-cli's renderers for `image content` and `image metadata` (`format_output` ops
/// `image_content` / `image_metadata`, `format_content_query`, `format_metadata_query`,
/// `format_malware_scans`).
public enum ContentFormatter {
    /// The types whose payload is a base64 document rather than a list.
    static let documentTypes: Set<String> = ["manifest", "dockerfile", "docker_history"]

    /// Without a type: `"<type>: available"` per line and a blank line.
    public static func availableTypes(_ payload: JSONValue) throws(ClientError) -> String {
        var seen: [String] = []
        for type in try payload.iterated() {
            let name = try JSONValue.concatenate([type])
            if !seen.contains(name) { seen.append(name) }
        }
        return seen.map { "\($0): available\n" }.joined() + "\n"
    }

    /// `image content IMG [TYPE]`; an empty result means "nothing to show" to the caller.
    public static func content(_ payload: JSONValue, type: String?) throws(ClientError) -> String {
        guard let type, !type.isEmpty else { return try availableTypes(payload) }
        switch type {
        case "os":
            var table = PlainColumnsTable(["Package", "Version", "Licenses"])
            for element in try payload.item("content").iterated() {
                let licenses = try element.get("licenses", .array([try element.get("license")]))
                table.add([try element.item("package"), try element.item("version"), .string(try joined(licenses))])
            }
            return try table.render(sortBy: "Package")
        case "files":
            var table = PlainColumnsTable(["Filename", "Size"])
            for element in try payload.item("content").iterated() {
                table.add([try element.item("filename"), try element.item("size")])
            }
            return try table.render(sortBy: "Size", reverse: true)
        case "npm", "gem", "python":
            return try packageTable(try payload.item("content"))
        case "java":
            var table = PlainColumnsTable(["Package", "Specification-Version", "Implementation-Version", "Location"])
            for element in try payload.item("content").iterated() {
                table.add([
                    try element.item("package"), try element.item("specification-version"),
                    try element.item("implementation-version"), try element.item("location"),
                ])
            }
            return try table.render(sortBy: "Package")
        case _ where documentTypes.contains(type):
            return try decodedDocument(payload)
        case "malware":
            return try malware(payload)
        default:
            return try generic(payload)
        }
    }

    /// `image metadata IMG [TYPE]`: `Image Digest:`, `Metadata:` (decoded) and `Metadata Type:` lines.
    public static func metadata(_ payload: JSONValue, type: String?) throws(ClientError) -> String {
        guard let type, !type.isEmpty else { return try availableTypes(payload) }
        if !documentTypes.contains(type) { return try content(payload, type: type) }
        guard payload.isTruthy else { return "" }
        var output = ""
        let digest = try payload.get("imageDigest", "")
        if digest.isTruthy { output += "Image Digest: \(digest.pythonString)\n" }
        let metadata = try payload.get("metadata", "")
        if metadata.isTruthy, let text = base64Text(metadata) { output += "Metadata: \(text)\n" }
        let metadataType = try payload.get("metadata_type", "")
        if metadataType.isTruthy { output += "Metadata Type: \(metadataType.pythonString)\n" }
        return output
    }

    /// `Package` / `Version` / `Location`, sorted by package.
    private static func packageTable(_ content: JSONValue) throws(ClientError) -> String {
        var table = PlainColumnsTable(["Package", "Version", "Location"])
        for element in try content.iterated() {
            table.add([try element.item("package"), try element.item("version"), try element.item("location")])
        }
        return try table.render(sortBy: "Package")
    }

    /// `" ".join(licenses)`.
    private static func joined(_ licenses: JSONValue) throws(ClientError) -> String {
        guard case .array = licenses else {
            if case .string(let text) = licenses { return text.map(String.init).joined(separator: " ") }
            throw JSONValue.formatError("can only join an iterable")
        }
        var parts: [String] = []
        for (index, license) in try licenses.iterated().enumerated() {
            guard case .string(let text) = license else {
                throw JSONValue.formatError("sequence item \(index): expected str instance, \(PythonOrder.typeName(license)) found")
            }
            parts.append(text)
        }
        return parts.joined(separator: " ")
    }

    /// `format_content_query`: the base64 `content` (a list of strings is joined) decoded as
    /// UTF-8, or "" when it is missing or does not decode.
    static func decodedDocument(_ payload: JSONValue) throws(ClientError) -> String {
        var content = try payload.get("content", "")
        guard content.isTruthy else { return "" }
        if case .array(let parts) = content { content = .string(parts.map(\.pythonString).joined()) }
        return base64Text(content) ?? ""
    }

    /// Python's `base64.b64decode(x).decode("utf-8")`: characters outside the alphabet are
    /// skipped; wrong padding or invalid UTF-8 fail.
    static func base64Text(_ value: JSONValue) -> String? {
        guard case .string(let text) = value,
            let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters)
        else { return nil }
        return String(validating: data, as: UTF8.self)
    }

    /// `format_malware_scans`: `Scanner` / `Matched Signature` / `Path`, sorted by path.
    private static func malware(_ payload: JSONValue) throws(ClientError) -> String {
        var table = PlainColumnsTable(["Scanner", "Matched Signature", "Path"])
        for scan in try payload.item("content").iterated() {
            let scanner = try scan.get("scanner")
            for finding in try scan.get("findings", .object(JSONObject())).iterated() {
                table.add([scanner, try finding.get("signature", "unknown"), try finding.get("path", "unknown")])
            }
        }
        return try table.render(sortBy: "Path")
    }

    /// Any other type: a package table when the first element has package, version and
    /// location; else one column per key of the first element, unsorted.
    private static func generic(_ payload: JSONValue) throws(ClientError) -> String {
        do {
            let content = try payload.item("content")
            guard content.isTruthy, let first = try content.iterated().first else { return "" }
            if try first.get("package").isTruthy, try first.get("version").isTruthy, try first.get("location").isTruthy {
                return try packageTable(content)
            }
            let header = try first.iterated().map(\.pythonString)
            var table = PlainColumnsTable(header)
            for element in try content.iterated() {
                var row: [JSONValue] = []
                for key in header { row.append(try element.item(key)) }
                table.add(row)
            }
            return try table.render()
        } catch {
            throw JSONValue.formatError("could not parse content result - exception: \(error.message)")
        }
    }
}
