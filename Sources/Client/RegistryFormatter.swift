/// anchore-cli's registry renderers (`format_output` ops `registry_add`/`registry_get`/`registry_update` and
/// `registry_list`).
public enum RegistryFormatter {
    /// Per record: `Registry`, `Name`, `User`, `Type`, `Verify TLS`, `Created`, `Updated` lines and a blank line.
    public static func records(_ payload: JSONValue) throws(ClientError) -> String {
        var output = ""
        for record in try payload.iterated() {
            output += OutputFormatter.keyValueLines([
                ("Registry", try record.item("registry").pythonString),
                ("Name", try record.get("registry_name", "N/A").pythonString),
                ("User", try record.item("registry_user").pythonString),
                ("Type", try record.item("registry_type").pythonString),
                ("Verify TLS", try record.item("registry_verify").pythonString),
                ("Created", try record.item("created_at").pythonString),
                ("Updated", try record.item("last_updated").pythonString),
            ]) + "\n"
        }
        return output
    }

    /// `Registry` / `Name` / `Type` / `User`, sorted by registry.
    public static func list(_ payload: JSONValue) throws(ClientError) -> String {
        var table = PlainColumnsTable(["Registry", "Name", "Type", "User"])
        for record in try payload.iterated() {
            table.add([
                try record.item("registry"), try record.get("registry_name", "N/A"), try record.item("registry_type"),
                try record.item("registry_user"),
            ])
        }
        return try table.render(sortBy: "Registry")
    }
}
