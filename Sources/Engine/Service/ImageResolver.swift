public import OCI
public import Registry

/// Looks an image up in its registry: manifest (platform chosen from an index), config, sizes.
public protocol ImageResolver: Sendable {
    func resolve(_ reference: Reference, platform: Platform) async throws(CatalogError) -> ResolvedImage
    /// The source the analyzer reads the image from.
    func source(for reference: Reference) -> any ImageSource
}

/// The resolver over a real registry client.
public struct RegistryResolver: ImageResolver {
    public let client: RegistryClient

    public init(client: RegistryClient) { self.client = client }

    public func resolve(_ reference: Reference, platform: Platform) async throws(CatalogError) -> ResolvedImage {
        do {
            return try await RegistryImageSource(client: client, reference: reference).resolve(platform: platform)
        } catch {
            throw CatalogError(
                .registry, "cannot fetch image digest/manifest from registry: \(error.message)",
                detail: ["raw_exception_message": error.message], errorCodes: [Self.anchoreCode(error)], cause: error)
        }
    }

    public func source(for reference: Reference) -> any ImageSource {
        RegistryImageSource(client: client, reference: reference)
    }

    /// Anchore's error code for a registry failure.
    static func anchoreCode(_ error: RegistryError) -> String {
        switch error.code {
        case .notFound: return "REGISTRY_IMAGE_NOT_FOUND"
        case .unauthorized, .denied: return "REGISTRY_PERMISSION_DENIED"
        case .unreachable, .unavailable: return "REGISTRY_NOT_ACCESSIBLE"
        case .unsupported: return "REGISTRY_NOT_SUPPORTED"
        default: return "UNKNOWN"
        }
    }
}
