import Layers
import Foundation
import Catalog
/// `passwd_file`: the entries of `/etc/passwd`, as retrieved at analysis time.
enum PasswdFileGate {
    static let spec = GateSpec(
        "passwd_file", "Content checks for /etc/passwd for things like usernames, group ids, shells, or full entries.",
        reads: .retrievedFiles,
        triggers: [
            TriggerSpec("content_not_available", "Triggers if the /etc/passwd file is not present/stored in the evaluated image.", body: { run in
                if run.prepared.passwd?.isEmpty ?? true {
                    run.fire("Cannot locate /etc/passwd in image stored files archive: check analyzer settings.")
                }
            }),
            TriggerSpec(
                "blacklist_usernames", "Triggers if specified username is found in the /etc/passwd file",
                parameters: [.init("user_names", .stringList, required: true, example: "daemon,ftp", aliases: ["usernameblacklist"], "List of usernames that will cause the trigger to fire if found in /etc/passwd.")],
                body: { run in entries(&run, list: "user_names", field: nil, label: "user") }),
            TriggerSpec(
                "blacklist_userids", "Triggers if specified user id is found in the /etc/passwd file",
                parameters: [.init("user_ids", .numberList, required: true, example: "0,1", aliases: ["useridblacklist"], "List of userids (numeric) that will cause the trigger to fire if found in /etc/passwd.")],
                body: { run in entries(&run, list: "user_ids", field: 1, label: "uid") }),
            TriggerSpec(
                "blacklist_groupids", "Triggers if specified group id is found in the /etc/passwd file",
                parameters: [.init("group_ids", .numberList, required: true, example: "999,20", "List of groupids (numeric) that will cause the trigger ot fire if found in /etc/passwd.")],
                body: { run in entries(&run, list: "group_ids", field: 2, label: "gid") }),
            TriggerSpec(
                "blacklist_shells", "Triggers if specified login shell for any user is found in the /etc/passwd file",
                parameters: [.init("shells", .stringList, required: true, example: "/bin/bash,/bin/zsh", "List of shell commands to blacklist.")],
                body: { run in entries(&run, list: "shells", field: 5, label: "shell") }),
            TriggerSpec(
                "blacklist_full_entry", "Triggers if entire specified passwd entry is found in the /etc/passwd file.",
                parameters: [.init("entry", .string, required: true, example: "ftp:x:14:50:FTP User:/var/ftp:/sbin/nologin", "Full entry to match in /etc/passwd.")],
                body: { run in
                    guard let entry = run.params.string("entry")?.trimmingCharacters(in: .whitespaces) else { return }
                    guard let passwd = available(&run) else { return }
                    for (user, fields) in passwd where ([user] + fields).joined(separator: ":") == entry {
                        run.fire("Blacklisted pentry '\(entry)' found in image's /etc/passwd: pentry=\(entry)")
                    }
                }),
        ])

    /// The entries, or a finding that says they cannot be checked (a silent pass would hide a missing file).
    static func available(_ run: inout TriggerRun) -> [(user: String, fields: [String])]? {
        guard let passwd = run.prepared.passwd, !passwd.isEmpty else {
            run.fire("Cannot evaluate: /etc/passwd was not found in the image or not retrieved at analysis time")
            return nil
        }
        return passwd
    }

    /// Fires for each entry whose `field` (nil: the user name) is in the parameter's list.
    static func entries(_ run: inout TriggerRun, list name: String, field: Int?, label: String) {
        guard let listed = run.params.list(name).map(Set.init) else { return }
        guard let passwd = available(&run) else { return }
        for (user, fields) in passwd {
            let candidate = field.map { $0 < fields.count ? fields[$0] : "" } ?? user
            guard listed.contains(candidate) else { continue }
            let pentry = ([user] + fields).joined(separator: ":")
            let shown = label == "user" ? "Blacklisted user '\(candidate)'" : "Blacklisted \(label) '\(candidate)'"
            run.fire("\(shown) found in image's /etc/passwd: pentry=\(pentry)")
        }
    }
}
