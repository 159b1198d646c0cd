import Engine
import Foundation

/// The body of `POST /images` (`ImageAnalysisRequest`): the legacy `tag`/`digest` fields or a `source` object.
struct ImageAnalysisRequest: Decodable {
    var tag: String?
    var digest: String?
    var createdAt: String?
    var dockerfile: String?
    var imageType: String?
    var annotations: [String: String]?
    var source: Source?

    enum CodingKeys: String, CodingKey {
        case tag, digest, dockerfile, annotations, source
        case createdAt = "created_at"
        case imageType = "image_type"
    }

    struct Source: Decodable {
        var tag: TagSource?
        var digest: DigestSource?
        var archive: JSONValue?
        var `import`: JSONValue?
    }

    struct TagSource: Decodable {
        var pullstring: String
        var dockerfile: String?
    }

    struct DigestSource: Decodable {
        var pullstring: String
        var tag: String
        var creationTimestampOverride: String?
        var dockerfile: String?

        enum CodingKeys: String, CodingKey {
            case pullstring, tag, dockerfile
            case creationTimestampOverride = "creation_timestamp_override"
        }
    }

    /// Normalizes to the catalog's request (reference section 4.1).
    func catalogRequest(force: Bool, autosubscribe: Bool) throws -> AddImageRequest {
        if let imageType, imageType != "docker" { throw APIError.badRequest("unsupported image_type \"\(imageType)\"; only docker is supported") }
        var request = AddImageRequest(annotations: annotations ?? [:], force: force, autosubscribe: autosubscribe)
        if let source {
            guard tag == nil, digest == nil, dockerfile == nil else {
                throw APIError.badRequest("Cannot use both source and the tag, digest or dockerfile properties")
            }
            if let tagSource = source.tag {
                request.tag = tagSource.pullstring
                request.dockerfile = tagSource.dockerfile
            } else if let digestSource = source.digest {
                request.tag = digestSource.tag
                request.digest = digestSource.pullstring
                request.dockerfile = digestSource.dockerfile
                request.createdAt = try digestSource.creationTimestampOverride.map(Self.parseTime)
            } else if source.archive != nil || source.import != nil {
                throw APIError.badRequest("archive and import sources are not supported by this server")
            } else {
                throw APIError.badRequest("source must contain a tag or digest object")
            }
        } else {
            guard tag != nil || digest != nil else {
                throw APIError.badRequest("Must include either \"tag\", \"tag\" and \"digest\", or \"source\" property in body")
            }
            request.tag = tag
            request.digest = digest
            request.dockerfile = dockerfile
            request.createdAt = try createdAt.map(Self.parseTime)
        }
        return request
    }

    static func parseTime(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        throw APIError.badRequest("created_at \"\(text)\" is not an RFC 3339 date-time")
    }
}

/// The body of `POST /subscriptions`.
struct SubscriptionRequest: Decodable {
    var subscriptionKey: String?
    var subscriptionType: String?
    var subscriptionValue: String?
    var active: Bool?

    enum CodingKeys: String, CodingKey {
        case subscriptionKey = "subscription_key", subscriptionType = "subscription_type"
        case subscriptionValue = "subscription_value", active
    }
}

/// The body of `PUT /subscriptions/{id}` (key and type are accepted and ignored).
struct SubscriptionUpdate: Decodable {
    var active: Bool?
    var subscriptionValue: String?

    enum CodingKeys: String, CodingKey { case active, subscriptionValue = "subscription_value" }
}
