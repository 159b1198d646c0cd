import Archive
import Crypto
import Foundation
public import OCI

/// An image in a `docker save` tarball: `manifest.json` naming the config and the layer files, either the
/// legacy layout (`<id>/layer.tar`, `<hex>.json`) or Docker 25's (`blobs/sha256/<hex>`).
///
/// The tarball is indexed once (one sequential read); layers are then streamed from their offsets.
public struct DockerArchiveSource: ImageSource {
    /// The tarball's path.
    public let path: String
    /// The `RepoTags` entry to pick when the archive holds several images.
    public let tag: String?

    public init(path: String, tag: String? = nil) {
        self.path = path
        self.tag = tag
    }

    public var name: String { "docker-archive:\(path)" }
    public var localPath: String? { name }

    private struct ManifestEntry: Decodable {
        var config: String
        var repoTags: [String]?
        var layers: [String]
        enum CodingKeys: String, CodingKey {
            case config = "Config", repoTags = "RepoTags", layers = "Layers"
        }
    }

    public func resolve(platform: Platform) async throws(RegistryError) -> ResolvedImage {
        let index = try TarIndex(path: path, keepInMemory: { $0.hasSuffix(".json") || $0.hasPrefix("blobs/") }, source: name)
        guard let manifestData = index.contents["manifest.json"] else {
            throw RegistryError(.invalidSource, "\(name): not a docker archive (no manifest.json)")
        }
        let entries: [ManifestEntry]
        do {
            entries = try JSONDecoder().decode([ManifestEntry].self, from: manifestData)
        } catch {
            throw RegistryError(.invalidSource, "\(name): manifest.json is invalid: \(ManifestDocument.describe(error))")
        }
        let entry: ManifestEntry
        if let tag {
            guard let found = entries.first(where: { $0.repoTags?.contains(tag) == true }) else {
                throw RegistryError(.notFound, "\(name): no image tagged \"\(tag)\"")
            }
            entry = found
        } else {
            guard entries.count == 1, let only = entries.first else {
                throw RegistryError(
                    .invalidSource,
                    "\(name) holds \(entries.count) images; name one with docker-archive:FILE and --tag (tags: \(entries.flatMap { $0.repoTags ?? [] }.joined(separator: ", ")))")
            }
            entry = only
        }
        guard let configData = index.contents[entry.config] else {
            throw RegistryError(.invalidSource, "\(name): the config \(entry.config) named in manifest.json is missing")
        }
        let configDigest = OCI.Digest(algorithm: .sha256, bytes: SHA256.hash(data: configData))
        let diffIDs: [OCI.Digest]
        do {
            diffIDs = try JSONDecoder().decode(ImageConfig.self, from: configData).rootfs.diffIDs
        } catch {
            throw RegistryError(.invalidContent, "\(name): the image config is invalid: \(ManifestDocument.describe(error))")
        }
        guard diffIDs.count == entry.layers.count else {
            throw RegistryError(
                .invalidContent, "\(name): the config lists \(diffIDs.count) diff IDs but manifest.json \(entry.layers.count) layers")
        }
        var layers: [Descriptor] = []
        for (layerPath, diffID) in zip(entry.layers, diffIDs) {
            guard let location = index.entries[layerPath] else {
                throw RegistryError(.invalidSource, "\(name): the layer \(layerPath) named in manifest.json is missing")
            }
            // A blob named by digest may be compressed (containerd store); a legacy layer.tar is its diff ID.
            let digest = layerPath.hasPrefix("blobs/sha256/") ? (try? OCI.Digest(parsing: "sha256:" + layerPath.dropFirst(13))) ?? diffID : diffID
            let compression = try index.sniff(layerPath, path: path)
            let mediaType: MediaType
            switch compression {
            case .gzip: mediaType = .dockerLayerGzip
            case .zstd: mediaType = .dockerLayerZstd
            case .none: mediaType = "application/vnd.docker.image.rootfs.diff.tar"
            case .xz:
                // No image format has an xz layer type; `docker save` never writes one.
                throw RegistryError(.invalidSource, "\(name): the layer \(layerPath) is xz-compressed, which no image format allows")
            }
            layers.append(Descriptor(mediaType: mediaType, digest: digest, size: location.size,
                                     annotations: ["org.opencontainers.image.title": layerPath]))
        }
        let manifest = ImageManifest(
            mediaType: .dockerManifest,
            config: Descriptor(mediaType: .dockerConfig, digest: configDigest, size: Int64(configData.count)),
            layers: layers)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let synthesized = (try? encoder.encode(manifest)) ?? Data()
        let digest = OCI.Digest(algorithm: .sha256, bytes: SHA256.hash(data: synthesized))
        let config = try ImageChecks.decodeConfig(configData, manifest: manifest, source: name)
        let reference = (tag ?? entry.repoTags?.first).flatMap { try? Reference(parsing: $0) }
        return ResolvedImage(
            reference: reference, manifestDigest: digest, parentDigest: digest, mediaType: .dockerManifest,
            manifest: manifest, manifestData: synthesized, config: config, configData: configData)
    }

