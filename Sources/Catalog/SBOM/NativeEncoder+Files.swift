import Foundation
import Layers
import OCI

/// The native document written directly with ``JSONWriter``: the same keys and values as the `Codable` form of
/// ``ImageAnalysis`` (keys sorted, absent optionals left out), with `files` (tens of thousands in an image) one per
/// line. Keeps `drydock scan -o json` from spending a cached re-scan in `JSONEncoder` and in the runtime's
/// first-use type lookups that `Codable` costs.
enum NativeDocumentWriter {
    static func write(_ analysis: ImageAnalysis, pretty: Bool) throws -> Data {
        var out = JSONWriter(capacity: 200 * analysis.files.count + 300 * analysis.packages.count + 64 * 1024, pretty: pretty)
        try write(analysis, into: &out, streamingTo: nil)
        return out.takeData()
    }

    /// Writes the document to a file descriptor as it goes: the files (most of it) go out part by part without
    /// being gathered into one buffer first.
    static func write(
        _ analysis: ImageAnalysis, pretty: Bool, to descriptor: Int32, renderedFiles: NativeEncoder.RenderedFiles? = nil
    ) throws {
        var out = JSONWriter(capacity: 300 * analysis.packages.count + 64 * 1024, pretty: pretty)
        let rendered = pretty && renderedFiles?.count == analysis.files.count ? renderedFiles : nil
        try write(analysis, into: &out, streamingTo: descriptor, renderedFiles: rendered)
        try out.flush(to: descriptor)
    }

    /// The bytes the pretty document has between the `[` and the closing line of `files`.
    static func renderFiles(_ files: [FileRecord]) -> [UInt8] {
        var out = JSONWriter(capacity: 200 * files.count + 64, pretty: true)
        out.beginObject()
        out.key("files")
        out.beginArray()
        let start = out.byteCount
        writeFileLines(files[...], into: &out)
        return Array(out.bytes[start...])
    }

    private static func write(
        _ analysis: ImageAnalysis, into out: inout JSONWriter, streamingTo descriptor: Int32?,
        renderedFiles: NativeEncoder.RenderedFiles? = nil
    ) throws {
        out.beginObject()
        out.field("analyzedAt", timestamp: analysis.analyzedAt)
        out.key("analyzer")
        out.beginObject()
        out.field("name", analysis.analyzer.name)
        out.field("version", analysis.analyzer.version)
        out.endObject()
        if let distro = analysis.distro {
            out.key("distro")
            out.beginObject()
            out.field("id", distro.id)
            out.key("idLike")
            out.strings(distro.idLike)
            out.field("namespace", distro.namespace)
            if let prettyName = distro.prettyName { out.field("prettyName", prettyName) }
            out.field("version", distro.version)
            out.endObject()
        }
        if let dockerfile = analysis.dockerfile {
            out.key("dockerfile")
            out.beginObject()
            out.field("contents", dockerfile.contents)
            out.field("mode", dockerfile.mode.rawValue)
            out.endObject()
        }
        out.key("files")
        if let renderedFiles, let descriptor {
            out.beginArray()
            try out.flush(to: descriptor)
            try renderedFiles.copy(descriptor)
            out.continueAfter(elements: renderedFiles.count > 0)
            out.endArray()
        } else {
            try writeFiles(analysis.files, into: &out, streamingTo: descriptor)
        }
        out.key("issues")
        out.beginArray()
        for issue in analysis.issues {
            out.beginObject()
            if let layer = issue.layer { out.field("layer", Int64(layer)) }
            out.field("message", issue.message)
            if let path = issue.path { out.field("path", path) }
            out.field("source", issue.source)
            out.endObject()
        }
        out.endArray()
        out.key("metadata")
        writeMetadata(analysis.metadata, into: &out)
        out.key("packages")
        writePackages(analysis.packages, into: &out)
        out.key("retrievedFiles")
        out.beginArray()
        for file in analysis.retrievedFiles {
            out.beginObject()
            out.field("content", file.content.base64EncodedString())
            out.field("layer", Int64(file.layer))
            out.field("path", file.path)
            out.endObject()
        }
        out.endArray()
        out.field("schemaVersion", analysis.schemaVersion)
        out.key("secrets")
        out.beginArray()
        for secret in analysis.secrets {
            out.beginObject()
            out.field("layer", Int64(secret.layer))
            out.field("line", Int64(secret.line))
            out.field("path", secret.path)
            out.field("redactedMatch", secret.redactedMatch)
            out.field("ruleID", secret.ruleID)
            out.endObject()
        }
        out.endArray()
        out.key("source")
        writeSource(analysis.source, into: &out)
        out.endObject()
    }

