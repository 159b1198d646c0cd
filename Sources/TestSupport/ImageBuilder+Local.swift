import Archive
public import Foundation
import OCI

extension BuiltImage {
    /// Writes the image as an OCI image layout directory, tagged `tag` in `index.json`.
    public func writeOCILayout(to directory: URL, tag: String = "latest") throws {
        let blobs = directory.appendingPathComponent("blobs/sha256")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        func write(_ bytes: some DataProtocol, _ digest: Digest) throws {
            try Data(bytes).write(to: blobs.appendingPathComponent(digest.encoded))
        }
        for layer in layers { try write(layer.blob, layer.descriptor.digest) }
        try write(configData, manifest.config.digest)
        try write(manifestData, digest)
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: directory.appendingPathComponent("oci-layout"))
        var entry = descriptor
        entry.annotations = ["org.opencontainers.image.ref.name": tag]
        let index = ImageIndex(mediaType: .ociIndex, manifests: [entry])
        try ImageBuilder.canonicalJSON(index).write(to: directory.appendingPathComponent("index.json"))
    }

    /// Writes the image as a legacy `docker save` tarball: `manifest.json`, `<id>.json` and uncompressed
    /// `<n>/layer.tar` per layer.
    public func writeDockerArchive(to file: URL, repoTags: [String]) throws {
        var writer = TarWriter()
        let configName = "\(manifest.config.digest.encoded).json"
        writer.append(TarEntry(path: configName, size: Int64(configData.count)), contents: [UInt8](configData))
        var layerPaths: [String] = []
        for (index, layer) in layers.enumerated() {
            let tar = try Decompressor.decompress(layer.blob, as: Compression.sniff(layer.blob.prefix(4)))
            let path = "\(index + 1)/layer.tar"
            writer.append(TarEntry(path: "\(index + 1)/", kind: .directory))
            writer.append(TarEntry(path: path, size: Int64(tar.count)), contents: tar)
            layerPaths.append(path)
        }
        struct Entry: Encodable {
            var Config: String
            var RepoTags: [String]
            var Layers: [String]
        }
        let manifestJSON = try JSONEncoder().encode([Entry(Config: configName, RepoTags: repoTags, Layers: layerPaths)])
        writer.append(TarEntry(path: "manifest.json", size: Int64(manifestJSON.count)), contents: [UInt8](manifestJSON))
        try Data(writer.finish()).write(to: file)
    }
}
