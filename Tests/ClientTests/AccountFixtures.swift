import Client

// Payloads in the shapes of reference §2.10 (Account, User; Drydock's User adds "role") and the texts
// anchore-cli 0.9.3's own `format_output` produced for them (its python formatter run from
// .build/venv-anchorecli on these exact payloads; `lines` are the text, warning included, split at "\n").
// The Drydock role table is anchore-cli's `plain_column_table` with a fifth header, "Role", sorted the same way.

enum AccountFixtures {
    /// `GET /accounts/admin`.
    static let admin = #"""
    {"name": "admin", "email": "admin@myanchore", "type": "admin", "state": "enabled", "created_at": "2021-10-01T10:00:00Z", "last_updated": "2021-10-01T10:00:00Z"}
    """#

    /// An account whose email is null.
    static let team = #"""
    {"name": "team-a", "email": null, "type": "user", "state": "disabled", "created_at": "2021-10-03T08:15:42Z", "last_updated": "2021-10-04T08:15:42Z"}
    """#

    /// An account without an email key.
    static let withoutEmail = #"""
    {"name": "qa.build+ci", "type": "user", "state": "enabled", "created_at": "2021-10-02T23:59:59Z", "last_updated": "2021-10-02T23:59:59Z"}
    """#

    /// `GET /accounts`: out of order, two created at the same second.
    static let list = #"""
    [{"name": "team-a", "email": null, "type": "user", "state": "disabled", "created_at": "2021-10-03T08:15:42Z", "last_updated": "2021-10-04T08:15:42Z"}, {"name": "admin", "email": "admin@myanchore", "type": "admin", "state": "enabled", "created_at": "2021-10-01T10:00:00Z", "last_updated": "2021-10-01T10:00:00Z"}, {"name": "aaa-first", "email": "ops@example.com", "type": "user", "state": "deleting", "created_at": "2021-10-03T08:15:42Z", "last_updated": "2021-10-03T08:15:42Z"}, {"name": "qa.build+ci", "type": "user", "state": "enabled", "created_at": "2021-10-02T23:59:59Z", "last_updated": "2021-10-02T23:59:59Z"}]
    """#

    /// `account_whoami` for `{"account": admin, "user": adminUser}`.
    static let whoamiLines: [String] = [
        "Username: admin",
        "AccountName: admin",
        "AccountEmail: admin@myanchore",
        "AccountType: admin",
        "",
        "",
    ]

    /// `account_whoami` for `{"account": {"name": "x"}, "user": {}}`.
    static let whoamiSparseLines: [String] = [
        "Username: N/A",
        "AccountName: x",
        "AccountEmail: N/A",
        "AccountType: N/A",
        "",
        "",
    ]

    /// `account_get` for ``admin``.
    static let adminLines: [String] = [
        "Name: admin",
        "Email: admin@myanchore",
        "Type: admin",
        "State: enabled",
        "Created: 2021-10-01T10:00:00Z",
        "",
        "",
    ]

    /// `account_get` for ``team``.
    static let teamLines: [String] = [
        "Name: team-a",
        "Email: None",
        "Type: user",
        "State: disabled",
        "Created: 2021-10-03T08:15:42Z",
        "",
        "",
    ]

    /// `account_add` for ``withoutEmail``.
    static let withoutEmailLines: [String] = [
        "Name: qa.build+ci",
        "Email: N/A",
        "Type: user",
        "State: enabled",
        "Created: 2021-10-02T23:59:59Z",
        "",
        "",
    ]

    /// `account_list` for ``list``.
    static let listLines: [String] = [
        "Name               Email                  Type         State           Created                     ",
        "admin              admin@myanchore        admin        enabled         2021-10-01T10:00:00Z        ",
        "qa.build+ci        N/A                    user         enabled         2021-10-02T23:59:59Z        ",
        "aaa-first          ops@example.com        user         deleting        2021-10-03T08:15:42Z        ",
        "team-a             None                   user         disabled        2021-10-03T08:15:42Z        ",
        "",
    ]

    /// `account_get` for `[admin]`: the formatter fails and the JSON is dumped.
    static let getOfAListLines: [String] = [
        "WARNING: failed to format output (returning raw output) - exception: 'list' object has no attribute 'get'",
        "[",
        "    {",
        "        \"created_at\": \"2021-10-01T10:00:00Z\",",
        "        \"email\": \"admin@myanchore\",",
        "        \"last_updated\": \"2021-10-01T10:00:00Z\",",
        "        \"name\": \"admin\",",
        "        \"state\": \"enabled\",",
        "        \"type\": \"admin\"",
        "    }",
        "]",
    ]
}

enum UserFixtures {
    /// `GET /accounts/admin/users/admin` (anchore-cli's shape, no role).
    static let adminUser = #"""
    {"username": "admin", "type": "native", "source": null, "created_at": "2021-10-01T10:00:00Z", "last_updated": "2021-10-01T10:00:00Z"}
    """#

    /// An internal user with a source.
    static let bot = #"""
    {"username": "ci-bot", "type": "internal", "source": "ldap", "created_at": "2021-10-02T07:30:00Z", "last_updated": "2021-10-02T07:30:00Z"}
    """#

    /// `GET /accounts/admin/users`: out of order, no roles.
    static let list = #"""
    [{"username": "bob@example.com", "type": "native", "source": null, "created_at": "2021-10-05T12:00:01Z", "last_updated": "2021-10-05T12:00:01Z"}, {"username": "admin", "type": "native", "source": null, "created_at": "2021-10-01T10:00:00Z", "last_updated": "2021-10-01T10:00:00Z"}, {"username": "ci-bot", "type": "internal", "source": "ldap", "created_at": "2021-10-02T07:30:00Z", "last_updated": "2021-10-02T07:30:00Z"}]
    """#

    /// The same users with Drydock's roles.
    static let listWithRoles = #"""
    [{"username": "bob@example.com", "type": "native", "source": null, "created_at": "2021-10-05T12:00:01Z", "last_updated": "2021-10-05T12:00:01Z", "role": "read-only"}, {"username": "admin", "type": "native", "source": null, "created_at": "2021-10-01T10:00:00Z", "last_updated": "2021-10-01T10:00:00Z", "role": "admin"}, {"username": "ci-bot", "type": "internal", "source": "ldap", "created_at": "2021-10-02T07:30:00Z", "last_updated": "2021-10-02T07:30:00Z", "role": "image-analyzer"}]
    """#

    /// One user with a role, one without.
    static let listMixed = #"""
    [{"username": "bob@example.com", "type": "native", "source": null, "created_at": "2021-10-05T12:00:01Z", "last_updated": "2021-10-05T12:00:01Z", "role": "read-write"}, {"username": "ci-bot", "type": "internal", "source": "ldap", "created_at": "2021-10-02T07:30:00Z", "last_updated": "2021-10-02T07:30:00Z"}]
    """#

    /// `user_get` for ``adminUser``.
    static let adminUserLines: [String] = [
        "Name: admin",
        "Type: native",
        "Source: None",
        "Created: 2021-10-01T10:00:00Z",
        "",
        "",
    ]

    /// `user_add` for ``bot``.
    static let botLines: [String] = [
        "Name: ci-bot",
        "Type: internal",
        "Source: ldap",
        "Created: 2021-10-02T07:30:00Z",
        "",
        "",
    ]

    /// `user_list` for ``list``.
    static let listLines: [String] = [
        "Name                   Type            Source        Created                     ",
        "admin                  native          None          2021-10-01T10:00:00Z        ",
        "ci-bot                 internal        ldap          2021-10-02T07:30:00Z        ",
        "bob@example.com        native          None          2021-10-05T12:00:01Z        ",
        "",
    ]

    /// `user_list` for ``listWithRoles``: anchore-cli ignores the roles.
    static let listWithRolesCLILines: [String] = [
        "Name                   Type            Source        Created                     ",
        "admin                  native          None          2021-10-01T10:00:00Z        ",
        "ci-bot                 internal        ldap          2021-10-02T07:30:00Z        ",
        "bob@example.com        native          None          2021-10-05T12:00:01Z        ",
        "",
    ]

    /// Drydock's table for ``listWithRoles``: anchore-cli's `plain_column_table` with a fifth column, `Role`.
    static let listWithRolesLines: [String] = [
        "Name                   Type            Source        Created                     Role                  ",
        "admin                  native          None          2021-10-01T10:00:00Z        admin                 ",
        "ci-bot                 internal        ldap          2021-10-02T07:30:00Z        image-analyzer        ",
        "bob@example.com        native          None          2021-10-05T12:00:01Z        read-only             ",
        "",
    ]

    /// Drydock's table for ``listMixed`` (`N/A` for the missing role), made the same way.
    static let listMixedLines: [String] = [
        "Name                   Type            Source        Created                     Role              ",
        "ci-bot                 internal        ldap          2021-10-02T07:30:00Z        N/A               ",
        "bob@example.com        native          None          2021-10-05T12:00:01Z        read-write        ",
        "",
    ]

    /// `user_list` for ``adminUser`` (a dict, not a list): iterating gives its keys, which fail.
    static let listOfADictLines: [String] = [
        "WARNING: failed to format output (returning raw output) - exception: 'str' object has no attribute 'get'",
        "{",
        "    \"created_at\": \"2021-10-01T10:00:00Z\",",
        "    \"last_updated\": \"2021-10-01T10:00:00Z\",",
        "    \"source\": null,",
        "    \"type\": \"native\",",
        "    \"username\": \"admin\"",
        "}",
    ]
}
