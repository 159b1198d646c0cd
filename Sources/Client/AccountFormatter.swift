/// anchore-cli's account renderers (`format_output` ops `account_whoami`, `account_add`/`account_get`,
/// `account_list`, `user_add`/`user_get`, `user_list` and `user_setpassword`), plus Drydock's user role.
///
/// The role: Drydock's User records carry a `role` that anchore-cli does not know. A record that has
/// one gets a trailing `Role: …` line (before the closing blank line), and a user table with any
/// such record gets a trailing `Role` column. Everything anchore-cli prints stays as it prints it,
/// in the same place: each table line is anchore-cli's line followed by the role cell, and the
/// record text is anchore-cli's with one more line. Against a server without roles (Anchore
/// Engine) the output is anchore-cli's, byte for byte.
public enum AccountFormatter {
    /// `account_whoami`: `Username`, `AccountName`, `AccountEmail`, `AccountType` and a blank line,
    /// from `{"account": <Account>, "user": <User>}`.
    public static func whoami(_ payload: JSONValue) throws(ClientError) -> String {
        let account = try payload.get("account", [:])
        let user = try payload.get("user", [:])
        return OutputFormatter.keyValueLines([
            ("Username", try user.get("username", "N/A").pythonString),
            ("AccountName", try account.get("name", "N/A").pythonString),
            ("AccountEmail", try account.get("email", "N/A").pythonString),
            ("AccountType", try account.get("type", "N/A").pythonString),
        ]) + "\n"
    }

    /// `account_add` / `account_get`: `Name`, `Email`, `Type`, `State`, `Created` and a blank line.
    public static func account(_ payload: JSONValue) throws(ClientError) -> String {
        OutputFormatter.keyValueLines([
            ("Name", try payload.get("name", "N/A").pythonString),
            ("Email", try payload.get("email", "N/A").pythonString),
            ("Type", try payload.get("type", "N/A").pythonString),
            ("State", try payload.get("state", "N/A").pythonString),
            ("Created", try payload.get("created_at", "N/A").pythonString),
        ]) + "\n"
    }

    /// `account_list`: `Name` / `Email` / `Type` / `State` / `Created`, sorted by creation time, and a newline.
    public static func accounts(_ payload: JSONValue) throws(ClientError) -> String {
        var table = PlainColumnsTable(["Name", "Email", "Type", "State", "Created"])
        for record in try payload.iterated() {
            table.add([
                .string(try record.get("name", "N/A").pythonString), .string(try record.get("email", "N/A").pythonString),
                .string(try record.get("type", "N/A").pythonString), .string(try record.get("state", "N/A").pythonString),
                .string(try record.get("created_at", "N/A").pythonString),
            ])
        }
        return try table.render(sortBy: "Created") + "\n"
    }

    /// `user_add` / `user_get`: `Name`, `Type`, `Source`, `Created`, then (Drydock) `Role` when the
    /// record has one, and a blank line.
    public static func user(_ payload: JSONValue) throws(ClientError) -> String {
        var pairs = [
            ("Name", try payload.get("username", "N/A").pythonString),
            ("Type", try payload.get("type", "N/A").pythonString),
            ("Source", try payload.get("source", "N/A").pythonString),
            ("Created", try payload.get("created_at", "N/A").pythonString),
        ]
        if let role = payload["role"] { pairs.append(("Role", role.pythonString)) }
        return OutputFormatter.keyValueLines(pairs) + "\n"
    }

    /// `user_list`: `Name` / `Type` / `Source` / `Created`, sorted by creation time, and a newline; with
    /// (Drydock) a trailing `Role` column when any record has a role (`N/A` for one without).
    public static func users(_ payload: JSONValue) throws(ClientError) -> String {
        let records = try payload.iterated()
        let withRoles = records.contains { $0["role"] != nil }
        var table = PlainColumnsTable(["Name", "Type", "Source", "Created"] + (withRoles ? ["Role"] : []))
        for record in records {
            var row: [JSONValue] = [
                .string(try record.get("username", "N/A").pythonString), .string(try record.get("type", "N/A").pythonString),
                .string(try record.get("source", "N/A").pythonString), .string(try record.get("created_at", "N/A").pythonString),
            ]
            if withRoles { row.append(.string(try record.get("role", "N/A").pythonString)) }
            table.add(row)
        }
        return try table.render(sortBy: "Created") + "\n"
    }

    /// `user_setpassword`: a fixed text, whatever the server answered.
    public static func passwordSet(_: JSONValue) throws(ClientError) -> String {
        "Password (re)set success"
    }

    /// The `*_delete`, `*_enable`, `*_disable` ops: `Success`.
    public static func success(_: JSONValue) throws(ClientError) -> String {
        "Success"
    }
}
