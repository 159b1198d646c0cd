import Foundation
import Layers
import OCI

/// The native JSON form. Everything is the synthesized form of the field types except files, which get the
/// reader-friendly shape of the native format: `type`, octal `mode`, `link`, and explicit `setuid`/`setgid`.
extension ImageAnalysis {
    enum CodingKeys: String, CodingKey {
        case schemaVersion, analyzer, analyzedAt, source, metadata, dockerfile, distro, packages, files, secrets
        case retrievedFiles, issues
    }

    /// Decodes the native form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            schemaVersion: try container.decode(String.self, forKey: .schemaVersion),
            analyzer: try container.decode(Analyzer.self, forKey: .analyzer),
            analyzedAt: try container.decode(Date.self, forKey: .analyzedAt),
            source: try container.decode(Source.self, forKey: .source),
            metadata: try container.decode(Metadata.self, forKey: .metadata),
            dockerfile: try container.decodeIfPresent(Dockerfile.self, forKey: .dockerfile),
            distro: try container.decodeIfPresent(Distro.self, forKey: .distro),
            packages: try container.decodeIfPresent([Package].self, forKey: .packages) ?? [],
            files: try (container.decodeIfPresent([NativeFile].self, forKey: .files) ?? []).map { try $0.record },
            secrets: try container.decodeIfPresent([SecretFinding].self, forKey: .secrets) ?? [],
            retrievedFiles: try container.decodeIfPresent([RetrievedFile].self, forKey: .retrievedFiles) ?? [],
            issues: try container.decodeIfPresent([AnalysisIssue].self, forKey: .issues) ?? []
        )
    }

    /// Encodes the native form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(analyzer, forKey: .analyzer)
        try container.encode(analyzedAt, forKey: .analyzedAt)
        try container.encode(source, forKey: .source)
        try container.encode(metadata, forKey: .metadata)
        try container.encodeIfPresent(dockerfile, forKey: .dockerfile)
        try container.encodeIfPresent(distro, forKey: .distro)
        try container.encode(packages, forKey: .packages)
        try container.encode(files.map(NativeFile.init(record:)), forKey: .files)
        try container.encode(secrets, forKey: .secrets)
        try container.encode(retrievedFiles, forKey: .retrievedFiles)
        try container.encode(issues, forKey: .issues)
    }
}

/// One file as the native JSON writes it.
struct NativeFile: Codable {
    var path: String
    var type: FileRecord.Kind
    var size: Int64
    /// Permission and special bits in octal, at least four digits: `0644`, `4755`.
    var mode: String
    var uid: Int
    var gid: Int
    var link: String?
    var sha256: Digest?
    var setuid: Bool
    var setgid: Bool
    var layer: Int

    init(record: FileRecord) {
        path = record.path
        type = record.kind
        size = record.size
        let octal = String(record.mode, radix: 8)
        mode = String(repeating: "0", count: max(0, 4 - octal.count)) + octal
        uid = record.uid
        gid = record.gid
        link = record.linkTarget
        sha256 = record.sha256
        setuid = record.isSetUID
        setgid = record.isSetGID
        layer = record.layer
    }

    /// The record; `setuid`/`setgid` are derived from `mode` and only written for readers.
    var record: FileRecord {
        get throws {
            guard let bits = UInt32(mode, radix: 8) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: [], debugDescription: "file \(path): mode \"\(mode)\" is not octal"))
            }
            return FileRecord(
                path: path, kind: type, size: size, mode: bits, uid: uid, gid: gid, linkTarget: link, sha256: sha256,
                layer: layer)
        }
    }
}
