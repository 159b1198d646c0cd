import Engine
import Foundation
import Hummingbird
import OCI
import Policy
import Store

/// Policy bundles, evaluations and the gate spec (reference 2.2, 2.3, 7): `/policies`, `/images/{digest}/check`,
/// `/system/policy_spec`.
struct PolicyAPI: Sendable {
    let policies: PolicyService
    let catalog: ImageCatalog
    let maxRequestBytes: Int

    func register(on group: RouterGroup<DrydockContext>) {
        group.get("policies", use: list)
        group.post("policies", use: add)
        group.get("policies/:id", use: get)
        group.put("policies/:id", use: update)
        group.delete("policies/:id", use: delete)
        group.get("images/:digest/check", use: check)
        group.get("images/by_id/:imageId/check", use: check)
        group.get("system/policy_spec", use: spec)
        group.get("summaries/policy_evaluations", use: summaries)
    }

    /// `GET /summaries/policy_evaluations` (Drydock): the latest evaluation of each image and tag of the account
    /// against its active bundle, without documents — the compliance column of the web UI.
    @Sendable func summaries(_ request: Request, context: DrydockContext) async throws -> Response {
        let account = try context.account
        guard let active = try await policies.policies(account: account).first(where: \.active) else { return try jsonResponse(object: [Any]()) }
        let records = try await policies.store.latestEvaluations(account: account, policyID: active.id)
        return try jsonResponse(object: records.map {
            [
                "imageDigest": $0.digest, "fulltag": $0.tag, "policyId": $0.policyID, "final_action": $0.finalAction, "status": $0.status,
                "last_evaluation": anchoreTimestamp($0.evaluatedAt),
            ] as [String: Any]
        })
    }

    /// Anchore's `PolicyBundleRecord`; `policybundle` is `{}` unless `detail`.
    static func recordObject(_ record: PolicyRecord, detail: Bool) -> [String: Any] {
        var object: [String: Any] = [
            "policyId": record.id, "active": record.active, "userId": record.account, "policy_source": record.source,
            "created_at": anchoreTimestamp(record.createdAt), "last_updated": anchoreTimestamp(record.lastUpdated),
            "policybundle": detail ? ((try? JSONSerialization.jsonObject(with: record.bundle)) ?? [:]) : [String: Any](),
            "policybundlemeta": [String: Any](),
        ]
        if let name = record.name { object["name"] = name }
        if let description = record.description { object["description"] = description }
        return object
    }

