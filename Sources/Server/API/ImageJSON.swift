import Catalog
import Foundation
import Hummingbird
import OCI
import Store

/// Writes image records in Anchore's `AnchoreImage` shape (reference section 3.2).
enum ImageJSON {
    static func list(_ images: some Collection<ImageRecord>) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + images.count * 1300)
        writer.beginArray()
        for image in images { write(image, to: &writer) }
        writer.endArray()
        return writer.bytes
    }

    /// ``list(_:)`` for large catalogs: the records are written in slices on all cores, then joined.
    static func listConcurrently(_ images: [ImageRecord]) async -> [UInt8] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard images.count >= 2000, cores > 1 else { return list(images) }
        let size = (images.count + cores - 1) / cores
        let slices = stride(from: 0, to: images.count, by: size).map { images[$0..<min($0 + size, images.count)] }
        let parts = await withTaskGroup(of: (Int, [UInt8]).self) { group in
            for (index, slice) in slices.enumerated() {
                group.addTask { (index, list(slice)) }
            }
            var parts = [[UInt8]](repeating: [], count: slices.count)
            for await (index, bytes) in group { parts[index] = bytes }
            return parts
        }
        // Join the slices' arrays: drop each slice's brackets, separate them with commas.
        var joined: [UInt8] = []
        joined.reserveCapacity(parts.reduce(2) { $0 + $1.count })
        joined.append(UInt8(ascii: "["))
        for (index, part) in parts.enumerated() {
            if index > 0 { joined.append(UInt8(ascii: ",")) }
            joined.append(contentsOf: part[1..<(part.count - 1)])
        }
        joined.append(UInt8(ascii: "]"))
        return joined
    }

    static func write(_ image: ImageRecord, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("imageDigest", digest: image.digest)
        writer.field("parentDigest", digest: image.parentDigest)
        writer.field("userId", image.account)
        writer.field("image_type", image.imageType)
        writer.field("analysis_status", image.analysisStatus.rawValue)
        writer.field("image_status", image.imageStatus.rawValue)
        writer.field("analysis_failure_reason", image.failureReason)
        writer.field("analyzed_at", timestamp: image.analyzedAt)
        writer.field("created_at", timestamp: image.createdAt)
        writer.field("last_updated", timestamp: image.lastUpdated)
        writer.key("annotations")
        writer.beginObject()
        for (name, value) in image.annotations.sorted(by: { $0.key < $1.key }) { writer.field(named: name, value) }
        writer.endObject()
        writer.key("image_content")
        writer.beginObject()
        writer.key("metadata")
        writer.beginObject()
        writer.field("arch", image.arch)
        writer.field("distro", image.distro)
        writer.field("distro_version", image.distroVersion)
        writer.field("dockerfile_mode", image.dockerfileMode)
        writer.field("image_size", image.imageSize)
        writer.field("layer_count", image.layerCount.map(Int64.init))
        writer.endObject()
        writer.endObject()
        writer.key("image_detail")
        writer.beginArray()
        // Newest tag first, as Anchore lists them.
        for tag in image.tags.reversed() {
            writer.beginObject()
            writer.field("imageDigest", digest: image.digest)
            writer.field("userId", image.account)
            writer.field("registry", tag.registry)
            writer.field("repo", tag.repository)
            writer.field("tag", tag.tag)
            writer.field("fulltag", tag.fullTag)
            writer.field("digest", digest: image.digest)
            writer.field("fulldigest", "\(tag.registry)/\(tag.repository)@\(image.digest)")
            writer.field("imageId", tag.imageID)
            writer.field("dockerfile", tag.dockerfile)
            writer.field("created_at", timestamp: tag.createdAt)
            writer.field("last_updated", timestamp: tag.lastUpdated)
            writer.field("tag_detected_at", timestamp: tag.tagDetectedAt)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }
}

/// A JSON body from raw bytes.
func jsonResponse(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
}

/// A JSON body from an encodable value.
func jsonEncoded(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return jsonResponse(Array(try encoder.encode(value)), status: status)
}

/// A JSON body from JSONSerialization-compatible values (dictionaries, arrays, strings, numbers, NSNull).
func jsonResponse(object: Any, status: HTTPResponse.Status = .ok) throws -> Response {
    jsonResponse(Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])), status: status)
}
