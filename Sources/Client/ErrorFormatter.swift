/// anchore-cli's `format_error_output`: how a failed command reports itself.
///
/// The error is first turned into the data anchore-cli would have (`json.loads(str(exception))`):
/// for a server error that is the body the server sent; for anything else `{"message": text}`.
/// In `--json` mode that data is dumped; otherwise a JSON object prints as `Error: <message>`,
/// `HTTP Code: <httpcode>` and `Detail: <detail>` lines (each only when present, `Detail` only
/// when truthy, values in Python `str()` form) and anything else prints as the raw exception text.
public enum ErrorFormatter {
    /// The data the error stands for (see the type's documentation).
    public static func errorData(_ error: ClientError) -> JSONValue {
        if case .httpStatus = error.code, let payload = error.payload { return payload }
        return ["message": .string(error.message)]
    }

    /// The text anchore-cli prints for `error` (before `print`'s newline).
    public static func render(_ error: ClientError, jsonMode: Bool) -> String {
        render(errorData: errorData(error), jsonMode: jsonMode)
    }

    /// The text for already-extracted error data.
    public static func render(errorData: JSONValue, jsonMode: Bool) -> String {
        if jsonMode { return errorData.pythonJSON(indent: 4, sortKeys: true) }
        var lines: [(String, String)] = []
        if case .object(let object) = errorData {
            if let message = object["message"] { lines.append(("Error", message.pythonString)) }
            if let code = object["httpcode"] { lines.append(("HTTP Code", code.pythonString)) }
            if let detail = object["detail"], detail.isTruthy { lines.append(("Detail", detail.pythonString)) }
        }
        var output = lines.map { "\($0.0): \($0.1)\n" }.joined()
        if output.isEmpty {
            // `str(exception)`: the exception was raised with `json.dumps(error, indent=4)`.
            output = errorData.pythonJSON(indent: 4, sortKeys: false)
        }
        if let detail = lines.first(where: { $0.0 == "Detail" })?.1, let hint = hint(for: detail) {
            output += hint
        }
        return output
    }

    /// `create_hint`: for schema validation failures (`'x' is a required property`), how the
    /// missing key would look in a JSON document.
    static func hint(for detail: String) -> String? {
        guard detail.contains("is a required property"),
            let open = detail.firstIndex(of: "'"),
            let close = detail[detail.index(after: open)...].firstIndex(of: "'")
        else { return nil }
        let key = detail[detail.index(after: open)..<close]
        guard !key.isEmpty else { return nil }
        return "Hint: The \"\(key)\" key is not present in the JSON file, make sure it exists:\n\n"
            + "    {\n        \"\(key)\": <value>\n        ...\n    }\n"
    }
}
