public import ArgumentParser
import Foundation
import OCI
import Registry

/// How the CLI reaches registries: shared by `inspect` and `scan`.
struct RegistryOptions: ParsableArguments {
    @Option(help: "The platform to pick from a multi-platform image, as os/arch[/variant].")
    var platform = "linux/amd64"

    @Option(help: "Use plain HTTP for this registry host (repeatable).")
    var insecureRegistry: [String] = []

    @Flag(help: "Do not verify TLS certificates of the image's registry.")
    var skipTLSVerify = false

    @Option(help: "A Docker config.json with registry credentials (default: $DOCKER_CONFIG/config.json or ~/.docker/config.json).")
    var dockerConfig: String?

    func parsedPlatform() throws -> Platform {
        do {
            return try Platform(parsing: platform)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// The client configuration the options give, for the image the user named.
    func configuration(for image: String, configCache: ConfigCache? = nil) throws -> RegistryConfiguration {
        let credentials = try dockerConfig.map { try DockerConfig(contentsOf: URL(fileURLWithPath: $0)) } ?? DockerConfig()
        var endpoints: [String: RegistryConfiguration.Endpoint] = [:]
        for host in insecureRegistry { endpoints[host] = .init(insecure: true, verifyTLS: false) }
        if skipTLSVerify, let reference = try? Reference(parsing: image), endpoints[reference.registry] == nil {
            endpoints[reference.registry] = .init(insecure: false, verifyTLS: false)
        }
        var configuration = RegistryConfiguration(endpoints: endpoints, platform: try parsedPlatform(), credentials: credentials)
        configuration.configCache = configCache
        return configuration
    }
}

/// Runs `body` with a client and always shuts the client down.
func withRegistryClient<T>(
    _ options: RegistryOptions, image: String, configCache: ConfigCache? = nil, _ body: (RegistryClient) async throws -> T
) async throws -> T {
    try await RegistryClient.withClient(configuration: options.configuration(for: image, configCache: configCache), body)
}
