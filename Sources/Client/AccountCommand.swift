public import ArgumentParser
import Foundation

/// `drydock account …`: anchore-cli 0.9.3's `account` group (its `user` subgroup is in `AccountCommand+User.swift`).
public struct AccountCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Account operations (anchore-cli compatible).",
        discussion: "Every account command first fetches the caller's account and user (GET /account, GET /user) and exits 2 if either fails.",
        subcommands: [Whoami.self, Add.self, Get.self, List.self, Delete.self, Enable.self, Disable.self, User.self])

    public init() {}

    /// `account whoami`.
    public struct Whoami: AccountSubcommand {
        public static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Get current account/user information.")

        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession, _ identity: AccountIdentity) async throws(ClientError) {
            session.showWhoami(identity)
        }
    }

    /// `account add ACCOUNT_NAME [--email E]`.
    public struct Add: AccountSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a new account (with no populated users by default).",
            discussion: "A name is 3 to 128 characters long, starts and ends with a letter or digit, and in between holds only "
                + "letters, digits and the characters !#$+,-./:;<=@^_`~ (checked before sending; exit 1 otherwise).")

        @Argument(help: "Name of new account to create.") var accountName: String
        @Option(help: "Optional email address to associate with account.") var email: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession, _ identity: AccountIdentity) async throws(ClientError) {
            try await session.addAccount(accountName, email: email)
        }
    }

    /// `account get ACCOUNT_NAME`.
    public struct Get: AccountSubcommand {
        public static let configuration = CommandConfiguration(commandName: "get", abstract: "Get account information.")

        @Argument(help: "Name of the account.") var accountName: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession, _ identity: AccountIdentity) async throws(ClientError) {
            try await session.getAccount(accountName)
        }
    }

    /// `account list`.
    public struct List: AccountSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List information about all accounts (admin only).")

        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession, _ identity: AccountIdentity) async throws(ClientError) {
            try await session.listAccounts()
        }
    }

    /// `account del ACCOUNT_NAME [--dontask]`.
    public struct Delete: AccountSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "del", abstract: "Delete an account (must be disabled first).",
            discussion: "Without --dontask, asks for confirmation on the terminal; only 'y' deletes.")
        static let noteForStateChange = true

        @Argument(help: "Name of account to delete (must be disabled first).") var accountName: String
        @Flag(help: "Do not prompt for confirmation of account deletion.") var dontask = false
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession, _ identity: AccountIdentity) async throws(ClientError) {
            try await session.deleteAccount(accountName, dontask: dontask)
        }
    }

    /// `account enable ACCOUNT_NAME`.
    public struct Enable: AccountSubcommand {
        public static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a disabled account.")

        @Argument(help: "Name of account to enable.") var accountName: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession, _ identity: AccountIdentity) async throws(ClientError) {
            try await session.setAccountState(accountName, enabled: true)
        }
    }

    /// `account disable ACCOUNT_NAME`.
    public struct Disable: AccountSubcommand {
        public static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable an enabled account.")

        @Argument(help: "Name of account to disable.") var accountName: String
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession, _ identity: AccountIdentity) async throws(ClientError) {
            try await session.setAccountState(accountName, enabled: false)
        }
    }
}

/// A leaf of the `account` group (and of `user`): like ``ClientSubcommand``, but run through the whoami prelude
/// (``ClientSession/runAccountCommand(noteForStateChange:_:)``), whose answer it receives.
protocol AccountSubcommand: AsyncParsableCommand {
    var connection: ConnectionOptions { get }
    /// Whether a failure about an invalid account state change gets anchore-cli's NOTE (`account del`).
    static var noteForStateChange: Bool { get }
    func perform(_ session: ClientSession, _ identity: AccountIdentity) async throws(ClientError)
}

extension AccountSubcommand {
    static var noteForStateChange: Bool { false }

    public func run() async throws {
        var status: Int32 = 0
        // The runner only opens the connection (and reports a failure to); the session does the rest.
        let setup = await ClientRunner.run(connection, environment: ProcessInfo.processInfo.environment, checkAccess: false) {
            session in
            status = await session.runAccountCommand(noteForStateChange: Self.noteForStateChange) { session, identity throws(ClientError) in
                try await perform(session, identity)
            }
        }
        let exit = setup != 0 ? setup : status
        if exit != 0 { throw ExitCode(exit) }
    }
}
