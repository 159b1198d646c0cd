import Catalog
import Foundation
import Layers
import OCI
import Registry

extension ImageAnalyzer {
    /// Everything after the layers are read that depends only on their contents: squash, distro, catalogers,
    /// secrets in files. Pure.
    func catalogStack(_ records: [LayerRecord]) -> StackRecord {
        // The squash returns every layer's issues, each with its layer's index.
        var (tree, issues) = FileTree.squash(records)
        let distro = DistroDetection.detect(tree)
        let context = CatalogContext(distro: distro)
        var packages: [Package] = []
        for cataloger in configuration.catalogers {
            let result = cataloger.catalog(tree, context)
            packages += result.packages
            issues += result.issues
        }
        packages = removeOwnedByOSPackages(packages, resolver: tree)
        let retrieved = configuration.retrieveFiles.compactMap { path -> RetrievedFile? in
            guard let file = tree.file(at: path), file.kind == .regular, let content = tree.contents(at: path) else { return nil }
            return RetrievedFile(path: path, layer: file.layer, content: Data(content))
        }
        return StackRecord(
            uncompressedSizes: records.map(\.uncompressedSize), distro: distro, packages: packages, files: tree.files,
            secrets: secretFindings(in: tree), retrievedFiles: retrieved, issues: issues)
    }

    /// The analysis document: the stack's findings with what the image's manifest and config say. Pure.
    func assemble(
        _ image: ResolvedImage, stack: StackRecord, source: any ImageSource, dockerfile: String?, now: Date
    ) -> ImageAnalysis {
        let layers = zip(image.manifest.layers, zip(image.config.rootfs.diffIDs, stack.uncompressedSizes)).map {
            descriptor, layer in
            ImageAnalysis.Layer(
                digest: descriptor.digest, diffID: layer.0, mediaType: descriptor.mediaType, size: descriptor.size,
                uncompressedSize: layer.1)
        }
        return ImageAnalysis(
            analyzer: .init(version: AnalyzerConfiguration.toolVersion),
            analyzedAt: now,
            source: .init(
                reference: image.reference, path: source.localPath,
                manifestDigest: image.manifestDigest, parentDigest: image.parentDigest, imageID: image.imageID,
                mediaType: image.mediaType, platform: image.platform, layers: layers,
                compressedSize: image.compressedSize, uncompressedSize: stack.uncompressedSizes.reduce(0, +)),
            metadata: .init(config: image.config),
            dockerfile: dockerfile.map { .init(mode: .actual, contents: $0) }
                ?? .init(mode: .guessed, contents: DockerfileGuess.guess(from: image.config)),
            distro: stack.distro,
            packages: stack.packages,
            files: stack.files,
            secrets: stack.secrets + environmentSecrets(image.config),
            retrievedFiles: stack.retrievedFiles,
            issues: stack.issues)
    }

    private func secretFindings(in tree: FileTree) -> [SecretFinding] {
        guard configuration.secrets != nil else { return [] }
        return tree.files.flatMap { file -> [SecretFinding] in
            guard let extract = tree.extract(SecretScanner.probeName, at: file.path) else { return [] }
            return SecretScanner.matches(from: extract).map {
                SecretFinding(ruleID: $0.ruleID, path: file.path, line: $0.line, layer: file.layer, redactedMatch: $0.redacted)
            }
        }
    }

    /// Passwords, secrets and tokens set in the image's environment (`ENV DB_PASSWORD=…`).
    private func environmentSecrets(_ config: ImageConfig) -> [SecretFinding] {
        guard configuration.secrets != nil else { return [] }
        return (config.config?.env ?? []).enumerated().compactMap { index, entry in
            guard let equals = entry.firstIndex(of: "=") else { return nil }
            let key = entry[..<equals].uppercased()
            let value = entry[entry.index(after: equals)...]
            guard !value.isEmpty, ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "PRIVATE_KEY"].contains(where: key.contains)
            else { return nil }
            return SecretFinding(
                ruleID: "ENV_SECRET", path: "ENV", line: index + 1, layer: -1,
                redactedMatch: String(key) + "=" + SecretScanner.redact(String(value)))
        }
    }
}
