/// anchore-cli's renderers for `subscription list` and `subscription get` (`format_output` ops `subscription_list`,
/// `subscription_get`).
public enum SubscriptionFormatter {
    /// `Tag` / `Subscription Type` / `Active` (/ `Subscription ID` with `full`), sorted by tag.
    public static func list(_ payload: JSONValue, full: Bool) throws(ClientError) -> String {
        var table = PlainColumnsTable(
            full ? ["Tag", "Subscription Type", "Active", "Subscription ID"] : ["Tag", "Subscription Type", "Active"])
        for record in try payload.iterated() {
            var row: [JSONValue] = [
                try record.item("subscription_key"), try record.item("subscription_type"),
                .string(try record.item("active").pythonString),
            ]
            if full { row.append(try record.get("subscription_id", "")) }
            table.add(row)
        }
        return try table.render(sortBy: "Tag")
    }

    /// `subscription get`: `Tag` / `Subscription Type` / `Active` / `Subscription ID` / `User ID`, sorted by tag.
    public static func get(_ payload: JSONValue) throws(ClientError) -> String {
        var table = PlainColumnsTable(["Tag", "Subscription Type", "Active", "Subscription ID", "User ID"])
        for record in try payload.iterated() {
            table.add([
                try record.item("subscription_key"), try record.item("subscription_type"),
                .string(try record.item("active").pythonString), try record.get("subscription_id", ""), try record.get("userId"),
            ])
        }
        return try table.render(sortBy: "Tag")
    }
}

/// anchore-cli's renderer for `system status` (`format_output` op `system_status`).
public enum SystemFormatter {
    /// `system errorcodes`: `Error Code` and `Description` (wrapped at 60 columns, as `textwrap.fill` does), sorted
    /// by code.
    public static func errorCodes(_ payload: JSONValue) throws(ClientError) -> String {
        var table = PlainColumnsTable(["Error Code", "Description"])
        for item in try payload.iterated() {
            let description = try item.get("description", .string("N/A")).pythonString
            table.add([try item.get("name", .string("N/A")), .string(TextWrap.fill(description, width: 60))])
        }
        return try table.render(sortBy: "Error Code") + "\n"
    }

    /// `Service <name> (<hostid>, <base_url>): up|down (<message>)` per service, a blank line,
    /// then `Engine DB Version:` and `Engine Code Version:` from the first up `apiext` service
    /// (else the first service that reports them).
    public static func status(_ payload: JSONValue) throws(ClientError) -> String {
        var lines: [String] = []
        var databaseVersion: JSONValue = .null
        var codeVersion: JSONValue = .null
        for service in try payload.get("service_states", .array([])).iterated() {
            let state: String
            if try service.get("status").isTruthy {
                state = "up"
            } else {
                state = "down (\(try service.get("status_message", "Status Unknown").pythonString))"
            }
            lines.append(
                "Service \(try service.get("servicename", "ServiceName Unknown").pythonString) "
                    + "(\(try service.get("hostid", "HostID Unknown").pythonString), "
                    + "\(try service.get("base_url", "Base URL Unknown").pythonString)): \(state)")
            let detail = try service.get("service_detail", .object(JSONObject()))
            if !databaseVersion.isTruthy { databaseVersion = try detail.get("db_version") }
            if !codeVersion.isTruthy { codeVersion = try detail.get("version") }
            if try service.get("servicename", "").pythonString == "apiext", state == "up" {
                codeVersion = try detail.get("version")
                databaseVersion = try detail.get("db_version")
            }
        }
        return lines.joined(separator: "\n")
            + "\n\nEngine DB Version: \(databaseVersion.isTruthy ? databaseVersion.pythonString : "Not Found")\n"
            + "Engine Code Version: \(codeVersion.isTruthy ? codeVersion.pythonString : "Not Found")"
    }
}
