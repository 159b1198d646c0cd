import Catalog
import Engine
import Foundation
import Hummingbird
import OCI
import Store

/// The Anchore-compatible REST API v1 (reference sections 1–4): images, content, metadata, SBOMs,
/// subscriptions, system. Every route is served under `/v1` and, aliased, at the root.
struct AnchoreAPI: Sendable {
    let catalog: ImageCatalog
    let store: any DataStore
    let maxRequestBytes: Int
    let baseURL: String
    let startedAt: Date
    let registryCredentials: RegistryCredentialProvider
    let repositories: RepositoryWatcher
    let vulnerabilities: VulnerabilityService
    let authenticator: Authenticator
    let sessions: SessionStore
    let policies: PolicyService

    func register(on group: RouterGroup<DrydockContext>) {
        group.post("images", use: addImage)
        group.get("images", use: listImages)
        group.delete("images", use: deleteImages)
        group.get("images/by_id/:imageId", use: getImageByID)
        group.delete("images/by_id/:imageId", use: deleteImageByID)
        group.get("images/:digest", use: getImage)
        group.delete("images/:digest", use: deleteImage)
        group.get("images/:digest/content", use: contentTypes)
        group.get("images/:digest/content/:ctype", use: content)
        group.get("images/by_id/:imageId/content", use: contentTypes)
        group.get("images/by_id/:imageId/content/:ctype", use: content)
        group.get("images/:digest/metadata", use: metadataTypes)
        group.get("images/:digest/metadata/:mtype", use: metadata)
        group.get("images/:digest/sboms/:format", use: sbom)
        group.get("summaries/imagetags", use: imageTagSummaries)
        group.get("subscriptions", use: listSubscriptions)
        group.post("subscriptions", use: addSubscription)
        group.get("subscriptions/:id", use: getSubscription)
        group.put("subscriptions/:id", use: updateSubscription)
        group.delete("subscriptions/:id", use: deleteSubscription)
        registerSystem(on: group)
        registerRegistries(on: group)
        registerEvents(on: group)
        registerWebhooks(on: group)
        registerRepositories(on: group)
        registerVulnerabilities(on: group)
        registerVEX(on: group)
        registerAccounts(on: group)
        PolicyAPI(policies: policies, catalog: catalog, maxRequestBytes: maxRequestBytes).register(on: group)
    }

    // MARK: Images

    @Sendable func addImage(_ request: Request, context: DrydockContext) async throws -> Response {
        let force = try request.bool("force", default: false)
        let autosubscribe = try request.bool("autosubscribe", default: false)
        guard let body = try await request.decode(ImageAnalysisRequest.self, limit: maxRequestBytes) else {
            throw APIError.badRequest("the request body is empty")
        }
        let image = try await catalog.addImage(account: try context.account, body.catalogRequest(force: force, autosubscribe: autosubscribe))
        return jsonResponse(ImageJSON.list([image]))
    }

    @Sendable func listImages(_ request: Request, context: DrydockContext) async throws -> Response {
        var fullTag = request.query("fulltag")
        if fullTag == nil, request.headers[.contentLength].flatMap(Int.init) ?? 0 > 0,
           let body = try? await request.decode([String: JSONValue].self, limit: maxRequestBytes, allowEmpty: true) {
            fullTag = body["tag"]?.string  // anchore-cli's fallback when it cannot read the API version
        }
        let imageStatus: ImageStatus?
        switch request.query("image_status") ?? "active" {
        case "all": imageStatus = nil
        case let text:
            guard let status = ImageStatus(rawValue: text) else { throw APIError.badRequest("unknown image_status \"\(text)\"") }
            imageStatus = status
        }
        let analysisStatus = try request.query("analysis_status").map { text in
            guard let status = AnalysisStatus(rawValue: text) else { throw APIError.badRequest("unknown analysis_status \"\(text)\"") }
            return status
        }
        let images = try await catalog.images(
            account: try context.account, fullTag: fullTag, history: try request.bool("history", default: false),
            analysisStatus: analysisStatus, imageStatus: imageStatus)
        return jsonResponse(await ImageJSON.listConcurrently(images))
    }

    @Sendable func getImage(_ request: Request, context: DrydockContext) async throws -> Response {
        let image = try await catalog.image(account: try context.account, digest: try context.parameters.digest())
        return jsonResponse(ImageJSON.list(image.map { [$0] } ?? []))
    }

    @Sendable func getImageByID(_ request: Request, context: DrydockContext) async throws -> Response {
        let images = try await catalog.images(account: try context.account, imageID: try context.parameters.decoded("imageId"))
        return jsonResponse(ImageJSON.list(images))
    }