    /// A bundle's validation failure, as Anchore answers it: 400 with `detail.validation_details`.
    static func refusal(_ error: PolicyError) -> Response {
        let problems = error.problems.isEmpty ? [ValidationProblem("InvalidBundleFormat", error.message)] : error.problems
        let object: [String: Any] = [
            "message": error.code == .malformed ? "Bundle failed validation: \(error.message)" : "Bundle failed validation", "httpcode": 400,
            "detail": [
                "validation_details": problems.map { ["severity": $0.severity, "problem_type": $0.problemType, "details": $0.details] },
                "error_codes": [String](),
            ] as [String: Any],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Response(status: .badRequest, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Runs a handler, answering a refused bundle with Anchore's validation envelope.
    func validating(_ body: () async throws -> Response) async throws -> Response {
        do { return try await body() } catch let error as PolicyError { return Self.refusal(error) }
    }

    /// The request body, bounded; a clear 400 when there is none.
    func body(_ request: Request) async throws -> Data {
        let buffer = try await request.body.collect(upTo: maxRequestBytes)
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("the request body is empty; a policy bundle (JSON object) is required") }
        return Data(buffer.readableBytesView)
    }

    @Sendable func list(_ request: Request, context: DrydockContext) async throws -> Response {
        let detail = try request.bool("detail", default: true)
        return try jsonResponse(object: try await policies.policies(account: try context.account).map { Self.recordObject($0, detail: detail) })
    }

    @Sendable func get(_ request: Request, context: DrydockContext) async throws -> Response {
        let record = try await policies.policy(account: try context.account, id: try context.parameters.decoded("id"))
        return try jsonResponse(object: [Self.recordObject(record, detail: try request.bool("detail", default: true))])
    }

    /// `POST /policies` adds (or replaces) a bundle; `?dryrun=true` previews its impact instead.
    @Sendable func add(_ request: Request, context: DrydockContext) async throws -> Response {
        let account = try context.account
        let detail = try request.bool("detail", default: true)
        let dryrun = try request.bool("dryrun", default: false)
        let json = try await body(request)
        return try await validating {
            if dryrun { return try jsonResponse(object: Self.previewObject(try await policies.preview(account: account, json: json))) }
            return try jsonResponse(object: Self.recordObject(try await policies.add(account: account, json: json), detail: detail))
        }
    }

    static func previewObject(_ p: PolicyPreview) -> [String: Any] {
        [
            "policyId": p.bundleID, "active_policyId": p.activeBundleID as Any? ?? NSNull(), "dryrun": true,
            "summary": ["pass": p.pass + p.warn, "fail": p.fail, "go": p.pass, "warn": p.warn, "stop": p.fail, "images": p.pass + p.warn + p.fail],
            "changes": p.changes.map {
                ["imageDigest": $0.digest, "fulltag": $0.tag, "previous_final_action": $0.previous as Any? ?? NSNull(), "final_action": $0.next, "stop_rows": $0.stops]
                    as [String: Any]
            },
        ]
    }

    /// `PUT /policies/{id}`: the body is a policy record (`policyId`, `active`, `policybundle`), as
    /// `anchore-cli policy activate` sends it; `?active=` works too.
    @Sendable func update(_ request: Request, context: DrydockContext) async throws -> Response {
        let account = try context.account
        let id = try context.parameters.decoded("id")
        let data = try await body(request)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw APIError.badRequest("the request body must be a policy record: {\"policyId\", \"active\", \"policybundle\"}")
        }
        if let given = object["policyId"], given as? String != id {
            throw APIError.badRequest("policyId in route is different from policyId in payload")
        }
        var bundle: Data?
        if let value = object["policybundle"] {
            guard let inner = value as? [String: Any] else { throw APIError.badRequest("policybundle must be a JSON object") }
            if !inner.isEmpty { bundle = try JSONSerialization.data(withJSONObject: inner, options: [.sortedKeys, .withoutEscapingSlashes]) }
        }
        var active = object["active"] as? Bool
        if request.query("active") != nil { active = try request.bool("active", default: false) }
        if object["active"] != nil, active == nil { throw APIError.badRequest("active must be true or false") }
        return try await validating {
            let record = try await policies.update(account: account, id: id, json: bundle, active: active)
            return try jsonResponse(object: [Self.recordObject(record, detail: true)])
        }
    }

    @Sendable func delete(_ request: Request, context: DrydockContext) async throws -> Response {
        try await policies.delete(account: try context.account, id: try context.parameters.decoded("id"))
        return try jsonResponse(object: "deleted")
    }

    @Sendable func spec(_ request: Request, context: DrydockContext) async throws -> Response {
        try jsonResponse(object: GateRegistry.specDocument())
    }

    /// `GET /images/{digest}/check?tag=&detail=&history=&policyId=`: a fresh evaluation (stored), then the
    /// latest (or, with `history`, every stored) evaluation of the image as that tag.
    @Sendable func check(_ request: Request, context: DrydockContext) async throws -> Response {
        let account = try context.account
        let image: ImageRecord
        if let id = context.parameters.get("imageId") {
            image = try await catalog.images(account: account, imageID: id.removingPercentEncoding ?? id)[0]
        } else {
            guard let found = try await catalog.image(account: account, digest: try context.parameters.digest(), required: false) else {
                throw APIError.notFound("image not found in DB")
            }
            image = found
        }
        guard let tagText = request.query("tag") else { throw APIError.badRequest("the tag query parameter is required (the tag to evaluate the image as)") }
        let pull = try PullString(parsing: tagText)
        guard let tagName = pull.tag else { throw APIError.badRequest("tag must be a tag (registry/repository:tag), not a digest") }
        let tag = "\(pull.registry)/\(pull.repository):\(tagName)"
        let policyID = request.query("policyId")
        let detail = try request.bool("detail", default: false)
        let latest = try await policies.evaluate(account: account, image: image, tag: tag, policyID: policyID)
        var records = [latest]
        if try request.bool("history", default: false) {
            records = try await policies.history(account: account, digest: image.digest, tag: tag, policyID: policyID)
        }
        let entries: [[String: Any]] = records.map { record in
            var entry: [String: Any] = [
                "policyId": record.policyID, "status": record.status, "last_evaluation": anchoreTimestamp(record.evaluatedAt),
                "detail": [String: Any](),
            ]
            if detail, let document = try? JSONSerialization.jsonObject(with: EvaluationDocument.json(record.document)) as? [String: Any] {
                entry["detail"] = ["result": document, "policy": document["bundle"] ?? [:]] as [String: Any]
            }
            return entry
        }
        return try jsonResponse(object: [[image.digest.description: [tag: entries]]])
    }
}