    public func blob(_ descriptor: Descriptor) async throws(RegistryError) -> BlobStream {
        guard let layerPath = descriptor.annotations?["org.opencontainers.image.title"] else {
            throw RegistryError(.invalidSource, "\(name): blob \(descriptor.digest) is not a layer of this archive")
        }
        let index = try TarIndex(path: path, keepInMemory: { _ in false }, source: name)
        guard let location = index.entries[layerPath] else {
            throw RegistryError(.invalidSource, "\(name): layer \(layerPath) is missing")
        }
        return try BlobStream.file(path, offset: location.offset, length: location.size, descriptor: descriptor, origin: name)
    }
}

/// Where each regular file of a tarball starts and how long it is, plus the small files kept in memory.
struct TarIndex {
    struct Location {
        var offset: Int64
        var size: Int64
    }

    private(set) var entries: [String: Location] = [:]
    private(set) var contents: [String: Data] = [:]
    static let smallFileLimit: Int64 = 16 * 1024 * 1024

    init(path: String, keepInMemory: (String) -> Bool, source: String) throws(RegistryError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RegistryError(.invalidSource, "\(source): cannot open \(path)")
        }
        defer { try? handle.close() }
        var parser = TarParser()
        var fileOffset: Int64 = 0
        var current: (name: String, size: Int64, keep: Bool)?
        var buffer = Data()
        var sawData = false
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try chunk.withUnsafeBytes { raw in
                    try parser.feed(raw) { event in
                        switch event {
                        case .entry(let entry):
                            current = nil
                            sawData = false
                            buffer = Data()
                            if entry.kind == .regular {
                                let name = TarIndex.clean(entry.path)
                                current = (name, entry.size, entry.size <= TarIndex.smallFileLimit && keepInMemory(name))
                                entries[name] = Location(offset: fileOffset, size: entry.size)
                            }
                        case .data(let data):
                            guard let file = current else { return }
                            if !sawData, let base = raw.baseAddress, let start = data.baseAddress {
                                entries[file.name] = Location(offset: fileOffset + Int64(start - base), size: file.size)
                                sawData = true
                            }
                            if file.keep { buffer.append(contentsOf: data) }
                        case .entryEnd:
                            if let file = current, file.keep { contents[file.name] = buffer }
                            current = nil
                        }
                    }
                }
                fileOffset += Int64(chunk.count)
            }
            try parser.finish()
        } catch {
            throw RegistryError(.invalidSource, "\(source) is not a readable tar archive: \(error)", cause: error)
        }
        if entries.isEmpty {
            throw RegistryError(.invalidSource, "\(source) is not a tar archive, or is empty")
        }
    }

    /// `./a/b` → `a/b`.
    static func clean(_ path: String) -> String {
        var name = Substring(path)
        while name.hasPrefix("./") { name = name.dropFirst(2) }
        while name.hasPrefix("/") { name = name.dropFirst() }
        return String(name)
    }

    /// The compression of a file in the archive, from its first bytes.
    func sniff(_ name: String, path: String) throws(RegistryError) -> Compression {
        guard let location = entries[name], let handle = FileHandle(forReadingAtPath: path) else { return .none }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(location.offset))) != nil,
            let prefix = try? handle.read(upToCount: Int(min(location.size, 4)))
        else { return .none }
        return Compression.sniff([UInt8](prefix))
    }
}
