import Foundation

/// anchore-cli's renderers for `system feeds …` (`format_output` ops `system_feeds_list`,
/// `system_feed_groups`, `system_feeds_flush`).
public enum FeedsFormatter {
    /// `Feed` / `Group` / `LastSync` / `RecordCount`, one row per group, sorted by feed, then a
    /// newline. A disabled feed or group gets `(disabled)` appended to its name; a group never
    /// synced shows `pending` when both it and its feed are enabled, else `-`.
    public static func list(_ payload: JSONValue) throws(ClientError) -> String {
        var table = PlainColumnsTable(["Feed", "Group", "LastSync", "RecordCount"])
        for feed in try payload.iterated() {
            var name = try feed.get("name", "N/A")
            let feedEnabled = try feed.get("enabled", true).isTruthy
            if !feedEnabled { name = .string(name.pythonString + "(disabled)") }
            for group in try feed.item("groups").iterated() {
                let groupEnabled = try group.get("enabled", true).isTruthy
                var lastSync = try group.get("last_sync")
                if !lastSync.isTruthy { lastSync = feedEnabled && groupEnabled ? "pending" : "-" }
                var groupName = try group.get("name", "N/A")
                if !groupEnabled { groupName = .string(groupName.pythonString + "(disabled)") }
                table.add([name, groupName, lastSync, try group.get("record_count", "N/A")])
            }
        }
        return try table.render(sortBy: "Feed") + "\n"
    }

    /// `system feeds config|delete --group`: `Group` / `LastSync` / `RecordCount` (a group never
    /// synced shows `pending`, enabled or not), sorted by group, then a newline.
    public static func groups(_ payload: JSONValue) throws(ClientError) -> String {
        var table = PlainColumnsTable(["Group", "LastSync", "RecordCount"])
        for group in try payload.iterated() {
            var lastSync = try group.get("last_sync")
            if !lastSync.isTruthy { lastSync = "pending" }
            var name = try group.get("name", "N/A")
            if !(try group.get("enabled", true).isTruthy) { name = .string(name.pythonString + "(disabled)") }
            table.add([name, lastSync, try group.get("record_count", "N/A")])
        }
        return try table.render(sortBy: "Group") + "\n"
    }

    /// `system feeds sync` results: `Feed` / `Group` / `Status` / `Records Updated` /
    /// `Sync Duration` (`{:.2f}s`), sorted by feed; `Success` when the answer is not a list.
    public static func syncResults(_ payload: JSONValue) throws(ClientError) -> String {
        guard case .array = payload else { return "Success" }
        var table = PlainColumnsTable(["Feed", "Group", "Status", "Records Updated", "Sync Duration"])
        for feed in try payload.iterated() {
            for group in try feed.get("groups").iterated() {
                table.add([
                    try feed.item("feed"), try group.item("group"), try group.item("status"),
                    try group.item("updated_record_count"),
                    .string(try fixedTwo(try group.item("total_time_seconds")) + "s"),
                ])
            }
        }
        return try table.render(sortBy: "Feed")
    }

    /// Python's `"{:.2f}".format(value)` for a JSON value.
    static func fixedTwo(_ value: JSONValue) throws(ClientError) -> String {
        let number: Double
        switch value {
        case .int(let integer): number = Double(integer)
        case .double(let double): number = double
        case .bool(let flag): number = flag ? 1 : 0
        case .string: throw JSONValue.formatError("Unknown format code 'f' for object of type 'str'")
        default:
            throw JSONValue.formatError("unsupported format string passed to \(PythonOrder.typeName(value)).__format__")
        }
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        return String(format: "%.2f", number)
    }
}
