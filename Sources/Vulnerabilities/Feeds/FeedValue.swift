import Foundation
import Yams

/// An untyped feed document (JSON or YAML), so that one malformed entry can be skipped without losing the file.
///
/// YAML scalars are always kept as strings (`1.10` stays `"1.10"`, never the float 1.1); only a plain `null`/`~`
/// becomes `.null`.
enum FeedValue: Hashable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([FeedValue])
    case object([(String, FeedValue)])

    static func == (lhs: FeedValue, rhs: FeedValue) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        case (.null, .null): true
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: false
        }
    }

    func hash(into hasher: inout Hasher) {
        switch self {
        case let .string(s): hasher.combine(s)
        case let .number(n): hasher.combine(n)
        case let .bool(b): hasher.combine(b)
        case .null: hasher.combine(0)
        case let .array(a): hasher.combine(a)
        case let .object(o): for (k, v) in o { hasher.combine(k); hasher.combine(v) }
        }
    }

    /// The members of an object in document order, or nil.
    var members: [(String, FeedValue)]? {
        if case let .object(members) = self { return members }
        return nil
    }

    var array: [FeedValue]? {
        if case let .array(items) = self { return items }
        return nil
    }

    /// A string scalar; numbers are not strings here (use `scalarText` to accept them).
    var string: String? {
        if case let .string(text) = self { return text }
        return nil
    }

    /// A string or a number written as text (a JSON `"debianbug": 929990`).
    var scalarText: String? {
        switch self {
        case let .string(text): return text
        case let .number(number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        default: return nil
        }
    }

    var isNull: Bool { self == .null }

    subscript(key: String) -> FeedValue? {
        members?.first { $0.0 == key }?.1
    }

    /// A short name of the value's kind for skip reasons: "a string", "an object", …
    var kindName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

extension FeedValue: Decodable {
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([FeedValue].self) {
            self = .array(value)
        } else {
            // JSON objects have no member order worth keeping; sort keys so results are deterministic.
            let dictionary = try container.decode([String: FeedValue].self)
            self = .object(dictionary.keys.sorted().map { ($0, dictionary[$0]!) })
        }
    }

    /// Parses a JSON document; throws `FeedError.malformed` when it is not JSON at all.
    static func json(_ data: Data, context: String) throws(FeedError) -> FeedValue {
        do {
            return try JSONDecoder().decode(FeedValue.self, from: data)
        } catch {
            throw FeedError(.malformed, "\(context): not valid JSON (\(JSONFailure.describe(error)))", cause: error)
        }
    }

    /// Parses a YAML document (the first one in the stream); throws `FeedError.malformed` when it is not YAML.
    static func yaml(_ data: Data, context: String) throws(FeedError) -> FeedValue {
        guard let text = String(data: data, encoding: .utf8) else {
            throw FeedError(.malformed, "\(context): YAML is not UTF-8")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw FeedError(.malformed, "\(context): not valid YAML (\(error))", cause: error)
        }
        guard let node else { return .null }
        return FeedValue(yaml: node)
    }

    private init(yaml node: Node) {
        switch node {
        case let .scalar(scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                self = .null
            } else {
                self = .string(scalar.string)
            }
        case let .sequence(sequence):
            self = .array(sequence.map(FeedValue.init(yaml:)))
        case let .mapping(mapping):
            self = .object(mapping.map { pair in (pair.key.string ?? "", FeedValue(yaml: pair.value)) })
        case .alias:
            self = .null
        }
    }
}

/// A one-line reason from a `DecodingError`, without the debug noise.
enum JSONFailure {
    static func describe(_ error: any Error) -> String {
        guard let decodingError = error as? DecodingError else { return "\(error)" }
        switch decodingError {
        case let .dataCorrupted(context): return context.debugDescription
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .keyNotFound(_, context):
            return context.debugDescription
        @unknown default: return "\(decodingError)"
        }
    }
}