    private static func writeMetadata(_ metadata: ImageAnalysis.Metadata, into out: inout JSONWriter) {
        out.beginObject()
        out.field("architecture", metadata.architecture)
        if let author = metadata.author { out.field("author", author) }
        if let cmd = metadata.cmd {
            out.key("cmd")
            out.strings(cmd)
        }
        if let created = metadata.created { out.field("created", created) }
        if let entrypoint = metadata.entrypoint {
            out.key("entrypoint")
            out.strings(entrypoint)
        }
        out.key("env")
        out.strings(metadata.env)
        out.key("exposedPorts")
        out.strings(metadata.exposedPorts)
        out.key("history")
        out.beginArray()
        for step in metadata.history {
            out.beginObject()
            if let author = step.author { out.field("author", author) }
            if let comment = step.comment { out.field("comment", comment) }
            if let created = step.created { out.field("created", created) }
            if let createdBy = step.createdBy { out.field("created_by", createdBy) }
            if let emptyLayer = step.emptyLayer { out.field("empty_layer", emptyLayer) }
            out.endObject()
        }
        out.endArray()
        out.key("labels")
        out.beginObject()
        for (key, value) in metadata.labels.sorted(by: { $0.key < $1.key }) { out.field(named: key, value) }
        out.endObject()
        out.field("os", metadata.os)
        if let user = metadata.user { out.field("user", user) }
        if let variant = metadata.variant { out.field("variant", variant) }
        out.key("volumes")
        out.strings(metadata.volumes)
        if let workingDir = metadata.workingDir { out.field("workingDir", workingDir) }
        out.endObject()
    }

    private static func writeSource(_ source: ImageAnalysis.Source, into out: inout JSONWriter) {
        out.beginObject()
        out.field("compressedSize", source.compressedSize)
        out.field("imageID", digest: source.imageID)
        out.key("layers")
        out.beginArray()
        for layer in source.layers {
            out.beginObject()
            out.field("diffID", digest: layer.diffID)
            out.field("digest", digest: layer.digest)
            out.field("mediaType", layer.mediaType.rawValue)
            out.field("size", layer.size)
            out.field("uncompressedSize", layer.uncompressedSize)
            out.endObject()
        }
        out.endArray()
        if let digest = source.manifestDigest { out.field("manifestDigest", digest: digest) }
        out.field("mediaType", source.mediaType.rawValue)
        if let digest = source.parentDigest { out.field("parentDigest", digest: digest) }
        if let path = source.path { out.field("path", path) }
        out.key("platform")
        out.beginObject()
        out.field("architecture", source.platform.architecture)
        out.field("os", source.platform.os)
        if let features = source.platform.osFeatures {
            out.key("os.features")
            out.strings(features)
        }
        if let version = source.platform.osVersion { out.field("os.version", version) }
        if let variant = source.platform.variant { out.field("variant", variant) }
        out.endObject()
        if let reference = source.reference { out.field("reference", reference.description) }
        out.field("uncompressedSize", source.uncompressedSize)
        out.endObject()
    }

