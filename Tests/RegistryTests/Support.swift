import Archive
import Foundation
import OCI
import Registry
import TestSupport
import Testing

/// The configuration of a client for a test registry: short retries, the given credentials for its host.
func configuration(
    for host: String, credentials: Credentials? = nil, platform: Platform = .linuxAMD64,
    retry: RegistryConfiguration.RetryPolicy = .init(maxAttempts: 2, baseDelay: .milliseconds(20))
) -> RegistryConfiguration {
    RegistryConfiguration(
        platform: platform, retry: retry, connectTimeout: .seconds(3), readTimeout: .seconds(10),
        credentials: StaticCredentialStore(credentials.map { [host: $0] } ?? [:]))
}

/// Runs `body` with a client and always shuts the client down.
@discardableResult
func withClient<T>(
    for host: String, credentials: Credentials? = nil, platform: Platform = .linuxAMD64,
    retry: RegistryConfiguration.RetryPolicy = .init(maxAttempts: 2, baseDelay: .milliseconds(20)),
    _ body: (RegistryClient) async throws -> T
) async throws -> T {
    try await RegistryClient.withClient(
        configuration: configuration(for: host, credentials: credentials, platform: platform, retry: retry), body)
}

/// Reads every layer of an image through its source and returns the regular files (path → contents) of each.
func readLayers(_ image: ResolvedImage, from source: some ImageSource) async throws -> [[String: String]] {
    var result: [[String: String]] = []
    for layer in image.manifest.layers {
        let stream = try await source.blob(layer)
        var files: [String: String] = [:]
        var current: String?
        var bytes: [UInt8] = []
        try await forEachTarEvent(in: stream, compression: nil, outputLimit: 64 << 20) { event in
            switch event {
            case .entry(let entry):
                current = entry.kind == .regular ? entry.path : nil
                bytes = []
            case .data(let chunk):
                if current != nil { bytes.append(contentsOf: chunk) }
            case .entryEnd:
                if let path = current { files[path] = String(decoding: bytes, as: UTF8.self) }
                current = nil
            }
        }
        result.append(files)
    }
    return result
}

/// A small two-layer image: a base with /etc/os-release, and a layer that adds an app and deletes a file.
func sampleImage(format: ImageFormat = .oci, compression: Compression = .gzip, platform: Platform = .linuxAMD64,
                 marker: String = "base") throws -> BuiltImage {
    let base = try ImageBuilder.layer([
        .directory("etc"),
        .text("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"),
        .text("etc/marker", marker),
        .text("tmp/gone", "x"),
    ], compression: compression, format: format)
    let app = try ImageBuilder.layer([
        .directory("app"),
        .text("app/run.sh", "#!/bin/sh\necho hi\n", mode: 0o755),
        .symlink("app/current", target: "run.sh"),
        .hardlink("app/again", target: "app/run.sh"),
        .whiteout("tmp/gone"),
    ], compression: compression, format: format)
    return try ImageBuilder.image(
        [base, app], format: format, platform: platform,
        run: .init(env: ["PATH=/usr/bin"], entrypoint: ["/app/run.sh"], labels: ["org.example": "yes"]))
}
