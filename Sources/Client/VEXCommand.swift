public import ArgumentParser
import Foundation

/// `drydock vex …` (Drydock's own): import OpenVEX documents for the account, list and remove them, and export an
/// image's matches as OpenVEX or CycloneDX VEX.
public struct VEXCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "vex",
        abstract: "VEX documents: statements that a vulnerability does or does not affect your images (OpenVEX).",
        discussion: """
            Statements apply to every image of the account when its vulnerabilities are listed, summarized and \
            evaluated: not_affected and fixed take a match out of the findings (`vex_suppressed` in the API), \
            affected and under_investigation annotate it. Removing the document removes its effect.
            """,
        subcommands: [Add.self, List.self, Get.self, Delete.self, Export.self])

    public init() {}

    public struct Add: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Import an OpenVEX document (a new version of the same @id replaces it).")
        @Argument(help: "An OpenVEX JSON file.") var file: String
        @OptionGroup var connection: ConnectionOptions
        public init() {}
        func perform(_ session: ClientSession) async throws(ClientError) { try await session.addVEX(file: file) }
    }

    public struct List: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "list", abstract: "List the account's VEX documents.")
        @OptionGroup var connection: ConnectionOptions
        public init() {}
        func perform(_ session: ClientSession) async throws(ClientError) { try await session.listVEX() }
    }

    public struct Get: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "get", abstract: "Print a VEX document as imported.")
        @Argument(help: "The VEX id (from `vex list`).") var id: String
        @OptionGroup var connection: ConnectionOptions
        public init() {}
        func perform(_ session: ClientSession) async throws(ClientError) { try await session.getVEX(id: id) }
    }

    public struct Delete: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "del", abstract: "Remove a VEX document and its statements.")
        @Argument(help: "The VEX id (from `vex list`).") var id: String
        @OptionGroup var connection: ConnectionOptions
        public init() {}
        func perform(_ session: ClientSession) async throws(ClientError) { try await session.deleteVEX(id: id) }
    }

    public struct Export: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Export an image's vulnerability matches as VEX.")
        @Argument(help: "Image digest, image ID or registry/repo:tag.") var inputImage: String
        @Option(help: "openvex or cyclonedx.") var format = "openvex"
        @Option(help: "Write the document to this file instead of printing it.") var output: String?
        @OptionGroup var connection: ConnectionOptions
        public init() {}

        public func validate() throws {
            guard format == "openvex" || format == "cyclonedx" else { throw ValidationError("--format must be openvex or cyclonedx") }
        }

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.exportVEX(inputImage, format: format, output: output)
        }
    }
}
