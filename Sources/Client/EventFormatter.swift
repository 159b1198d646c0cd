/// anchore-cli's event renderers (`format_output` ops `event_list`, `event_list_full`, `event_get`, `event_delete`).
public enum EventFormatter {
    /// `Timestamp` / `Level` / `Event` / `Resource` / `ID`, in the server's order.
    public static func list(_ payload: JSONValue) throws(ClientError) -> String {
        var table = PlainColumnsTable(["Timestamp", "Level", "Event", "Resource", "ID"])
        for record in try payload.item("results").iterated() {
            let event = try record.item("event")
            table.add([
                try event.item("timestamp"), try event.item("level"), try event.item("type"),
                try event.item("resource").get("id"), try record.item("generated_uuid"),
            ])
        }
        return try table.render()
    }

    /// `--full`: also `ResourceType`, `Service` and `Host`.
    public static func listFull(_ payload: JSONValue) throws(ClientError) -> String {
        var table = PlainColumnsTable(["Timestamp", "Level", "Event", "ResourceType", "Resource", "Service", "Host", "ID"])
        for record in try payload.item("results").iterated() {
            let event = try record.item("event")
            let resource = try event.item("resource")
            let source = try event.item("source")
            table.add([
                try event.item("timestamp"), try event.item("level"), try event.item("type"), try resource.get("type"),
                try resource.get("id"), try source.item("servicename"), try source.item("hostid"),
                try record.item("generated_uuid"),
            ])
        }
        return try table.render()
    }

    /// `yaml.safe_dump(payload["event"], default_flow_style=False)`.
    public static func get(_ payload: JSONValue) throws(ClientError) -> String {
        try payload.item("event").pythonYAML
    }

    /// `Deleted N events` / `No matching events found` for a list of ids, else `Success`.
    public static func delete(_ payload: JSONValue) throws(ClientError) -> String {
        guard case .array(let ids) = payload else { return "Success" }
        return ids.isEmpty ? "No matching events found" : "Deleted \(ids.count) events"
    }
}
