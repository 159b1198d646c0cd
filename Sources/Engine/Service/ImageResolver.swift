public import Foundation
public import OCI
public import Registry

/// What adding an image needs from the registry: the (platform) manifest and where it came from. The config
/// and layers are left to the analysis, so an add costs one manifest request (two for an index).
public struct ImageLookup: Sendable, Hashable {
    public var manifestDigest: Digest
    /// The index digest the manifest was chosen from, or the manifest digest.
    public var parentDigest: Digest
    public var manifest: ImageManifest
    public var manifestData: Data

    public init(manifestDigest: Digest, parentDigest: Digest, manifest: ImageManifest, manifestData: Data) {
        self.manifestDigest = manifestDigest
        self.parentDigest = parentDigest
        self.manifest = manifest
        self.manifestData = manifestData
    }

    /// The sum of the layers' blob sizes.
    public var compressedSize: Int64 { manifest.layers.reduce(0) { $0 + $1.size } }
    /// The image ID: the config digest.
    public var imageID: Digest { manifest.config.digest }
}

/// Looks an image up in its registry and gives the analyzer its source.
/// `account` names whose registry credentials to use (nil: none, anonymous or the service's own).
public protocol ImageResolver: Sendable {
    func lookup(_ reference: Reference, platform: Platform, account: String?) async throws(CatalogError) -> ImageLookup
    /// The source the analyzer reads the image from.
    func source(for reference: Reference, account: String?) -> any ImageSource
}

extension ImageResolver {
    public func lookup(_ reference: Reference, platform: Platform) async throws(CatalogError) -> ImageLookup {
        try await lookup(reference, platform: platform, account: nil)
    }

    public func source(for reference: Reference) -> any ImageSource { source(for: reference, account: nil) }
}

/// The resolver over a real registry client, with the accounts' registry credentials when `credentials` is set.
public struct RegistryResolver: ImageResolver {
    public let client: RegistryClient
    public let credentials: RegistryCredentialProvider?

    public init(client: RegistryClient, credentials: RegistryCredentialProvider? = nil) {
        self.client = client
        self.credentials = credentials
    }

    public func lookup(_ reference: Reference, platform: Platform, account: String?) async throws(CatalogError) -> ImageLookup {
        do {
            let client = try await credentials?.client(account: account, registry: reference.registry, repository: reference.repository) ?? client
            let chosen = try await client.fetchPlatformManifest(reference, platform: platform)
            return ImageLookup(
                manifestDigest: chosen.fetched.digest, parentDigest: chosen.parentDigest, manifest: chosen.manifest,
                manifestData: chosen.fetched.data)
        } catch where error.cause is OCIError {
            throw CatalogError(.badRequest, error.message, errorCodes: ["OSARCH_MISMATCH"])
        } catch where error.cause is RegistryClient.NestedIndex {
            throw CatalogError(.badRequest, error.message, errorCodes: ["REGISTRY_NOT_SUPPORTED"])
        } catch {
            throw CatalogError(
                .registry, "cannot fetch image digest/manifest from registry: \(error.message)",
                detail: ["raw_exception_message": error.message], errorCodes: [Self.anchoreCode(error)], cause: error)
        }
    }

    public func source(for reference: Reference, account: String?) -> any ImageSource {
        if let credentials, let account { return AccountImageSource(provider: credentials, account: account, reference: reference) }
        return RegistryImageSource(client: client, reference: reference)
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
