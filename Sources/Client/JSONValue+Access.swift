/// Python-style access for the formatters: `value[key]`, `value[0]`, `value.get(key, default)`
/// and iteration, failing with the text Python's exception would carry. anchore-cli prints
/// `WARNING: failed to format output … - exception: <that text>` and the raw JSON when one fails.
extension JSONValue {
    /// `value["key"]`: KeyError `'key'` when missing, TypeError when not a dict.
    func item(_ key: String) throws(ClientError) -> JSONValue {
        switch self {
        case .object(let object):
            guard let value = object[key] else { throw Self.formatError(JSONValue.string(key).pythonRepr) }
            return value
        case .array: throw Self.formatError("list indices must be integers or slices, not str")
        case .string: throw Self.formatError("string indices must be integers, not 'str'")
        default: throw Self.formatError("'\(PythonOrder.typeName(self))' object is not subscriptable")
        }
    }

    /// `value[index]`: IndexError when out of range.
    func item(_ index: Int) throws(ClientError) -> JSONValue {
        switch self {
        case .array(let elements):
            guard elements.indices.contains(index) else { throw Self.formatError("list index out of range") }
            return elements[index]
        case .object: throw Self.formatError(String(index))
        case .string: throw Self.formatError("string index out of range")
        default: throw Self.formatError("'\(PythonOrder.typeName(self))' object is not subscriptable")
        }
    }

    /// `value.get(key, default)`: AttributeError when not a dict.
    func get(_ key: String, _ fallback: JSONValue = .null) throws(ClientError) -> JSONValue {
        guard case .object(let object) = self else {
            throw Self.formatError("'\(PythonOrder.typeName(self))' object has no attribute 'get'")
        }
        return object[key] ?? fallback
    }

    /// `key in value`: dict keys, list elements, substrings; false otherwise.
    func pythonContains(_ key: String) -> Bool {
        switch self {
        case .object(let object): object.contains(key)
        case .array(let elements): elements.contains(.string(key))
        case .string(let text): text.contains(key)
        default: false
        }
    }

    /// `for x in value`: list elements, dict keys, string characters; TypeError otherwise.
    func iterated() throws(ClientError) -> [JSONValue] {
        switch self {
        case .array(let elements): return elements
        case .object(let object): return object.keys.map(JSONValue.string)
        case .string(let text): return text.map { .string(String($0)) }
        default: throw Self.formatError("'\(PythonOrder.typeName(self))' object is not iterable")
        }
    }

    /// `a + b` on strings: TypeError unless both are strings.
    static func concatenate(_ parts: [JSONValue]) throws(ClientError) -> String {
        var result = ""
        for part in parts {
            guard case .string(let text) = part else {
                throw formatError("can only concatenate str (not \"\(PythonOrder.typeName(part))\") to str")
            }
            result += text
        }
        return result
    }

    static func formatError(_ message: String) -> ClientError {
        ClientError(.invalidResponse, message)
    }
}
