import Crypto
public import Foundation
public import OCI

/// Image configs kept on disk by digest, so resolving an image whose config was seen before costs only the
/// manifest request: a cached re-scan makes one round trip to the registry instead of two. Content-addressed and
/// checked on every read (a file whose hash is not its name is removed and fetched again); written atomically.
/// Configs are small (at most ``ImageChecks/configLimit``).
public struct ConfigCache: Sendable {
    /// The directory the `.config` files live in (`drydock scan` shares its layer cache directory).
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// The file a config with this digest is kept in.
    public func fileURL(for digest: OCI.Digest) -> URL {
        directory.appendingPathComponent("\(digest.algorithm.rawValue)-\(digest.encoded).config")
    }

    /// The config's bytes, when kept and intact.
    public func data(for digest: OCI.Digest) -> Data? {
        let url = fileURL(for: digest)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        guard data.count <= ImageChecks.configLimit, Self.digest(of: data, algorithm: digest.algorithm) == digest else {
            try? FileManager.default.removeItem(at: url)
            return nil
        }
        return data
    }

    /// Keeps a config fetched (and verified) from a registry. Failing to write only loses the shortcut.
    public func store(_ data: Data, digest: OCI.Digest) {
        guard Self.digest(of: data, algorithm: digest.algorithm) == digest else { return }
        let temporary = directory.appendingPathComponent(".\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: temporary)
            if rename(temporary.path, fileURL(for: digest).path) != 0 { try? FileManager.default.removeItem(at: temporary) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
        }
    }

    private static func digest(of data: Data, algorithm: OCI.Digest.Algorithm) -> OCI.Digest {
        switch algorithm {
        case .sha256: OCI.Digest(algorithm: .sha256, bytes: SHA256.hash(data: data))
        case .sha512: OCI.Digest(algorithm: .sha512, bytes: SHA512.hash(data: data))
        }
    }
}
