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
        writeFiles(analysis.files, into: &out)
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
        return out.takeData()
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
    static func writeFiles(_ files: [FileRecord], into out: inout JSONWriter) {
        out.beginArray()
        for file in files {
            out.beginInlineObject()
            out.field("gid", Int64(file.gid))
            out.field("layer", Int64(file.layer))
            if let link = file.linkTarget { out.field("link", link) }
            out.key("mode")
            out.octalString(file.mode, minimumDigits: 4)
            out.field("path", file.path)
            out.field("setgid", file.isSetGID)
            out.field("setuid", file.isSetUID)
            if let sha256 = file.sha256 { out.field("sha256", digest: sha256) }
            out.field("size", file.size)
            out.field("type", file.kind.rawValue)
            out.field("uid", Int64(file.uid))
            out.endInlineObject()
        }
        out.endArray()
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
