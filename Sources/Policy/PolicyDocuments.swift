import Catalog
public import Foundation

extension GateRegistry {
    /// `GET /system/policy_spec`: every gate with its triggers and parameters (Anchore's `GateSpec` list).
    public static func specDocument() -> [[String: Any]] {
        gates.map { gate in
            [
                "name": gate.name, "description": gate.description, "state": gate.state.rawValue,
                "superceded_by": gate.supersededBy as Any? ?? NSNull(),
                "triggers": gate.triggers.map { trigger in
                    [
                        "name": trigger.name, "description": trigger.description, "state": trigger.state.rawValue,
                        "superceded_by": NSNull(),
                        "parameters": trigger.parameters.map { p in
                            [
                                "name": p.name, "description": p.description, "example": p.example, "required": p.required,
                                "state": "active", "superceded_by": NSNull(),
                                "validator": ["name": p.kind.validatorName, "type": p.kind.validatorName, "validation_criteria": p.kind.criteria],
                            ] as [String: Any]
                        },
                    ] as [String: Any]
                },
            ]
        }
    }
}

extension PolicyEvaluation {
    /// The columns of each result row (`CLI_COMPATIBLE_HEADER_SET`).
    public static let header = ["Image_Id", "Repo_Tag", "Trigger_Id", "Gate", "Trigger", "Check_Output", "Gate_Action", "Whitelisted", "Policy_Id"]

    /// Anchore's `PolicyEvaluation` document (what `detail.result` holds), with the bundle's own JSON embedded as
    /// given. Keys sorted; written directly (an account's re-evaluation writes thousands of these).
    public func documentJSON(account: String, bundle: Data) -> Data {
        var w = JSONWriter(capacity: 1024 + bundle.count + rows.count * 320)
        let epoch = Int64(evaluatedAt.timeIntervalSince1970)
        w.beginObject()
        w.key("bundle")
        w.encodedValue(bundle)
        w.field("created_at", epoch)
        w.key("evaluation_problems")
        w.beginArray()
        w.endArray()
        w.field("final_action", finalAction.name)
        w.field("final_action_reason", reason.rawValue)
        w.field("image_digest", digest)
        w.field("image_id", imageID)
        w.field("last_modified", epoch)
        w.key("matched_blacklisted_images_rule")
        Self.write(selection: matchedDenylistedImage, to: &w)
        w.key("matched_mapping_rule")
        if let m = matchedMapping {
            w.beginObject()
            w.field("id", m.id)
            w.key("image")
            Self.write(selector: m.image, to: &w)
            w.field("name", m.name)
            w.key("policy_ids")
            w.strings(m.policyIDs)
            w.field("registry", m.registry)
            w.field("repository", m.repository)
            w.key("whitelist_ids")
            w.strings(m.allowlistIDs)
            w.endObject()
        } else {
            w.bool(false)
        }
        w.key("matched_whitelisted_images_rule")
        Self.write(selection: matchedAllowlistedImage, to: &w)
        w.key("result")
        w.beginObject()
        w.key(imageID)
        w.beginObject()
        w.key("result")
        w.beginObject()
        w.field("final_action", policyFinalAction.name)
        w.key("header")
        w.strings(Self.header)
        w.field("row_count", Int64(rows.count))
        // Drydock's: the id of the rule each row came from (Anchore's rows do not say).
        w.key("rule_ids")
        w.beginArray()
        for row in rows { w.string(row.ruleID) }
        w.endArray()
        w.key("rows")
        w.beginArray()
        for row in rows {
            w.beginArray()
            w.string(imageID)
            w.string(tag)
            w.string(row.triggerID)
            w.string(row.gate)
            w.string(row.trigger)
            w.string(row.checkOutput)
            w.string(row.action.name)
            if let allowed = row.allowlisted {
                w.beginObject()
                w.field("matched_rule_id", allowed.itemID)
                w.field("whitelist_id", allowed.allowlistID)
                w.field("whitelist_name", allowed.allowlistName)
                w.endObject()
            } else {
                w.bool(false)
            }
            w.string(row.policyID)
            w.endArray()
        }
        w.endArray()
        w.endObject()
        w.endObject()
        w.key("policy_data")
        w.beginArray()
        w.endArray()
        w.field("policy_name", "")
        w.key("whitelist_data")
        w.beginArray()
        w.endArray()
        w.key("whitelist_names")
        w.beginArray()
        w.endArray()
        w.endObject()
        w.field("status", status)
        w.field("tag", tag)
        w.field("user_id", account)
        w.endObject()
        return w.takeData()
    }

    static func write(selector: PolicyBundle.ImageSelector, to w: inout JSONWriter) {
        w.beginObject()
        w.field("type", selector.kind.rawValue)
        w.field("value", selector.value)
        w.endObject()
    }

    /// An image selection rule, or `false`.
    static func write(selection: PolicyBundle.ImageSelection?, to w: inout JSONWriter) {
        guard let s = selection else { return w.bool(false) }
        w.beginObject()
        w.field("id", s.id)
        w.key("image")
        write(selector: s.image, to: &w)
        w.field("name", s.name)
        w.field("registry", s.registry)
        w.field("repository", s.repository)
        w.endObject()
    }
}
