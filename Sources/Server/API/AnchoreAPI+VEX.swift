import Engine
import Foundation
import Hummingbird
import OCI
import Store
import Vulnerabilities

/// VEX (Drydock): an account's OpenVEX documents (`/vex`), applied to its images' matches when they are listed and
/// evaluated, and an image's matches exported as OpenVEX or CycloneDX VEX (`/images/{digest}/vex`).
extension AnchoreAPI {
    var vex: VEXService { VEXService(store: store) }

    func registerVEX(on group: RouterGroup<DrydockContext>) {
        group.get("vex", use: listVEX)
        group.post("vex", use: addVEX)
        group.get("vex/:id", use: getVEX)
        group.delete("vex/:id", use: deleteVEX)
        group.get("images/:digest/vex", use: exportVEX)
        group.get("images/by_id/:imageId/vex", use: exportVEX)
    }

    static func vexRecordObject(_ record: VEXRecord, document: Bool) -> [String: Any] {
        var object: [String: Any] = [
            "id": record.id, "document_id": record.documentID, "author": record.author, "statements": record.statementCount,
            "created_at": anchoreTimestamp(record.createdAt),
        ]
        if document { object["document"] = (try? JSONSerialization.jsonObject(with: record.document)) ?? [String: Any]() }
        return object
    }

    @Sendable func listVEX(_ request: Request, context: DrydockContext) async throws -> Response {
        try jsonResponse(object: try await vex.documents(account: try context.account).map { Self.vexRecordObject($0, document: false) })
    }

    @Sendable func addVEX(_ request: Request, context: DrydockContext) async throws -> Response {
        let account = try context.account
        let buffer = try await request.body.collect(upTo: maxRequestBytes)
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("the request body is empty; an OpenVEX document (JSON) is required") }
        let (record, _) = try await vex.add(account: account, json: Data(buffer.readableBytesView))
        policies.vexChanged(account: account)
        return try jsonResponse(object: Self.vexRecordObject(record, document: false))
    }

    @Sendable func getVEX(_ request: Request, context: DrydockContext) async throws -> Response {
        let record = try await vex.document(account: try context.account, id: try context.parameters.decoded("id"))
        return try jsonResponse(object: Self.vexRecordObject(record, document: true))
    }

    @Sendable func deleteVEX(_ request: Request, context: DrydockContext) async throws -> Response {
        let account = try context.account
        try await vex.delete(account: account, id: try context.parameters.decoded("id"))
        policies.vexChanged(account: account)
        return Response(status: .ok)
    }

    /// `GET /images/{digest}/vex?format=openvex|cyclonedx`: every match of the image (`vuln/all`, will-not-fix
    /// included) as a VEX statement: affected with the fix, or what the account's own statement says.
    @Sendable func exportVEX(_ request: Request, context: DrydockContext) async throws -> Response {
        let format = request.uri.queryParameters.get("format") ?? "openvex"
        guard format == "openvex" || format == "cyclonedx" else { throw APIError.badRequest("format must be openvex or cyclonedx, not \(format)") }
        let image = try await analyzedImage(context)
        let report: MatchReport
        do {
            report = try await vulnerabilities.report(for: image)
        } catch let error as FeedOperationError {
            throw APIError(.notFound, "\(error.description); re-add the image with force=true")
        }
        let statements = try await vex.statements(account: image.account, feeds: vulnerabilities.matcher.index.vex)
        let digest = image.digest.description
        let items = report.matches.map { VEXExport.Item(match: $0, assessment: statements.assessment(for: $0, image: digest)) }
        let repository = image.tags.first.map { "\($0.registry)/\($0.repository)" }
        let now = anchoreTimestamp(Date())
        let object = format == "openvex"
            ? VEXExport.openVEX(digest: digest, repository: repository, items: items, timestamp: now, author: "Drydock (account \(image.account))")
            : VEXExport.cycloneDX(digest: digest, repository: repository, items: items, timestamp: now, serial: UUID())
        return try jsonResponse(object: object)
    }
}
