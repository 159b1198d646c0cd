import ArgumentParser
import Foundation
import OCI
import Registry

/// Turns what a user typed into an image source: `oci-layout:DIR[:TAG]`, `docker-archive:FILE`, or a reference.
enum ImageSourceLocator {
    static func source(for text: String, client: RegistryClient) throws -> any ImageSource {
        if text.hasPrefix("oci-layout:") || text.hasPrefix("oci-dir:") {
            var path = String(text.drop(while: { $0 != ":" }).dropFirst())
            var tag: String?
            if let colon = path.lastIndex(of: ":"), !path[path.index(after: colon)...].contains("/") {
                tag = String(path[path.index(after: colon)...])
                path = String(path[..<colon])
            }
            return OCILayoutSource(directory: URL(fileURLWithPath: path), tag: tag)
        }
        if text.hasPrefix("docker-archive:") {
            return DockerArchiveSource(path: String(text.dropFirst("docker-archive:".count)))
        }
        do {
            return RegistryImageSource(client: client, reference: try Reference(parsing: text))
        } catch {
            throw ValidationError(error.message)
        }
    }
}
