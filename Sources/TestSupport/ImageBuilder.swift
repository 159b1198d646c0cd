public import Archive
import Crypto
public import Foundation
public import OCI

/// One node of an in-memory file tree that becomes an image layer.
public enum TreeNode: Sendable, Hashable {
    case file(String, [UInt8], mode: UInt32 = 0o644, uid: Int = 0, gid: Int = 0)
    case directory(String, mode: UInt32 = 0o755)
    case symlink(String, target: String)
    case hardlink(String, target: String)
    /// Deletes a path of a lower layer (`.wh.NAME`).
    case whiteout(String)
    /// Hides everything a lower layer has under a directory (`.wh..wh..opq`).
    case opaque(String)

    /// A text file.
    public static func text(_ path: String, _ contents: String, mode: UInt32 = 0o644) -> TreeNode {
        .file(path, Array(contents.utf8), mode: mode)
    }

    var entry: (TarEntry, [UInt8]) {
        switch self {
        case .file(let path, let bytes, let mode, let uid, let gid):
            return (TarEntry(path: path, kind: .regular, size: Int64(bytes.count), mode: mode, uid: uid, gid: gid), bytes)
        case .directory(let path, let mode):
            return (TarEntry(path: path.hasSuffix("/") ? path : path + "/", kind: .directory, mode: mode), [])
        case .symlink(let path, let target):
            return (TarEntry(path: path, kind: .symbolicLink, mode: 0o777, linkName: target), [])
        case .hardlink(let path, let target):
            return (TarEntry(path: path, kind: .hardLink, linkName: target), [])
        case .whiteout(let path):
            let url = URL(fileURLWithPath: "/" + path)
            let parent = url.deletingLastPathComponent().path.dropFirst()
            let name = (parent.isEmpty ? "" : parent + "/") + ".wh." + url.lastPathComponent
            return (TarEntry(path: String(name), kind: .regular), [])
        case .opaque(let directory):
            let dir = directory.hasSuffix("/") ? directory : directory + "/"
            return (TarEntry(path: dir + ".wh..wh..opq", kind: .regular), [])
        }
    }
}

/// A layer blob made from a tree: its compressed bytes, descriptor and diff ID.
public struct BuiltLayer: Sendable, Hashable {
    public var blob: [UInt8]
    public var descriptor: Descriptor
    public var diffID: OCI.Digest
}

/// An image made in memory, ready to push or to write as an OCI layout or docker archive.
public struct BuiltImage: Sendable, Hashable {
    public var layers: [BuiltLayer]
    public var config: ImageConfig
    public var configData: Data
    public var manifest: ImageManifest
    public var manifestData: Data

    /// The sha256 of the manifest bytes.
    public var digest: OCI.Digest { sha256(manifestData) }
    /// The manifest's descriptor, with the config's platform, for an index.
    public var descriptor: Descriptor {
        Descriptor(
            mediaType: manifest.mediaType ?? .ociManifest, digest: digest, size: Int64(manifestData.count),
            platform: config.platform)
    }
}

/// The wire format of an image: OCI or Docker v2 schema 2.
public enum ImageFormat: Sendable {
    case oci, docker

    var manifestType: MediaType { self == .oci ? .ociManifest : .dockerManifest }
    var configType: MediaType { self == .oci ? .ociConfig : .dockerConfig }
    var indexType: MediaType { self == .oci ? .ociIndex : .dockerManifestList }

    func layerType(_ compression: Compression) -> MediaType {
        switch (self, compression) {
        case (.oci, .none): .ociLayer
        case (.oci, .gzip): .ociLayerGzip
        case (.oci, .zstd): .ociLayerZstd
        case (.docker, .none): "application/vnd.docker.image.rootfs.diff.tar"
        case (.docker, .gzip): .dockerLayerGzip
        case (.docker, .zstd): .dockerLayerZstd
        // No image format has an xz layer type (and `Compressor` refuses to write xz, so no layer gets this far).
        case (_, .xz): "application/x-xz"
        }
    }
}

/// Builds layers and images from in-memory trees.
public enum ImageBuilder {
    /// Makes a layer: a tar of the nodes in order, compressed.
    public static func layer(
        _ nodes: [TreeNode], compression: Compression = .gzip, format: ImageFormat = .oci
    ) throws -> BuiltLayer {
        var writer = TarWriter()
        for node in nodes {
            let (entry, contents) = node.entry
            writer.append(entry, contents: contents)
        }
        let tar = writer.finish()
        let blob = try Compressor.compress(tar, as: compression)
        return BuiltLayer(
            blob: blob,
            descriptor: Descriptor(mediaType: format.layerType(compression), digest: sha256(blob), size: Int64(blob.count)),
            diffID: sha256(tar))
    }

    /// Makes an image from layers, with a config that records one history step per layer.
    public static func image(
        _ layers: [BuiltLayer], format: ImageFormat = .oci, platform: Platform = .linuxAMD64,
        run: ImageConfig.RunConfig? = nil, created: String = "2024-01-01T00:00:00Z",
        annotations: [String: String]? = nil
    ) throws -> BuiltImage {
        let history = layers.enumerated().map { index, _ in
            ImageConfig.History(created: created, createdBy: "/bin/sh -c #(nop) ADD layer \(index + 1)")
        }
        let config = ImageConfig(
            created: created, architecture: platform.architecture, os: platform.os, variant: platform.variant,
            config: run ?? .init(env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], cmd: ["/bin/sh"]),
            rootfs: .init(diffIDs: layers.map(\.diffID)), history: history)
        let configData = try canonicalJSON(config)
        let manifest = ImageManifest(
            mediaType: format.manifestType,
            config: Descriptor(mediaType: format.configType, digest: sha256(configData), size: Int64(configData.count)),
            layers: layers.map(\.descriptor), annotations: annotations)
        return BuiltImage(
            layers: layers, config: config, configData: configData, manifest: manifest,
            manifestData: try canonicalJSON(manifest))
    }

    /// Makes an index over several images.
    public static func index(_ images: [BuiltImage], format: ImageFormat = .oci) throws -> (ImageIndex, Data) {
        let index = ImageIndex(mediaType: format.indexType, manifests: images.map(\.descriptor))
        return (index, try canonicalJSON(index))
    }

    static func canonicalJSON(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

/// The sha256 digest of bytes.
public func sha256(_ bytes: some DataProtocol) -> OCI.Digest {
    OCI.Digest(algorithm: .sha256, bytes: SHA256.hash(data: bytes))
}