    @Sendable func deleteImage(_ request: Request, context: DrydockContext) async throws -> Response {
        let result = try await catalog.deleteImage(
            account: try context.account, digest: try context.parameters.digest(), force: try request.bool("force", default: false))
        return try jsonResponse(object: Self.deleteObject(result))
    }

    @Sendable func deleteImageByID(_ request: Request, context: DrydockContext) async throws -> Response {
        let account = try context.account
        let images = try await catalog.images(account: account, imageID: try context.parameters.decoded("imageId"))
        let result = try await catalog.deleteImage(account: account, digest: images[0].digest, force: try request.bool("force", default: false))
        return try jsonResponse(object: Self.deleteObject(result))
    }

    /// `DELETE /images?imageDigests=a,b&force=`: one result per digest.
    @Sendable func deleteImages(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let list = request.query("imageDigests") else { throw APIError.badRequest("imageDigests is required") }
        let account = try context.account
        let force = try request.bool("force", default: false)
        var results: [[String: Any]] = []
        for text in list.split(separator: ",") {
            guard let digest = Digest(String(text).trimmingCharacters(in: .whitespaces)) else {
                throw APIError.badRequest("\"\(text)\" is not a valid image digest")
            }
            results.append(Self.deleteObject(try await catalog.deleteImage(account: account, digest: digest, force: force)))
        }
        return try jsonResponse(object: results)
    }

    static func deleteObject(_ result: DeleteResult) -> [String: Any] {
        ["digest": result.digest.description, "status": result.status.rawValue, "detail": result.detail as Any? ?? NSNull()]
    }

    /// `GET /summaries/imagetags`: one row per tag, integer timestamps.
    @Sendable func imageTagSummaries(_ request: Request, context: DrydockContext) async throws -> Response {
        let status: ImageStatus? = request.query("image_status") == "all" ? nil : ImageStatus(rawValue: request.query("image_status") ?? "active")
        let images = try await catalog.images(account: try context.account, imageStatus: status)
        var rows: [[String: Any]] = []
        for image in images {
            for tag in image.tags {
                rows.append([
                    "imageDigest": image.digest.description, "parentDigest": image.parentDigest.description,
                    "imageId": tag.imageID, "analysis_status": image.analysisStatus.rawValue, "fulltag": tag.fullTag,
                    "created_at": Int(tag.createdAt.timeIntervalSince1970),
                    "analyzed_at": image.analyzedAt.map { Int($0.timeIntervalSince1970) } as Any? ?? NSNull(),
                    "tag_detected_at": Int(tag.tagDetectedAt.timeIntervalSince1970),
                    "image_status": image.imageStatus.rawValue,
                ])
            }
        }
        return try jsonResponse(object: rows)
    }

    // MARK: Content, metadata, SBOMs

    /// The image a content route names (by digest or image id), in any analysis state.
    func namedImage(_ context: DrydockContext) async throws -> ImageRecord {
        let account = try context.account
        if let id = context.parameters.get("imageId") {
            return try await catalog.images(account: account, imageID: id.removingPercentEncoding ?? id)[0]
        }
        guard let found = try await catalog.image(account: account, digest: try context.parameters.digest()) else {
            throw APIError.notFound("image not found in DB")
        }
        return found
    }

    /// The image a content route names (by digest or image id), which must be analyzed.
    func analyzedImage(_ context: DrydockContext) async throws -> ImageRecord {
        let image = try await namedImage(context)
        guard image.analysisStatus == .analyzed else {
            throw APIError.notFound("image is not analyzed - analysis_status: \(image.analysisStatus.rawValue)")
        }
        return image
    }

    func analysis(of image: ImageRecord) async throws -> ImageAnalysis {
        guard let data = try await store.artifact(account: image.account, digest: image.digest, kind: ArtifactKind.analysis) else {
            throw APIError(.notFound, "the analysis of \(image.digest) is not stored; re-add the image with force=true")
        }
        do {
            return try ArtifactKind.decodeAnalysis(data)
        } catch {
            throw APIError(.internalServerError, "the stored analysis of \(image.digest) cannot be read: \(error)")
        }
    }

    /// The content types: Anchore's list, answered for an image in any state (anchore-cli asks before it waits).
    @Sendable func contentTypes(_ request: Request, context: DrydockContext) async throws -> Response {
        _ = try await namedImage(context)
        return try jsonEncoded(ContentJSON.contentTypes)
    }

