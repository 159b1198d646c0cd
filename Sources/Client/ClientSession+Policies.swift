import Foundation

/// `policy add|get|list|activate|del|describe` and `evaluate check` as anchore-cli 0.9.3 runs them
/// (`anchorecli/cli/policy.py`, `anchorecli/cli/evaluate.py`).
extension ClientSession {
    /// `policy add FILE`: `POST /policies?detail=True` with the bundle; `preview` (Drydock's own) posts with
    /// `dryrun=true` and prints what activating it would change.
    public func addPolicy(file: String, preview: Bool = false) async throws(ClientError) {
        let bundle: JSONValue
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            bundle = try JSONValue(parsing: Array(data))
        } catch let error as ClientError {
            throw ClientError(.invalidInput, "cannot read the policy bundle \(file): \(error.message)")
        } catch {
            throw ClientError(.invalidInput, "cannot read the policy bundle \(file): \(error.localizedDescription)")
        }
        if preview {
            emit(try await payload(of: endpoints.addPolicy(bundle, dryrun: true)), PolicyFormatter.preview)
        } else {
            emit(try await payload(of: endpoints.addPolicy(bundle))) { payload throws(ClientError) in
                try PolicyFormatter.records(payload, detail: false, single: true)
            }
        }
    }

    /// `policy get ID [--detail]`.
    public func getPolicy(id: String, detail: Bool) async throws(ClientError) {
        emit(try await payload(of: endpoints.policy(id: id, detail: detail))) { payload throws(ClientError) in
            try PolicyFormatter.records(payload, detail: detail, single: false)
        }
    }

    /// `policy list`: `GET /policies?detail=False`.
    public func listPolicies() async throws(ClientError) {
        emit(try await payload(of: endpoints.policies(detail: false)), PolicyFormatter.list)
    }

    /// `policy activate ID`: the record with `GET /policies/ID?detail=True`, `active` set, `PUT` back.
    public func activatePolicy(id: String) async throws(ClientError) {
        let records = try await payload(of: endpoints.policy(id: id, detail: true))
        guard case .object(var record) = (try? records.item(0)) ?? .null, !record.isEmpty else {
            throw ClientError(.notFound, "no policy could be fetched to activate")
        }
        record["active"] = .bool(true)
        let updated = try await payload(of: endpoints.updatePolicy(id: id, record: .object(record)))
        emit(updated) { _ in "Success: \(id) activated" }
    }

    /// `policy del ID`.
    public func deletePolicy(id: String) async throws(ClientError) {
        emit(try await payload(of: endpoints.deletePolicy(id: id))) { _ in "Success" }
    }

    /// `policy describe [--gate G [--trigger T]] [--all]`: `GET /system/policy_spec`, then a table.
    public func describePolicies(gate: String?, trigger: String?, all: Bool) async throws(ClientError) {
        if trigger != nil, gate == nil { throw ClientError(.invalidInput, "Trigger can only be specified with --gate as well") }
        emit(try await payload(of: endpoints.policySpec())) { payload throws(ClientError) in
            try PolicyFormatter.describe(payload, gate: gate, trigger: trigger, all: all)
        }
    }

    /// `evaluate check IMG [--tag T] [--detail] [--show-history] [--policy ID]`; returns the exit status
    /// (0 pass, 1 fail, 2 otherwise), as `get_eval_ecode` decides it.
    public func evaluateCheck(_ input: String, tag: String?, detail: Bool, history: Bool, policyID: String?) async throws(ClientError) -> Int32 {
        let discovery = await discoverImage(input)
        guard let digest = discovery.digest else { throw ClientError(.noImageDigest, "could not get image record from anchore") }
        let evaluatedTag: String
        if let tag {
            evaluatedTag = tag
        } else if discovery.kind == "tag" {
            evaluatedTag = input
        } else {
            throw ClientError(.invalidInput, "input image name is not a tag, and no --tag is specified")
        }
        let payload = try await payload(of: endpoints.checkEvaluation(digest: digest, history: history, detail: detail, tag: evaluatedTag, policyID: policyID))
        emit(payload) { payload throws(ClientError) in try PolicyFormatter.check(payload, detail: detail) }
        return PolicyFormatter.exitStatus(payload, digest: PercentEncoding.unquotePlus(digest))
    }
}

extension AnchoreEndpoints {
    /// `add_policy`: `POST /policies?detail=True` with the bundle as given.
    public func addPolicy(_ bundle: JSONValue, dryrun: Bool = false) -> APIRequest {
        APIRequest(.post, root + "/policies?detail=True" + (dryrun ? "&dryrun=true" : ""), body: bundle.pythonJSON)
    }

    /// `get_policies`: `GET /policies?detail=True|False`.
    public func policies(detail: Bool) -> APIRequest { APIRequest(.get, root + "/policies?detail=" + Self.python(detail)) }

    /// `get_policy`: `GET /policies/<id>?detail=True|False`.
    public func policy(id: String, detail: Bool) -> APIRequest { APIRequest(.get, root + "/policies/" + id + "?detail=" + Self.python(detail)) }

    /// `update_policy`: `PUT /policies/<id>` with the whole record.
    public func updatePolicy(id: String, record: JSONValue) -> APIRequest { APIRequest(.put, root + "/policies/" + id, body: record.pythonJSON) }

    /// `delete_policy`: `DELETE /policies/<id>`.
    public func deletePolicy(id: String) -> APIRequest { APIRequest(.delete, root + "/policies/" + id) }

    /// `describe_policy_spec`: `GET /system/policy_spec`.
    public func policySpec() -> APIRequest { APIRequest(.get, root + "/system/policy_spec") }

    /// `check_eval`: `GET /images/<digest>/check?history=…&detail=…&tag=<tag, not encoded>[&policyId=…]`.
    public func checkEvaluation(digest: String, history: Bool, detail: Bool, tag: String, policyID: String?) -> APIRequest {
        var url = root + "/images/" + digest + "/check?history=" + (history ? "true" : "false") + "&detail=" + (detail ? "true" : "false")
        url += "&tag=" + tag
        if let policyID { url += "&policyId=" + policyID }
        return APIRequest(.get, url)
    }
}

extension PolicyFormatter {
    /// Drydock's `policy add --preview`: how many images would pass, warn and fail, and the tags that change.
    public static func preview(_ payload: JSONValue) throws(ClientError) -> String {
        let summary = try payload.item("summary")
        var out = OutputFormatter.keyValueLines([
            ("Policy ID", try payload.item("policyId").pythonString), ("Active Policy ID", try payload.get("active_policyId").pythonString),
            ("Images", try summary.item("images").pythonString), ("Pass (go)", try summary.item("go").pythonString),
            ("Pass (warn)", try summary.item("warn").pythonString), ("Fail (stop)", try summary.item("stop").pythonString),
        ])
        var table = PlainColumnsTable(["Full Tag", "Image Digest", "Now", "With This Policy"])
        for change in try payload.item("changes").iterated() {
            let before = try change.get("previous_final_action")
            table.add([try change.item("fulltag"), try change.item("imageDigest"), before == .null ? "none" : before, try change.item("final_action")])
        }
        if !table.rows.isEmpty { out += "\nChanges:\n" + (try table.render(sortBy: "Full Tag")) + "\n" }
        return out
    }
}
