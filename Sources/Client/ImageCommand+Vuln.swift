public import ArgumentParser
import Foundation

extension ImageCommand {
    /// `image vuln IMG [TYPE] [--vendor-only BOOL]`.
    public struct Vuln: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "vuln", abstract: "Get image vulnerabilities.",
            discussion: """
                INPUT_IMAGE: Image Digest, ImageID or registry/repo:tag. VULN_TYPE: os (CVE/distro vulnerabilities \
                against operating system packages), non-os (language packages) or all; omit it to list the types.
                """)

        @Argument(help: "Image digest, image ID or registry/repo:tag.") var inputImage: String
        @Argument(help: "The vulnerability type: os, non-os or all (omit to list the available types).") var vulnType: String?
        @Option(help: "Show only vulnerabilities marked by upstream vendor as applicable (default=True).")
        var vendorOnly: ClickBool = ClickBool(true)
        @Flag(help: "Drydock: add the KEV (CISA's date added) and EPSS (score, percentile) columns.")
        var exploits = false
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.imageVulnerabilities(inputImage, type: vulnType, vendorOnly: vendorOnly.value, exploits: exploits)
        }
    }
}

/// A boolean option value as click's `type=bool` reads it: `1/true/t/yes/y/on` or
/// `0/false/f/no/n/off`, any case, surrounding spaces ignored.
public struct ClickBool: ExpressibleByArgument, Sendable, Hashable {
    public var value: Bool

    public init(_ value: Bool) { self.value = value }

    public init?(argument: String) {
        switch argument.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "1", "true", "t", "yes", "y", "on": value = true
        case "0", "false", "f", "no", "n", "off": value = false
        default: return nil
        }
    }

    public var defaultValueDescription: String { value ? "True" : "False" }
}
