public import ArgumentParser

extension ImageCommand {
    /// `image content IMG [TYPE]`.
    public struct Content: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "content", abstract: "Get contents of image.",
            discussion: """
                INPUT_IMAGE: Image Digest, ImageID or registry/repo:tag. CONTENT_TYPE: run without it to list \
                the types available for the image (os, files, npm, gem, python, java, binary, go, …).
                """)

        @Argument(help: "Image digest, image ID or registry/repo:tag.") var inputImage: String
        @Argument(help: "The content type (omit to list the available types).") var contentType: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.imageContent(inputImage, type: contentType)
        }
    }

    /// `image metadata IMG [TYPE]`.
    public struct Metadata: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "metadata", abstract: "Get metadata about an image.",
            discussion: "METADATA_TYPE: one of the types returned by running without a type (manifest, docker_history, dockerfile).")

        @Argument(help: "Image digest, image ID or registry/repo:tag.") var inputImage: String
        @Argument(help: "The metadata type (omit to list the available types).") var metadataType: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.imageMetadata(inputImage, type: metadataType)
        }
    }

    /// `image del IMG`, `image del --all`.
    public struct Delete: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "del", abstract: "Delete an image.")

        @Argument(help: "Image digest, image ID or registry/repo:tag.") var inputImage: String?
        @Flag(help: "Force deletion of image by cancelling any subscription/notification settings prior to image delete.")
        var force = false
        @Flag(help: "Delete all images.") var all = false
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            if all { return try await session.deleteAllImages(force: force) }
            guard let inputImage else { throw ClientError(.invalidInput, "Missing argument INPUT_IMAGE") }
            try await session.deleteImage(inputImage, force: force)
        }
    }
}
