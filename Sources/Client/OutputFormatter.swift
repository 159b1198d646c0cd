/// anchore-cli's `format_output` envelope: in `--json` mode the payload as
/// `json.dumps(indent=4, sort_keys=True)`; otherwise the operation's formatter, and when that
/// fails (a field missing or of the wrong type) a `WARNING: failed to format output …` line
/// followed by the JSON dump.
public enum OutputFormatter {
    public static func render(
        _ payload: JSONValue, jsonMode: Bool, console: any Console,
        _ format: (JSONValue) throws(ClientError) -> String
    ) -> String {
        if jsonMode { return payload.pythonJSON(indent: 4, sortKeys: true) }
        do {
            return try format(payload)
        } catch {
            console.line("WARNING: failed to format output (returning raw output) - exception: \(error.message)")
            return payload.pythonJSON(indent: 4, sortKeys: true)
        }
    }

    /// `"Key: value\n"` lines, as anchore-cli writes its `OrderedDict`s.
    static func keyValueLines(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0): \($0.1)\n" }.joined()
    }
}
