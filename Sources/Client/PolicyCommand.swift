public import ArgumentParser
import Foundation

/// `drydock policy …`: anchore-cli 0.9.3's `policy` group (without `hub`, which talks to Anchore's hub).
public struct PolicyCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Policy bundle operations (anchore-cli compatible).",
        subcommands: [Add.self, Get.self, List.self, Activate.self, Delete.self, Describe.self])

    public init() {}

    /// `policy add FILE [--preview]`.
    public struct Add: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a policy bundle.",
            discussion: "With --preview, nothing is stored: the service evaluates the bundle against the newest image of every tag and prints how many would pass and fail, and which tags would change.")

        @Argument(help: "A policy bundle file (JSON, Anchore's format).") var bundleFile: String
        @Flag(help: "Preview the bundle's impact on the account's images instead of adding it.") var preview = false
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.addPolicy(file: bundleFile, preview: preview)
        }
    }

    /// `policy get ID [--detail]`.
    public struct Get: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "get", abstract: "Get a policy bundle.")

        @Argument(help: "The policy bundle's id.") var policyID: String
        @Flag(help: "Get the policy bundle as JSON.") var detail = false
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.getPolicy(id: policyID, detail: detail)
        }
    }

    /// `policy list`.
    public struct List: ClientSubcommand {
        public static let configuration = CommandConfiguration(commandName: "list", abstract: "List all policy bundles.")

        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.listPolicies()
        }
    }

    /// `policy activate ID`.
    public struct Activate: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "activate", abstract: "Activate a policy bundle (the account's other bundles become inactive).")

        @Argument(help: "The policy bundle's id.") var policyID: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.activatePolicy(id: policyID)
        }
    }

    /// `policy del ID`.
    public struct Delete: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "del", abstract: "Delete a policy bundle (not the active one).")

        @Argument(help: "The policy bundle's id.") var policyID: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.deletePolicy(id: policyID)
        }
    }

    /// `policy describe [--all] [--gate G] [--trigger T]`.
    public struct Describe: ClientSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "describe", abstract: "Describe the policy gates and triggers available.")

        @Flag(help: "Display deprecated and end-of-lifed entries, which are filtered out by default.") var all = false
        @Option(help: "Pick a specific gate to describe instead of all.") var gate: String?
        @Option(help: "Pick a specific trigger to describe instead of all, requires the --gate option to be specified.") var trigger: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession) async throws(ClientError) {
            try await session.describePolicies(gate: gate, trigger: trigger, all: all)
        }
    }
}

/// `drydock evaluate check`: anchore-cli 0.9.3's `evaluate` group.
public struct EvaluateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Policy evaluation operations (anchore-cli compatible).", subcommands: [Check.self])

    public init() {}

    /// `evaluate check IMG [--show-history] [--detail] [--tag T] [--policy ID]`: exits 0 when the image passes,
    /// 1 when it fails, 2 on an error.
    public struct Check: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Check the latest policy evaluation for an image (exit 0 pass, 1 fail, 2 error).",
            discussion: "INPUT_IMAGE: Image Digest, ImageID or registry/repo:tag")

        @Argument(help: "Image digest, image ID or registry/repo:tag.") var inputImage: String
        @Flag(help: "Show all previous policy evaluations.") var showHistory = false
        @Flag(help: "Show detailed policy evaluation report.") var detail = false
        @Option(help: "Specify which TAG is evaluated for a given image ID or Image Digest.") var tag: String?
        @Option(help: "Specify which POLICY to use for evaluate (defaults currently active policy).") var policy: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        public func run() async throws {
            let verdict = VerdictBox()
            let status = await ClientRunner.run(connection, environment: ProcessInfo.processInfo.environment) { session in
                verdict.status = try await session.evaluateCheck(inputImage, tag: tag, detail: detail, history: showHistory, policyID: policy)
            }
            if status != 0 { throw ExitCode(status) }
            if verdict.status != 0 { throw ExitCode(verdict.status) }
        }
    }
}

/// Carries the evaluation's exit status out of the client run.
final class VerdictBox: @unchecked Sendable {
    var status: Int32 = 0
}
