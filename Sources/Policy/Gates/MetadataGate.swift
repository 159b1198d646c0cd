import Layers
import Catalog
import Foundation

/// `metadata`: size, architecture, OS, distro and layer count of the image.
enum MetadataGate {
    static let attributes = ["size", "architecture", "os_type", "distro", "distro_version", "like_distro", "layer_count"]
    static let checks = ["=", "!=", ">", "<", ">=", "<=", "exists", "not_exists", "like", "not_like", "in", "not_in"]

    static let spec = GateSpec(
        "metadata", "Checks against image metadata, such as size, OS, distro, architecture, etc.",
        triggers: [
            TriggerSpec(
                "attribute", "Triggers if a named image metadata value matches the given condition.",
                parameters: [
                    .init("attribute", .enumeration(attributes), required: true, example: "size", "Attribute name to be checked."),
                    .init("check", .enumeration(checks), required: true, example: ">", "The operation to perform the evaluation."),
                    .init("value", .string, example: "1073741824", "Value used in comparison."),
                ],
                check: { p in
                    guard let attribute = p.string("attribute"), let value = p.string("value") else { return nil }
                    if attribute == "size", bytes(value) == nil { return "value \"\(value)\" is not a size (bytes, or a number with kb, mb, gb or tb)" }
                    if attribute == "layer_count", Int(value.trimmingCharacters(in: .whitespaces)) == nil { return "value \"\(value)\" is not a whole number" }
                    if ["like", "not_like"].contains(p.string("check") ?? ""), (try? Pattern(value)) == nil {
                        return "value \"\(value)\" is not a valid regular expression"
                    }
                    return nil
                },
                body: attribute),
        ])

    /// `^([0-9]+)([kmgt]b)?$` in bytes.
    static func bytes(_ text: String) -> Int64? {
        let units: [String: Int64] = ["kb": 1 << 10, "mb": 1 << 20, "gb": 1 << 30, "tb": 1 << 40]
        let digits = text.prefix { $0.isASCIIDigit }
        guard !digits.isEmpty, let number = Int64(digits) else { return nil }
        let rest = String(text.dropFirst(digits.count))
        if rest.isEmpty { return number }
        guard let unit = units[rest] else { return nil }
        return number.multipliedReportingOverflow(by: unit).overflow ? nil : number * unit
    }

    enum Value: Comparable {
        case number(Int64)
        case text(String)

        var display: String {
            switch self {
            case .number(let n): String(n)
            case .text(let t): t
            }
        }
    }

    static func value(of attribute: String, _ input: PolicyInput) -> Value? {
        let a = input.analysis
        switch attribute {
        case "size": return .number(a.source.uncompressedSize)
        case "architecture": return .text(a.metadata.architecture)
        case "os_type": return .text(a.metadata.os)
        case "distro": return a.distro.map { .text($0.id) }
        case "distro_version": return a.distro.map { .text($0.version) }
        case "like_distro": return a.distro.flatMap { $0.idLike.isEmpty ? nil : .text($0.idLike.joined(separator: " ")) }
        case "layer_count": return .number(Int64(a.source.layers.count))
        default: return nil
        }
    }

    static func attribute(_ run: inout TriggerRun) {
        guard let attribute = run.params.string("attribute"), let check = run.params.string("check") else { return }
        let raw = run.params.string("value")
        let needsValue = !["exists", "not_exists"].contains(check)
        if needsValue, raw?.isEmpty ?? true { return }
        let actual = value(of: attribute, run.input)
        var wanted: Value?
        if let raw {
            switch actual {
            case .number: wanted = (attribute == "size" ? bytes(raw) : Int64(raw.trimmingCharacters(in: .whitespaces))).map(Value.number)
            default: wanted = .text(raw)
            }
        }
        let text = actual?.display ?? ""
        let hit: Bool
        switch check {
        case "exists": hit = actual != nil && !text.isEmpty && actual != .number(0)
        case "not_exists": hit = actual == nil || text.isEmpty || actual == .number(0)
        case "like": hit = raw.flatMap { try? Pattern($0) }?.matchesPrefix(of: text) ?? false
        case "not_like": hit = !(raw.flatMap { try? Pattern($0) }?.matchesPrefix(of: text) ?? false)
        case "in": hit = (raw ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains(text)
        case "not_in": hit = !(raw ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains(text)
        default:
            guard let actual, let wanted, let op = Comparison(rawValue: check) else { return }
            hit = op.holds(actual, wanted)
        }
        guard hit else { return }
        run.fire("Attribute check for attribute: '\(attribute)' check: '\(check)' check_value: '\(wanted?.display ?? "")' matched image value: '\(actual?.display ?? "None")'")
    }
}
