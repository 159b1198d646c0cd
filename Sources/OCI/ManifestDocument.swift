public import Foundation

/// A manifest fetched by reference: either a single-platform image manifest or an index.
public enum ManifestDocument: Hashable, Sendable {
    case image(ImageManifest)
    case index(ImageIndex)

    /// The largest manifest Drydock reads (the distribution spec's recommended limit).
    public static let maximumSize = 4 * 1024 * 1024

    /// Decodes manifest bytes, using the `Content-Type` the registry sent when the document omits `mediaType`.
    ///
    /// - Throws: ``OCIError``: ``OCIError/Code/unsupportedSchema`` for Docker schema 1,
    ///   ``OCIError/Code/unsupportedMediaType`` for other types, ``OCIError/Code/invalidDocument`` for bad JSON.
    public init(decoding data: Data, contentType: MediaType? = nil) throws(OCIError) {
        guard data.count <= ManifestDocument.maximumSize else {
            throw OCIError(.invalidDocument, "manifest is \(data.count) bytes, over the 4 MiB limit")
        }
        struct Anything: Decodable {}
        struct Probe: Decodable {
            var schemaVersion: Int?
            var mediaType: MediaType?
            var manifests: [Anything]?
            var layers: [Anything]?
        }
        let probe: Probe
        do {
            probe = try JSONDecoder().decode(Probe.self, from: data)
        } catch {
            throw OCIError(.invalidDocument, "manifest is not valid JSON: \(Self.describe(error))")
        }
        if probe.schemaVersion == 1 || (probe.mediaType ?? contentType)?.isSchema1 == true && probe.schemaVersion != 2 {
            throw OCIError(
                .unsupportedSchema,
                "Docker image manifest schema 1 is not supported (deprecated since 2017): push the image again with a current client")
        }
        guard probe.schemaVersion == 2 else {
            throw OCIError(.invalidDocument, "manifest has schemaVersion \(probe.schemaVersion.map(String.init) ?? "missing"), expected 2")
        }
        let type = probe.mediaType ?? contentType.flatMap { $0.isIndex || $0.isImageManifest ? $0 : nil }
        let isIndex: Bool
        switch type {
        case let type? where type.isIndex: isIndex = true
        case let type? where type.isImageManifest: isIndex = false
        case let type?:
            throw OCIError(.unsupportedMediaType, "unsupported manifest media type \"\(type)\"")
        case nil:
            // OCI allows omitting mediaType: decide by shape.
            isIndex = probe.manifests != nil && probe.layers == nil
        }
        do {
            if isIndex {
                self = .index(try JSONDecoder().decode(ImageIndex.self, from: data))
            } else {
                self = .image(try JSONDecoder().decode(ImageManifest.self, from: data))
            }
        } catch {
            throw OCIError(.invalidDocument, "invalid \(isIndex ? "image index" : "image manifest"): \(Self.describe(error))")
        }
    }

    /// A one-line account of a decoding error: which field, what was wrong.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the document" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field \"\(key.stringValue)\" in \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.underlyingError.map { "\($0)" } ?? context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