    @Sendable func content(_ request: Request, context: DrydockContext) async throws -> Response {
        let type = try context.parameters.decoded("ctype")
        guard ContentJSON.contentTypes.contains(type) || ContentJSON.metadataTypes.contains(type) else {
            throw APIError.notFound("content type (\(type)) not available")
        }
        let image = try await analyzedImage(context)
        let analysis = try await analysis(of: image)
        var writer = JSONWriter(capacity: 1 << 16)
        writer.beginObject()
        writer.field("imageDigest", digest: image.digest)
        writer.field("content_type", type)
        writer.key("content")
        if ContentJSON.metadataTypes.contains(type) {
            let manifest = try await store.artifact(account: image.account, digest: image.digest, kind: "manifest")
            writer.string(ContentJSON.metadata(type, of: analysis, manifest: manifest))
        } else {
            ContentJSON.content(type, of: analysis, to: &writer)
        }
        if type == "malware" { writer.field("note", ContentJSON.malwareNote) }
        writer.endObject()
        return jsonResponse(writer.bytes)
    }

    @Sendable func metadataTypes(_ request: Request, context: DrydockContext) async throws -> Response {
        _ = try await namedImage(context)
        return try jsonEncoded(ContentJSON.metadataTypes)
    }

    @Sendable func metadata(_ request: Request, context: DrydockContext) async throws -> Response {
        let type = try context.parameters.decoded("mtype")
        guard ContentJSON.metadataTypes.contains(type) else { throw APIError.notFound("metadata type (\(type)) not available") }
        let image = try await analyzedImage(context)
        let analysis = try await analysis(of: image)
        let manifest = try await store.artifact(account: image.account, digest: image.digest, kind: "manifest")
        return try jsonResponse(object: [
            "imageDigest": image.digest.description, "metadata_type": type,
            "metadata": ContentJSON.metadata(type, of: analysis, manifest: manifest) ?? "",
        ])
    }

    /// `GET /images/{digest}/sboms/{native|native-json|cyclonedx-json|spdx-json}`.
    @Sendable func sbom(_ request: Request, context: DrydockContext) async throws -> Response {
        let format = try context.parameters.decoded("format")
        let image = try await analyzedImage(context)
        let analysis = try await analysis(of: image)
        let data: Data
        switch format {
        case "native", "native-json": data = try NativeEncoder.encode(analysis, pretty: false)
        case "cyclonedx-json", "cyclonedx": data = try CycloneDXEncoder.encode(analysis)
        case "spdx-json", "spdx": data = try SPDXEncoder.encode(analysis)
        default: throw APIError.notFound("unknown SBOM format \"\(format)\" (native-json, cyclonedx-json, spdx-json)")
        }
        return jsonResponse(Array(data))
    }

    // MARK: Subscriptions

    static func subscriptionObject(_ subscription: Subscription) -> [String: Any] {
        [
            "subscription_id": subscription.id, "userId": subscription.account,
            "subscription_type": subscription.type, "subscription_key": subscription.key,
            "subscription_value": subscription.value as Any? ?? NSNull(), "active": subscription.active,
            "created_at": Int(subscription.createdAt.timeIntervalSince1970),
            "last_updated": Int(subscription.lastUpdated.timeIntervalSince1970),
        ]
    }

    @Sendable func listSubscriptions(_ request: Request, context: DrydockContext) async throws -> Response {
        let list = try await catalog.subscriptions(
            account: try context.account, key: request.query("subscription_key"), type: request.query("subscription_type"))
        return try jsonResponse(object: list.map(Self.subscriptionObject))
    }

    @Sendable func getSubscription(_ request: Request, context: DrydockContext) async throws -> Response {
        let id = try context.parameters.decoded("id")
        // An unknown id is an empty list, as Anchore answers it (anchore-cli prints an empty table).
        let found = try await catalog.subscription(account: try context.account, id: id)
        return try jsonResponse(object: found.map { [Self.subscriptionObject($0)] } ?? [])
    }

    @Sendable func addSubscription(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let body = try await request.decode(SubscriptionRequest.self, limit: maxRequestBytes),
              let key = body.subscriptionKey, let type = body.subscriptionType
        else { throw APIError.badRequest("subscription_key and subscription_type are required") }
        let created = try await catalog.createSubscription(
            account: try context.account, type: type, key: key, value: body.subscriptionValue, active: body.active ?? false)
        return try jsonResponse(object: [Self.subscriptionObject(created)])
    }

    @Sendable func updateSubscription(_ request: Request, context: DrydockContext) async throws -> Response {
        guard let body = try await request.decode(SubscriptionUpdate.self, limit: maxRequestBytes) else {
            throw APIError.badRequest("the request body is empty")
        }
        let updated = try await catalog.updateSubscription(
            account: try context.account, id: try context.parameters.decoded("id"), active: body.active, value: body.subscriptionValue)
        return try jsonResponse(object: [Self.subscriptionObject(updated)])
    }

    @Sendable func deleteSubscription(_ request: Request, context: DrydockContext) async throws -> Response {
        try await catalog.deleteSubscription(account: try context.account, id: try context.parameters.decoded("id"))
        return try jsonResponse(object: true)
    }
}