    /// `[{"gid":…,"layer":…,"link":…,"mode":"0644","path":…,"setgid":…,"setuid":…,"sha256":…,"size":…,"type":…,"uid":…}]`,
    /// one file per line when pretty.
    static func writeFiles(_ files: [FileRecord], into out: inout JSONWriter, streamingTo descriptor: Int32? = nil) throws(POSIXError) {
        out.beginArray()
        // Large lists are written in parts on all cores (a cached re-scan is mostly this), then joined in order.
        let parts = min(ProcessInfo.processInfo.activeProcessorCount, files.count / 2048)
        if parts > 1 {
            let writers = PartWriters(count: parts)
            defer { writers.deallocate() }
            for part in 0..<parts {
                let capacity = 220 * files.count / parts
                (writers.base + part).initialize(to: JSONWriter(continuing: out, afterElements: part > 0, capacity: capacity))
            }
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                writeFileLines(files[(files.count * part / parts)..<(files.count * (part + 1) / parts)], into: &writers.base[part])
            }
            var failure: POSIXError?
            for part in 0..<parts {
                let writer = (writers.base + part).move()
                if failure == nil {
                    do { try out.append(writer, streamingTo: descriptor) } catch { failure = error }
                }
            }
            if let failure { throw failure }
        } else {
            writeFileLines(files[...], into: &out)
        }
        out.endArray()
    }

    /// One line per file with literal keys: tens of thousands of records, where per-field bookkeeping was most of
    /// the cost of writing the document. Same keys, order and values as the `Codable` form.
    private static func writeFileLines(_ files: ArraySlice<FileRecord>, into out: inout JSONWriter) {
        for file in files {
            out.beginValue()
            out.raw("{\"gid\":")
            out.rawInteger(Int64(file.gid))
            out.raw(",\"layer\":")
            out.rawInteger(Int64(file.layer))
            if let link = file.linkTarget {
                out.raw(",\"link\":")
                out.rawString(link)
            }
            out.raw(",\"mode\":")
            out.rawOctalString(file.mode, minimumDigits: 4)
            out.raw(",\"path\":")
            out.rawString(file.path)
            out.raw(file.isSetGID ? ",\"setgid\":true" : ",\"setgid\":false")
            out.raw(file.isSetUID ? ",\"setuid\":true" : ",\"setuid\":false")
            if let sha256 = file.sha256 {
                out.raw(",\"sha256\":")
                out.rawDigest(sha256)
            }
            out.raw(",\"size\":")
            out.rawInteger(file.size)
            out.raw(typeField(file.kind))
            out.raw(",\"uid\":")
            out.rawInteger(Int64(file.uid))
            out.raw("}")
        }
    }

    /// The writers of ``writeFiles(_:into:)``'s parts: iteration `i` of the concurrent loop touches only `base[i]`.
    private struct PartWriters: @unchecked Sendable {
        let base: UnsafeMutablePointer<JSONWriter>
        init(count: Int) { base = .allocate(capacity: count) }
        func deallocate() { base.deallocate() }
    }

    /// `,"type":"…"` for a file kind: the kind's raw value, as a literal.
    private static func typeField(_ kind: FileRecord.Kind) -> StaticString {
        switch kind {
        case .regular: ",\"type\":\"regular\""
        case .directory: ",\"type\":\"directory\""
        case .symlink: ",\"type\":\"symlink\""
        case .hardlink: ",\"type\":\"hardlink\""
        case .characterDevice: ",\"type\":\"characterDevice\""
        case .blockDevice: ",\"type\":\"blockDevice\""
        case .fifo: ",\"type\":\"fifo\""
        case .other: ",\"type\":\"other\""
        }
    }

    /// The packages as their `Codable` form (absent optionals left out), keys sorted.
    static func writePackages(_ packages: [Package], into out: inout JSONWriter) {
        out.beginArray()
        for package in packages {
            out.beginObject()
            if let architecture = package.architecture { out.field("architecture", architecture) }
            if let epoch = package.epoch { out.field("epoch", Int64(epoch)) }
            out.key("files")
            out.strings(package.files)
            if let layer = package.layer { out.field("layer", Int64(layer)) }
            out.key("licenses")
            out.strings(package.licenses)
            out.key("locations")
            out.strings(package.locations)
            out.key("metadata")
            out.beginObject()
            for (key, value) in package.metadata.sorted(by: { $0.key < $1.key }) { out.field(named: key, value) }
            out.endObject()
            out.field("name", package.name)
            out.field("purl", package.purl)
            if let release = package.release { out.field("release", release) }
            if let sourceName = package.sourceName { out.field("sourceName", sourceName) }
            if let sourceVersion = package.sourceVersion { out.field("sourceVersion", sourceVersion) }
            out.field("type", package.type.rawValue)
            out.field("version", package.version)
            out.endObject()
        }
        out.endArray()
    }
}
