import Archive
public import Catalog
public import Foundation
import Layers
public import Policy

/// A stored analysis in a form that reads back fast: the document's small parts as JSON, its packages, files,
/// secrets, retrieved files and issues in the stack record's binary encoding, zstd-compressed. The policy engine
/// re-evaluates every image of an account after a bundle change; decoding the native JSON of each would be most of
/// that time. The native JSON (``ArtifactKind/analysis``) stays the document of record.
public enum AnalysisFacts {
    /// Bumped when the encoding changes; an artifact of another version is not read (the JSON is used instead).
    static let version: UInt8 = 1

    public static func encode(_ analysis: ImageAnalysis) throws -> Data {
        var head = analysis
        head.packages = []
        head.files = []
        head.secrets = []
        head.retrievedFiles = []
        head.issues = []
        let json = try JSONEncoder().encode(head)
        let lists = StackRecord(
            uncompressedSizes: [], distro: nil, packages: analysis.packages, files: analysis.files, secrets: analysis.secrets,
            retrievedFiles: analysis.retrievedFiles, issues: analysis.issues
        ).encoded()
        var writer = ByteWriter(capacity: json.count + lists.count + 16)
        writer.byte(version)
        writer.data(Array(json))
        writer.data(lists)
        return Data(try Compressor.compress(writer.bytes, as: .zstd, level: 1))
    }

    /// Decodes ``encode(_:)``; nil for another version or damaged data. With `parts`, what a policy evaluation
    /// reads: only those parts are made, the others left empty and each package without its purl, locations and
    /// metadata, as ``Policy/PolicyInput/keeping(_:)`` says.
    public static func decode(_ data: Data, reading parts: AnalysisParts? = nil) -> ImageAnalysis? {
        var reading = StackRecord.Reading.everything
        if let parts {
            reading.packages = parts.contains(.packages)
            reading.packageDetails = false
            reading.packageFiles = parts.contains(.packageFiles)
            reading.files = parts.contains(.files)
            reading.secrets = parts.contains(.secrets)
            reading.retrievedFiles = parts.contains(.retrievedFiles)
        }
        guard let bytes = try? Decompressor.decompress(Array(data), as: .zstd, outputLimit: 4 << 30) else { return nil }
        return bytes.withUnsafeBytes { buffer -> ImageAnalysis? in
            var reader = ByteReader(buffer)
            guard (try? reader.byte()) == version, let json = try? reader.data(), let lists = try? reader.data(), reader.remaining == 0,
                  var analysis = try? JSONDecoder().decode(ImageAnalysis.self, from: Data(json)), let stack = StackRecord(encoded: lists, reading: reading)
            else { return nil }
            analysis.packages = stack.packages
            analysis.files = stack.files
            analysis.secrets = stack.secrets
            analysis.retrievedFiles = stack.retrievedFiles
            analysis.issues = stack.issues
            return analysis
        }
    }
}
