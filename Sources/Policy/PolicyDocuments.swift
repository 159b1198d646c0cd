import Foundation

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

    /// Anchore's `PolicyEvaluation` document (what `detail.result` holds), with the bundle's own JSON.
    public func document(account: String, bundle: Any) -> [String: Any] {
        let rows: [[Any]] = rows.map { row in
            let allowlisted: Any = row.allowlisted.map {
                ["whitelist_name": $0.allowlistName, "whitelist_id": $0.allowlistID, "matched_rule_id": $0.itemID] as [String: Any]
            } ?? false
            return [imageID, tag, row.triggerID, row.gate, row.trigger, row.checkOutput, row.action.name, allowlisted, row.policyID]
        }
        let epoch = Int(evaluatedAt.timeIntervalSince1970)
        return [
            "user_id": account, "image_id": imageID, "image_digest": digest, "tag": tag, "bundle": bundle,
            "matched_mapping_rule": matchedMapping.map(Self.mappingJSON) ?? false,
            "matched_whitelisted_images_rule": matchedAllowlistedImage.map(Self.selectionJSON) ?? false,
            "matched_blacklisted_images_rule": matchedDenylistedImage.map(Self.selectionJSON) ?? false,
            "final_action": finalAction.name, "final_action_reason": reason.rawValue, "status": status,
            "created_at": epoch, "last_modified": epoch, "evaluation_problems": [],
            "result": [
                imageID: [
                    "result": [
                        "header": Self.header, "row_count": rows.count, "rows": rows, "final_action": policyFinalAction.name,
                        // Drydock's: the id of the rule each row came from (Anchore's rows do not say).
                        "rule_ids": self.rows.map { $0.ruleID as Any? ?? NSNull() },
                    ] as [String: Any],
                ],
                "policy_data": [], "whitelist_data": [], "policy_name": "", "whitelist_names": [],
            ] as [String: Any],
        ]
    }

    static func selectorJSON(_ image: PolicyBundle.ImageSelector) -> [String: Any] { ["type": image.kind.rawValue, "value": image.value] }

    static func mappingJSON(_ m: PolicyBundle.Mapping) -> [String: Any] {
        [
            "id": m.id as Any? ?? NSNull(), "name": m.name, "registry": m.registry, "repository": m.repository,
            "image": selectorJSON(m.image), "policy_ids": m.policyIDs, "whitelist_ids": m.allowlistIDs,
        ]
    }

    static func selectionJSON(_ s: PolicyBundle.ImageSelection) -> [String: Any] {
        ["id": s.id as Any? ?? NSNull(), "name": s.name, "registry": s.registry, "repository": s.repository, "image": selectorJSON(s.image)]
    }
}
