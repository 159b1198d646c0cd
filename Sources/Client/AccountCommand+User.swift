public import ArgumentParser

extension AccountCommand {
    /// `account user …`: anchore-cli 0.9.3's `account user` group, plus Drydock's `setrole`.
    public struct User: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "user", abstract: "Account user operations (anchore-cli compatible; also `drydock user`).",
            discussion: UserCommand.roleDiscussion, subcommands: UserCommand.subcommands)

        public init() {}
    }
}

/// `drydock user …`: the same commands as `drydock account user …`, one level up.
public struct UserCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Account user operations (same as `drydock account user`).",
        discussion: roleDiscussion, subcommands: subcommands)

    public init() {}

    static var subcommands: [any ParsableCommand.Type] { [Add.self, Delete.self, Get.self, List.self, SetPassword.self, SetRole.self] }

    static let roles = "Roles: full-control, read-write, read-only, image-analyzer (the admin account's users show 'admin')."

    static let roleDiscussion = """
        --account defaults to the caller's account (GET /account). The output is anchore-cli's; Drydock adds the \
        user's role after it: a trailing 'Role: …' line in 'add', 'get' and 'setrole', and a trailing 'Role' column \
        in 'list' — only when the server reports roles, so against Anchore Engine nothing changes. \(roles)
        """

    static let accountHelp = ArgumentHelp("Optional account name (default: the caller's account).")

    /// `user add USER_NAME USER_PASSWORD [--account A] [--role R]`.
    public struct Add: AccountSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a new user.",
            discussion: "The password must be 6 to 128 characters long (exit 2 otherwise). The user name follows the account "
                + "name rules (see `drydock account add --help`; exit 1 otherwise). Without --role the server's default "
                + "role applies. \(UserCommand.roles)")

        @Argument(help: "Name of the new user.") var userName: String
        @Argument(help: "Password of the new user (6 to 128 characters).") var userPassword: String
        @Option(help: UserCommand.accountHelp) var account: String?
        @Option(help: "Drydock: the user's role (full-control, read-write, read-only, image-analyzer).") var role: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession, _ identity: AccountIdentity) async throws(ClientError) {
            try await session.addUser(userName, password: userPassword, account: account, role: role, identity: identity)
        }
    }

    /// `user del USER_NAME [--account A]`.
    public struct Delete: AccountSubcommand {
        public static let configuration = CommandConfiguration(commandName: "del", abstract: "Delete a user.")

        @Argument(help: "Name of the user to delete.") var userName: String
        @Option(help: UserCommand.accountHelp) var account: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession, _ identity: AccountIdentity) async throws(ClientError) {
            try await session.deleteUser(userName, account: account, identity: identity)
        }
    }

    /// `user get USER_NAME [--account A]`.
    public struct Get: AccountSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "get", abstract: "Get information about a user.",
            discussion: "Prints anchore-cli's Name/Type/Source/Created lines, then (Drydock) a 'Role: …' line when the server reports one.")

        @Argument(help: "Name of the user.") var userName: String
        @Option(help: UserCommand.accountHelp) var account: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession, _ identity: AccountIdentity) async throws(ClientError) {
            try await session.getUser(userName, account: account, identity: identity)
        }
    }

    /// `user list [--account A]`.
    public struct List: AccountSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Get a list of account users.",
            discussion: "Prints anchore-cli's Name/Type/Source/Created table, then (Drydock) a trailing 'Role' column when the server reports roles.")

        @Option(help: UserCommand.accountHelp) var account: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession, _ identity: AccountIdentity) async throws(ClientError) {
            try await session.listUsers(account: account, identity: identity)
        }
    }

    /// `user setpassword USER_PASSWORD [--username U] [--account A]`.
    public struct SetPassword: AccountSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "setpassword", abstract: "(Re)set a user's password credential.",
            discussion: "The password must be 6 to 128 characters long (Drydock checks this before sending; exit 2 otherwise).")

        @Argument(help: "The new password.") var userPassword: String
        @Option(help: "Optional user name (default: the caller).") var username: String?
        @Option(help: UserCommand.accountHelp) var account: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession, _ identity: AccountIdentity) async throws(ClientError) {
            try await session.setPassword(userPassword, username: username, account: account, identity: identity)
        }
    }

    /// Drydock: `user setrole USER_NAME ROLE [--account A]`.
    public struct SetRole: AccountSubcommand {
        public static let configuration = CommandConfiguration(
            commandName: "setrole", abstract: "Set a user's role (Drydock; not in anchore-cli).",
            discussion: "Prints the updated user as 'get' does. \(UserCommand.roles)")

        @Argument(help: "Name of the user.") var userName: String
        @Argument(help: "The new role (full-control, read-write, read-only, image-analyzer).") var role: String
        @Option(help: UserCommand.accountHelp) var account: String?
        @OptionGroup var connection: ConnectionOptions

        public init() {}

        func perform(_ session: ClientSession, _ identity: AccountIdentity) async throws(ClientError) {
            try await session.setRole(userName, role: role, account: account, identity: identity)
        }
    }
}
