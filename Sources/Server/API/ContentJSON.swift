import Catalog
import Foundation
import Layers
import OCI

/// Anchore's content payloads (reference section 6.1), written from a stored analysis.
enum ContentJSON {
    /// The content types every analysis offers: Anchore's list. `malware` is always empty: Drydock has no malware
    /// scanner (Anchore's is off by default too), and its answer says so in a `note`.
    static let contentTypes = ["os", "files", "npm", "gem", "python", "java", "binary", "go", "malware"]
    /// What `content/malware` says beside its empty list.
    static let malwareNote = "Drydock does not scan for malware: nothing was scanned, so this list says nothing about the image"
    /// The metadata types, also served base64 under `/content/{type}`.
    static let metadataTypes = ["manifest", "docker_history", "dockerfile"]

    /// The `content` array for one content type.
    static func content(_ type: String, of analysis: ImageAnalysis, to writer: inout JSONWriter) {
        writer.beginArray()
        switch type {
        case "files": files(analysis, to: &writer)
        case "os": for package in analysis.packages where package.type.isOS { osPackage(package, to: &writer) }
        case "java": for package in analysis.packages where package.type == .java { javaPackage(package, to: &writer) }
        default:
            let wanted: PackageType? = switch type {
            case "npm": .npm
            case "gem": .gem
            case "python": .python
            case "go": .go
            case "binary": .binary
            default: nil
            }
            for package in analysis.packages where package.type == wanted { languagePackage(package, type: type, to: &writer) }
        }
        writer.endArray()
    }

    static func osPackage(_ package: Package, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("package", package.name)
        writer.field("version", package.version)
        writer.field("size", package.metadata["installedSize"] ?? package.metadata["size"] ?? "0")
        let type = switch package.type {
        case .deb: "dpkg"
        case .rpm: "rpm"
        default: "APKG"
        }
        writer.field("type", type)
        writer.field("origin", package.metadata["maintainer"] ?? package.metadata["vendor"] ?? "N/A")
        licenses(package, to: &writer)
        writer.field("sourcepkg", package.sourceName ?? package.name)
        writer.field("purl", package.purl)
        writer.endObject()
    }

    static func languagePackage(_ package: Package, type: String, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("package", package.name)
        writer.field("type", type.uppercased())
        writer.field("location", package.locations.first ?? "Unknown")
        writer.field("version", package.version.isEmpty ? "Unknown" : package.version)
        writer.field("origin", package.metadata["author"] ?? package.metadata["maintainer"] ?? "N/A")
        licenses(package, to: &writer)
        writer.field("purl", package.purl)
        writer.endObject()
    }

    static func javaPackage(_ package: Package, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("package", package.name)
        writer.field("type", "JAVA-JAR")
        writer.field("location", package.locations.first ?? "Unknown")
        writer.field("specification-version", package.metadata["specificationVersion"] ?? "N/A")
        writer.field("implementation-version", package.metadata["implementationVersion"] ?? "N/A")
        writer.field("maven-version", package.version.isEmpty ? "N/A" : package.version)
        writer.field("version", package.version.isEmpty ? "N/A" : package.version)
        writer.field("origin", package.metadata["groupId"] ?? "N/A")
        writer.key("cpes")
        writer.beginArray()
        writer.endArray()
        writer.key("metadata")
        writer.beginObject()
        for (name, value) in package.metadata.sorted(by: { $0.key < $1.key }) { writer.field(named: name, value) }
        writer.endObject()
        writer.field("purl", package.purl)
        writer.endObject()
    }

    static func licenses(_ package: Package, to writer: inout JSONWriter) {
        writer.field("license", package.licenses.isEmpty ? "Unknown" : package.licenses.joined(separator: " "))
        writer.key("licenses")
        writer.beginArray()
        for license in package.licenses { writer.string(license) }
        writer.endArray()
        writer.key("cpes")
        writer.beginArray()
        writer.endArray()
    }

    static func files(_ analysis: ImageAnalysis, to writer: inout JSONWriter) {
        for file in analysis.files {
            writer.beginObject()
            writer.field("filename", file.path)
            writer.field("size", file.size)
            let permissions = String(file.mode & 0o7777, radix: 8)
            writer.field("mode", String(repeating: "0", count: max(0, 5 - permissions.count)) + permissions)
            writer.field("sha256", file.sha256?.encoded)
            let kind = switch file.kind {
            case .regular, .hardlink: "file"
            case .directory: "dir"
            case .symlink: "slink"
            case .characterDevice: "chr"
            case .blockDevice: "blk"
            case .fifo: "fifo"
            case .other: "other"
            }
            writer.field("type", kind)
            writer.field("uid", Int64(file.uid))
            writer.field("gid", Int64(file.gid))
            writer.field("linkdest", file.linkTarget)
            writer.endObject()
        }
    }

    /// The base64 value of a metadata type: the manifest, the history as JSON, or the Dockerfile.
    static func metadata(_ type: String, of analysis: ImageAnalysis, manifest: Data?) -> String? {
        switch type {
        case "manifest": return manifest?.base64EncodedString()
        case "dockerfile": return analysis.dockerfile.map { Data($0.contents.utf8).base64EncodedString() } ?? ""
        case "docker_history":
            let history: [[String: Any]] = analysis.metadata.history.map { entry in
                var item: [String: Any] = ["Created": entry.created ?? "", "CreatedBy": entry.createdBy ?? "", "Comment": entry.comment ?? ""]
                item["Tags"] = [String]()
                item["Size"] = 0
                item["Id"] = "<missing>"
                return item
            }
            let data = (try? JSONSerialization.data(withJSONObject: history, options: [.sortedKeys])) ?? Data("[]".utf8)
            return data.base64EncodedString()
        default: return nil
        }
    }
}
