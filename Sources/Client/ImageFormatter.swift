import Foundation

/// anchore-cli's image renderers (`format_output` ops `image_add`/`image_get` and `image_list`).
public enum ImageFormatter {
    /// `image add` / `image get` / `image wait`: per record a block of `Key: value` lines, a blank
    /// line, then per tag `Full Tag:` and `Tag Detected At:` and a blank line.
    public static func records(_ payload: JSONValue) throws(ClientError) -> String {
        var output = ""
        for record in try payload.iterated() {
            var pairs: [(String, String)] = [("Image Digest", try record.item("imageDigest").pythonString)]
            let parent = try record.get("parentDigest")
            if parent.isTruthy { pairs.append(("Parent Digest", parent.pythonString)) }
            pairs.append(("Analysis Status", try record.item("analysis_status").pythonString))
            pairs.append(("Image Type", try record.item("image_type").pythonString))
            pairs.append(("Analyzed At", try record.item("analyzed_at").pythonString))
            let firstDetail = try record.item("image_detail").item(0)
            pairs.append(("Image ID", try firstDetail.get("imageId", "None").pythonString))
            if record.pythonContains("image_content"), case let content = try record.item("image_content"), content.isTruthy,
                content.pythonContains("metadata"), case let metadata = try content.item("metadata"), metadata.isTruthy
            {
                pairs.append(("Dockerfile Mode", try metadata.item("dockerfile_mode").pythonString))
                pairs.append(("Distro", try metadata.item("distro").pythonString))
                pairs.append(("Distro Version", try metadata.item("distro_version").pythonString))
                pairs.append(("Size", try metadata.item("image_size").pythonString))
                pairs.append(("Architecture", try metadata.item("arch").pythonString))
                pairs.append(("Layer Count", try metadata.item("layer_count").pythonString))
            }
            if record.pythonContains("annotations"), case let annotations = try record.item("annotations"), annotations.isTruthy {
                guard case .object(let object) = annotations else {
                    throw JSONValue.formatError("'\(PythonOrder.typeName(annotations))' object has no attribute 'items'")
                }
                pairs.append(("Annotations", object.map { "\($0.key)=\($0.value.pythonString)" }.joined(separator: ", ")))
            }
            output += OutputFormatter.keyValueLines(pairs) + "\n"
            for detail in try record.item("image_detail").iterated() {
                output += OutputFormatter.keyValueLines([
                    ("Full Tag", try detail.get("fulltag", "None").pythonString),
                    ("Tag Detected At", try detail.get("tag_detected_at", "None").pythonString),
                ]) + "\n"
            }
        }
        return output
    }

    /// `image list [--full] [--show-all]`: a `Full Tag` / `Image Digest` / `Analysis Status`
    /// (/ `Image ID`) table sorted by tag. Without `showAll`, only records that are the newest
    /// (by `image_detail.created_at`) for some tag, each printing a row for every one of its tags.
    public static func list(_ payload: JSONValue, full: Bool, showAll: Bool) throws(ClientError) -> String {
        let records = try showAll ? payload.iterated() : latestRecords(payload)
        var table = PlainColumnsTable(
            full ? ["Full Tag", "Image Digest", "Analysis Status", "Image ID"] : ["Full Tag", "Image Digest", "Analysis Status"])
        var added: [[JSONValue]] = []
        for record in records {
            for detail in try record.item("image_detail").iterated() {
                let imageID = try detail.get("imageId", "None")
                let fullTag = try JSONValue.concatenate([
                    try detail.get("registry", "None"), "/", try detail.get("repo", "None"), ":", try detail.get("tag", "None"),
                ])
                var row: [JSONValue] = [.string(fullTag), try record.item("imageDigest"), try record.item("analysis_status")]
                if full { row.append(imageID) }
                if !added.contains(where: { $0.count == row.count && zip($0, row).allSatisfy { PythonOrder.equal($0, $1) } }) {
                    added.append(row)
                }
            }
        }
        for row in added { table.add(row) }
        return try table.render(sortBy: "Full Tag")
    }

    /// Per full tag (in first-seen order) the record whose detail for that tag is newest; a
    /// later record wins a tie.
    static func latestRecords(_ payload: JSONValue) throws(ClientError) -> [JSONValue] {
        var order: [String] = []
        var latest: [String: (time: Date, record: JSONValue)] = [:]
        for record in try payload.iterated() {
            for detail in try record.item("image_detail").iterated() {
                let tag = try detail.item("fulltag").pythonString
                let time = try TimestampParser.parse(try detail.item("created_at"))
                if let current = latest[tag] {
                    if time >= current.time { latest[tag] = (time, record) }
                } else {
                    order.append(tag)
                    latest[tag] = (time, record)
                }
            }
        }
        return order.compactMap { latest[$0]?.record }
    }
}
