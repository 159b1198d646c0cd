/// anchore-cli's repository renderers (`format_output` ops `repo_list` and `repo_add`/`repo_get`/`repo_watch`/
/// `repo_unwatch`). A repository is a `repo_update` subscription whose `subscription_value` is a JSON string
/// holding `tagcount`.
public enum RepoFormatter {
    /// `Repository` / `Watched` / `TagCount`, sorted by repository; `N/A` when the value has no readable `tagcount`.
    public static func list(_ payload: JSONValue) throws(ClientError) -> String {
        var table = PlainColumnsTable(["Repository", "Watched", "TagCount"])
        for record in try payload.iterated() {
            let tagCount = (try? tagCount(of: record, fallback: nil)) ?? "N/A"
            table.add([
                try record.item("subscription_key"), .string(try record.item("active").pythonString), .string(tagCount),
            ])
        }
        return try table.render(sortBy: "Repository")
    }

    /// The same table, but a value that is not a JSON string fails the rendering (anchore-cli then prints the raw
    /// JSON); `--dryrun` puts `DRY RUN: Repository not added` and a blank line first.
    public static func records(_ payload: JSONValue, dryRun: Bool) throws(ClientError) -> String {
        var table = PlainColumnsTable(["Repository", "Watched", "TagCount"])
        for record in try payload.iterated() {
            let tagCount = try tagCount(of: record, fallback: "N/A")
            table.add([
                try record.item("subscription_key"), .string(try record.item("active").pythonString), .string(tagCount),
            ])
        }
        return (dryRun ? "DRY RUN: Repository not added\n\n" : "") + (try table.render(sortBy: "Repository"))
    }

    /// `str(json.loads(record["subscription_value"])["tagcount"])`, or with a fallback `.get("tagcount", fallback)`.
    static func tagCount(of record: JSONValue, fallback: String?) throws(ClientError) -> String {
        let value = try record.item("subscription_value")
        guard case .string(let text) = value else {
            throw JSONValue.formatError("the JSON object must be str, bytes or bytearray, not \(PythonOrder.typeName(value))")
        }
        let decoded: JSONValue
        do {
            decoded = try JSONValue(parsing: Array(text.utf8))
        } catch {
            throw JSONValue.formatError("Expecting value: line 1 column 1 (char 0)")
        }
        if let fallback { return try decoded.get("tagcount", .string(fallback)).pythonString }
        return try decoded.item("tagcount").pythonString
    }
}
