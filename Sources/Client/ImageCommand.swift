public import ArgumentParser
import Foundation

/// `drydock image …`: anchore-cli 0.9.3's `image` group against a Drydock (or Anchore) service.
public struct ImageCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Image operations (anchore-cli compatible).",
        subcommands: [Add.self, List.self, Get.self, Wait.self, Content.self, Metadata.self, Vuln.self, Delete.self])

    public init() {}
}

extension ImageCommand {
    /// `image add TAG`.
    public struct Add: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add an image.",
            discussion: "INPUT_IMAGE: Input image can be in the following formats: registry/repo:tag")

        @Argument(help: "The image tag to add (registry/repo:tag).") var inputImage: String
        @Flag(help: "Force reanalysis of image.") var force = false
        @Option(help: ArgumentHelp("Submit image's dockerfile for analysis.", valueName: "Dockerfile")) var dockerfile: String?
        @Option(help: ArgumentHelp("An annotation to attach to the image (repeatable).", valueName: "key=value"))
        var annotation: [String] = []
        @Flag(help: "If set, instruct the engine to disable tag_update subscription for the added tag.")
        var noautosubscribe = false
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        public func validate() throws {
            if let dockerfile, !FileManager.default.fileExists(atPath: dockerfile) {
                throw ValidationError("Invalid value for '--dockerfile': Path '\(dockerfile)' does not exist.")
            }
        }

        func perform(_ session: ClientSession) async throws(ClientError) {
            var contents: String?
            if let dockerfile {
                do {
                    // Python reads text mode: universal newlines.
                    contents = try String(contentsOfFile: dockerfile, encoding: .utf8)
                        .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                } catch {
                    throw ClientError(.invalidInput, "cannot read \(dockerfile): \(error)", cause: error)
                }
            }
            try await session.addImage(
                inputImage, force: force, dockerfile: contents, annotations: annotation, autosubscribe: !noautosubscribe)
        }
    }

    /// `image list`.
    public struct List: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "list", abstract: "List all images.")

        @Flag(help: "Show full row output for each image.") var full = false
        @Flag(help: "Show all images in the system instead of just the latest for a given tag.") var showAll = false
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.listImages(full: full, showAll: showAll)
        }
    }

    /// `image get IMG`.
    public struct Get: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "get", abstract: "Get an image.",
            discussion: "INPUT_IMAGE: Input image can be in the following formats: Image Digest, ImageID or registry/repo:tag")

        @Argument(help: "Image digest, image ID or registry/repo:tag.") var inputImage: String
        @Flag(help: "Show history of images that match the input image, if input image is of the form registry/repo:tag.")
        var showHistory = false
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.getImage(inputImage, showHistory: showHistory)
        }
    }

    /// `image wait IMG`.
    public struct Wait: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "wait", abstract: "Wait for an image to analyze.",
            discussion: "Wait for an image to go to analyzed or analysis_failed status with a specific timeout.")

        @Argument(help: "Image digest, image ID or registry/repo:tag.") var inputImage: String
        @Option(parsing: .unconditional, help: "Time to wait, in seconds. If < 0, wait forever, if 0, do not wait.") var timeout: Double = -1
        @Option(parsing: .unconditional, help: "Interval between checks, in seconds.") var interval: Double = 5
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.waitForImage(inputImage, timeout: timeout, interval: interval)
        }
    }
}
