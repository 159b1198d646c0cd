public import ArgumentParser
import Foundation
import OCI
import Registry

extension Drydock {
    /// `drydock inspect IMAGE`: resolve a reference and print its manifest digest, platform, layers and config.
    public struct Inspect: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Resolve an image and print its digest, platform, layers and config.",
            discussion: """
                IMAGE is a registry reference (nginx, localhost:5000/app:1, ghcr.io/o/r@sha256:…), \
                oci-layout:DIR[:TAG] for an OCI image layout directory, or docker-archive:FILE for a `docker save` tarball.
                """)

        @Argument(help: "The image to inspect.")
        var image: String

        @OptionGroup var registry: RegistryOptions

        @Flag(help: "Print the result as JSON.")
        var json = false

        public init() {}

        public func run() async throws {
            let platform = try registry.parsedPlatform()
            let image = try await withRegistryClient(registry, image: self.image) { client in
                do {
                    return try await ImageSourceLocator.source(for: self.image, client: client).resolve(platform: platform)
                } catch let error as RegistryError {
                    throw ValidationError(error.message)
                }
            }
            print(json ? try Self.json(image) : Self.text(image))
        }

        static func text(_ image: ResolvedImage) -> String {
            var lines = [
                "Image: \(image.reference?.description ?? "-")",
                "Manifest Digest: \(image.manifestDigest)",
                "Parent Digest: \(image.parentDigest)",
                "Media Type: \(image.mediaType)",
                "Image ID: \(image.imageID)",
                "Platform: \(image.platform)",
                "Created: \(image.config.created ?? "-")",
                "Layer Count: \(image.manifest.layers.count)",
                "Compressed Size: \(image.compressedSize)",
            ]
            if let run = image.config.config {
                if let entrypoint = run.entrypoint { lines.append("Entrypoint: \(entrypoint.joined(separator: " "))") }
                if let cmd = run.cmd { lines.append("Cmd: \(cmd.joined(separator: " "))") }
                if let user = run.user, !user.isEmpty { lines.append("User: \(user)") }
                for env in run.env ?? [] { lines.append("Env: \(env)") }
            }
            lines.append("")
            for (layer, diffID) in zip(image.manifest.layers, image.config.rootfs.diffIDs) {
                lines.append("Layer: \(layer.digest) \(layer.size) \(layer.mediaType) diff_id=\(diffID)")
            }
            return lines.joined(separator: "\n")
        }

        static func json(_ image: ResolvedImage) throws -> String {
            struct Output: Encodable {
                var reference: String?
                var manifestDigest: Digest
                var parentDigest: Digest
                var mediaType: MediaType
                var platform: String
                var manifest: ImageManifest
                var config: ImageConfig
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let output = Output(
                reference: image.reference?.description, manifestDigest: image.manifestDigest,
                parentDigest: image.parentDigest, mediaType: image.mediaType, platform: image.platform.description,
                manifest: image.manifest, config: image.config)
            return String(decoding: try encoder.encode(output), as: UTF8.self)
        }
    }
}
