import Crypto
public import Foundation
public import OCI

/// An image in an OCI image layout directory (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`).
public struct OCILayoutSource: ImageSource {
    /// The layout directory.
    public let directory: URL
    /// The `org.opencontainers.image.ref.name` to pick when `index.json` lists several images.
    public let tag: String?

    public init(directory: URL, tag: String? = nil) {
        self.directory = directory
        self.tag = tag
    }

    public var name: String { "oci-layout:\(directory.path)\(tag.map { ":\($0)" } ?? "")" }
    public var localPath: String? { name }

    public func resolve(platform: Platform) async throws(RegistryError) -> ResolvedImage {
        let layoutFile = directory.appendingPathComponent("oci-layout")
        guard let layoutData = FileManager.default.contents(atPath: layoutFile.path) else {
            throw RegistryError(.invalidSource, "\(name): not an OCI image layout (no oci-layout file)")
        }
        struct Layout: Decodable { var imageLayoutVersion: String }
        guard let layout = try? JSONDecoder().decode(Layout.self, from: layoutData), layout.imageLayoutVersion.hasPrefix("1.") else {
            throw RegistryError(.invalidSource, "\(name): oci-layout does not declare imageLayoutVersion 1.x")
        }
        guard let indexData = FileManager.default.contents(atPath: directory.appendingPathComponent("index.json").path) else {
            throw RegistryError(.invalidSource, "\(name): index.json is missing")
        }
        let index: ImageIndex
        do {
            index = try JSONDecoder().decode(ImageIndex.self, from: indexData)
        } catch {
            throw RegistryError(.invalidSource, "\(name): index.json is invalid: \(ManifestDocument.describe(error))")
        }
        var candidates = index.manifests
        if let tag {
            candidates = candidates.filter { $0.annotations?["org.opencontainers.image.ref.name"] == tag }
            guard !candidates.isEmpty else {
                throw RegistryError(.notFound, "\(name): no image tagged \"\(tag)\" in index.json")
            }
        }
        guard var descriptor = try pick(from: candidates, platform: platform, index: index) else {
            throw RegistryError(.invalidSource, "\(name): index.json lists no images")
        }
        var parent = descriptor.digest
        var document = try manifest(descriptor)
        if case .index(let nested) = document {
            do {
                descriptor = try nested.manifest(for: platform)
            } catch {
                throw RegistryError(.invalidContent, "\(name): \(error.message)")
            }
            document = try manifest(descriptor)
        } else if candidates.count > 1 {
            parent = descriptor.digest
        }
        guard case .image(let manifest) = document else {
            throw RegistryError(.unsupported, "\(name): nested indexes are not supported")
        }
        try ImageChecks.validate(manifest, source: name)
        let manifestData = try readSmall(descriptor)
        let configData = try await blob(manifest.config).collect(limit: ImageChecks.configLimit)
        let config = try ImageChecks.decodeConfig(configData, manifest: manifest, source: name)
        return ResolvedImage(
            reference: nil, manifestDigest: descriptor.digest, parentDigest: parent,
            mediaType: manifest.mediaType ?? descriptor.mediaType, manifest: manifest, manifestData: manifestData,
            config: config, configData: configData)
    }

    private func pick(from candidates: [Descriptor], platform: Platform, index: ImageIndex) throws(RegistryError) -> Descriptor? {
        if candidates.count <= 1 { return candidates.first }
        if candidates.contains(where: { $0.platform != nil }) {
            do {
                return try ImageIndex(manifests: candidates).manifest(for: platform)
            } catch {
                throw RegistryError(.invalidContent, "\(name): \(error.message)")
            }
        }
        let names = candidates.compactMap { $0.annotations?["org.opencontainers.image.ref.name"] }
        throw RegistryError(
            .invalidSource,
            "\(name): index.json lists \(candidates.count) images; name one with :TAG (tags: \(names.isEmpty ? "none" : names.joined(separator: ", ")))")
    }

    private func manifest(_ descriptor: Descriptor) throws(RegistryError) -> ManifestDocument {
        let data = try readSmall(descriptor)
        do {
            return try ManifestDocument(decoding: data, contentType: descriptor.mediaType)
        } catch {
            throw RegistryError(error.code == .unsupportedSchema ? .unsupported : .invalidContent, "\(name): \(error.message)")
        }
    }

    private func readSmall(_ descriptor: Descriptor) throws(RegistryError) -> Data {
        guard descriptor.size <= ManifestDocument.maximumSize else {
            throw RegistryError(.tooLarge, "\(name): manifest \(descriptor.digest) is \(descriptor.size) bytes, over the 4 MiB limit")
        }
        guard let data = FileManager.default.contents(atPath: path(of: descriptor.digest)) else {
            throw RegistryError(.invalidSource, "\(name): blob \(descriptor.digest) is missing")
        }
        let actual = OCI.Digest(algorithm: .sha256, bytes: SHA256.hash(data: data))
        guard descriptor.digest.algorithm != .sha256 || actual == descriptor.digest else {
            throw RegistryError(.digestMismatch, "\(name): blob \(descriptor.digest) hashes to \(actual)")
        }
        return data
    }

    private func path(of digest: OCI.Digest) -> String {
        directory.appendingPathComponent("blobs/\(digest.algorithm.rawValue)/\(digest.encoded)").path
    }

    public func blob(_ descriptor: Descriptor) async throws(RegistryError) -> BlobStream {
        try BlobStream.file(path(of: descriptor.digest), descriptor: descriptor, origin: name)
    }
}
