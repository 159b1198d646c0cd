/// anchore-cli's output for `policy …` and `evaluate check` (`format_output` in `anchorecli/cli/utils.py`).
public enum PolicyFormatter {
    /// `policy_add` / `policy_get`: the bundle JSON with `--detail`, else `Key: value` blocks per record.
    public static func records(_ payload: JSONValue, detail: Bool, single: Bool) throws(ClientError) -> String {
        if detail {
            do { return try payload.item(0).item("policybundle").pythonJSON(indent: 4, sortKeys: true) } catch {
                return payload.pythonJSON(indent: 4, sortKeys: true)
            }
        }
        let list = single ? [payload] : try payload.iterated()
        var out = ""
        for record in list {
            out += OutputFormatter.keyValueLines([
                ("Policy ID", try record.item("policyId").pythonString), ("Active", try record.item("active").pythonString),
                ("Source", try record.item("policy_source").pythonString), ("Created", try record.item("created_at").pythonString),
                ("Updated", try record.item("last_updated").pythonString),
            ]) + "\n"
        }
        return out
    }

    /// `policy_list`: `Policy ID / Active / Created / Updated`, active first.
    public static func list(_ payload: JSONValue) throws(ClientError) -> String {
        var table = PlainColumnsTable(["Policy ID", "Active", "Created", "Updated"])
        for record in try payload.iterated() {
            table.add([try record.item("policyId"), .string(try record.item("active").pythonString), try record.item("created_at"), try record.item("last_updated")])
        }
        return try table.render(sortBy: "Active", reverse: true)
    }

    /// `describe_gates` / `describe_gate_triggers` / `describe_gate_trigger_params`.
    public static func describe(_ payload: JSONValue, gate: String?, trigger: String?, all: Bool) throws(ClientError) -> String {
        let gates = try payload.iterated()
        guard !gates.isEmpty else { return "No policy spec to parse" }
        func active(_ value: JSONValue) throws(ClientError) -> Bool {
            let state = try value.get("state")
            return state == .null || state == .string("active")
        }
        func name(_ value: JSONValue) throws(ClientError) -> String { try value.item("name").pythonString.lowercased() }
        guard let gate = gate?.lowercased() else {
            var table = BorderedTable(all ? ["Gate", "Description", "State", "Superceded By"] : ["Gate", "Description"])
            for g in gates {
                if !all { guard try active(g) else { continue } }
                let description = JSONValue.string(stringSplitter(try g.get("description", "").pythonString, maxLength: 60))
                table.add(all ? [.string(try name(g)), description, try g.get("state", ""), try g.get("superceded_by", "")] : [.string(try name(g)), description])
            }
            return try table.render(sortBy: "Gate")
        }
        var matching: [JSONValue] = []
        for g in gates where try name(g) == gate { matching.append(g) }
        guard let trigger = trigger?.lowercased() else {
            var table = BorderedTable(all ? ["Trigger", "Description", "Parameters", "State", "Superceded By"] : ["Trigger", "Description", "Parameters"])
            for g in matching {
                for t in try g.get("triggers", []).iterated() {
                    if !all { guard try active(t) else { continue } }
                    var names: [String] = []
                    for p in try t.get("parameters", []).iterated() { names.append(try name(p)) }
                    let params = names.joined(separator: ", ")
                    let row: [JSONValue] = [
                        .string(try name(t)), .string(stringSplitter(try t.get("description", "").pythonString)), .string(stringSplitter(params, maxLength: 20)),
                    ]
                    table.add(all ? row + [try t.get("state", ""), try t.get("superceded_by", "")] : row)
                }
            }
            return try table.render(sortBy: "Trigger")
        }
        var table = BorderedTable(all ? ["Parameter", "Description", "Required", "Example", "State", "Supereceded By"] : ["Parameter", "Description", "Required", "Example"])
        for g in matching {
            for t in try g.get("triggers", []).iterated() where try name(t) == trigger {
                for p in try t.get("parameters", []).iterated() {
                    if !all { guard try active(p) else { continue } }
                    let row: [JSONValue] = [.string(try name(p)), .string(stringSplitter(try p.get("description", "").pythonString)), try p.get("required", true), try p.get("example", "")]
                    table.add(all ? row + [try p.get("state", ""), try p.get("superceded_by", "")] : row)
                }
            }
        }
        return try table.render(sortBy: "Parameter")
    }

    /// `evaluate_check`: per digest and tag, `Image Digest / Full Tag / [Image ID] / Status / Last Eval / Policy ID`
    /// and with `--detail` the final action and a `Gate / Trigger / Detail / Status` table.
    public static func check(_ payload: JSONValue, detail: Bool) throws(ClientError) -> String {
        var out = ""
        for record in try payload.iterated() {
            guard case .object(let byDigest) = record else { throw JSONValue.formatError("'\(record.pythonString)' object has no attribute 'keys'") }
            for entry in byDigest {
                let digest = entry.key
                guard case .object(let tags) = entry.value else { continue }
                for tagEntry in tags {
                    let tag = tagEntry.key
                    let evaluations = tagEntry.value
                    var pairs: [(String, String)] = [("Image Digest", digest), ("Full Tag", tag)]
                    let list = try evaluations.iterated()
                    if list.isEmpty {
                        out += OutputFormatter.keyValueLines(pairs + [("Status", "no_eval_available")]) + "\n"
                        continue
                    }
                    for evaluation in list {
                        var fields = pairs
                        var table: PlainColumnsTable?
                        if detail {
                            let result = try evaluation.item("detail").item("result")
                            let imageID = try result.item("image_id")
                            fields.append(("Image ID", imageID.pythonString))
                            fields += [
                                ("Status", try evaluation.item("status").pythonString), ("Last Eval", try evaluation.item("last_evaluation").pythonString),
                                ("Policy ID", try evaluation.item("policyId").pythonString),
                            ]
                            if let final = try? result.item("final_action"), let reason = try? result.item("final_action_reason") {
                                fields += [("Final Action", final.pythonString), ("Final Action Reason", reason.pythonString)]
                            }
                            var rowsTable = PlainColumnsTable(["Gate", "Trigger", "Detail", "Status"])
                            for row in try result.item("result").item(imageID.pythonString).item("result").item("rows").iterated() {
                                var status = try row.item(6)
                                let allowlisted = try row.item(7)
                                if allowlisted.isTruthy, let name = try? allowlisted.item("whitelist_name") {
                                    status = .string("whitelisted(" + name.pythonString + ")")
                                }
                                rowsTable.add([try row.item(3), try row.item(4), try row.item(5), status])
                            }
                            table = rowsTable
                        } else {
                            fields += [
                                ("Status", try evaluation.item("status").pythonString), ("Last Eval", try evaluation.item("last_evaluation").pythonString),
                                ("Policy ID", try evaluation.item("policyId").pythonString),
                            ]
                        }
                        pairs = [("Image Digest", digest), ("Full Tag", tag)]
                        out += OutputFormatter.keyValueLines(fields)
                        if let table { out += "\n" + (try table.render()) + "\n" }
                    }
                }
            }
        }
        return out
    }

    /// `get_eval_ecode`: 0 when the first evaluation of the digest's first tag passed, 1 when it failed, else 2.
    public static func exitStatus(_ payload: JSONValue, digest: String) -> Int32 {
        guard let byTag = try? payload.item(0).item(digest), case .object(let tags) = byTag, let first = tags.entries.first,
              let status = try? first.value.item(0).item("status"), case .string(let text) = status
        else { return 2 }
        switch text.lowercased() {
        case "pass": return 0
        case "fail": return 1
        default: return 2
        }
    }
}
