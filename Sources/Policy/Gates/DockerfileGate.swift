import Layers
import Catalog
import Foundation

/// `dockerfile`: the actual Dockerfile, when the image was added with one, or the one guessed from its history.
enum DockerfileGate {
    static let directives = [
        "ADD", "ARG", "COPY", "CMD", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD",
        "USER", "RUN", "SHELL", "STOPSIGNAL", "VOLUME", "WORKDIR",
    ]
    static let conditions = ["=", "!=", "exists", "not_exists", "like", "not_like", "in", "not_in"]
    static let actualOnly = ParameterSpec(
        "actual_dockerfile_only", .boolean, example: "true",
        "Only evaluate against a user-provided dockerfile, skip evaluation on inferred/guessed dockerfiles. Default is False.")

    static let spec = GateSpec(
        "dockerfile",
        "Checks against the content of a dockerfile if provided, or a guessed dockerfile based on docker layer history if the dockerfile is not provided.",
        triggers: [
            TriggerSpec(
                "instruction", "Triggers if any directives in the list are found to match the described condition in the dockerfile.",
                parameters: [
                    .init("instruction", .enumeration(directives), required: true, example: "from", "The Dockerfile instruction to check."),
                    .init("check", .enumeration(conditions), required: true, example: "=", "The type of check to perform."),
                    .init("value", .string, example: "scratch", "The value to check the dockerfile instruction against."),
                    actualOnly,
                ],
                check: { p in
                    let op = p.string("check") ?? ""
                    if ["=", "!=", "like", "not_like", "in", "not_in"].contains(op), p.string("value") == nil {
                        return "check \(op) needs a value"
                    }
                    if op == "like" || op == "not_like", let value = p.string("value"), (try? Pattern(value)) == nil {
                        return "value \"\(value)\" is not a valid regular expression"
                    }
                    return nil
                },
                body: instruction),
            TriggerSpec(
                "effective_user",
                "Checks if the effective user matches the provided user names, either as a whitelist or blacklist depending on the type parameter setting.",
                parameters: [
                    .init("users", .stringList, required: true, example: "root,docker", "User names to check against as the effective user (last user entry) in the images history."),
                    .init("type", .enumeration(["whitelist", "blacklist"]), required: true, example: "blacklist", "How to treat the provided user names."),
                ],
                body: effectiveUser),
            TriggerSpec(
                "exposed_ports",
                "Evaluates the set of ports exposed. Allows configuring whitelist or blacklist behavior. If type=whitelist, then any ports found exposed that are not in the list will cause the trigger to fire. If type=blacklist, then any ports exposed that are in the list will cause the trigger to fire.",
                parameters: [
                    .init("ports", .numberList, required: true, example: "80,8080,8088", "List of port numbers."),
                    .init("type", .enumeration(["whitelist", "blacklist"]), required: true, example: "blacklist", "Whether to use port list as a whitelist or blacklist."),
                    actualOnly,
                ],
                body: exposedPorts),
            TriggerSpec(
                "no_dockerfile_provided", "Triggers if anchore analysis was performed without supplying the actual image Dockerfile.",
                body: { run in
                    if run.input.analysis.dockerfile?.mode != .actual { run.fire("Image was not analyzed with an actual Dockerfile") }
                }),
        ])

    /// The prepared Dockerfile, unless the rule asks for an actual one and the image has a guessed one.
    static func lines(_ run: TriggerRun, actualOnly: Bool) -> [String: [String]]? {
        if actualOnly, run.input.analysis.dockerfile?.mode != .actual { return nil }
        return run.prepared.dockerfile
    }

    static func instruction(_ run: inout TriggerRun) {
        guard let df = lines(run, actualOnly: run.params.bool("actual_dockerfile_only") ?? false),
              let directive = run.params.string("instruction"), let condition = run.params.string("check")
        else { return }
        let value = run.params.string("value")
        let pattern = value.flatMap { try? Pattern($0) }
        let list = (value ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for line in df[directive] ?? [] {
            let argument = String(line.dropFirst(directive.count)).trimmingCharacters(in: .whitespaces)
            let hit: Bool
            switch condition {
            case "=": hit = argument == value
            case "!=": hit = argument != value
            case "exists": hit = true
            case "like": hit = pattern?.matchesPrefix(of: argument) ?? false
            case "not_like": hit = !(pattern?.matchesPrefix(of: argument) ?? false)
            case "in": hit = list.contains(argument)
            case "not_in": hit = !list.contains(argument)
            default: hit = false
            }
            if hit {
                run.fire("Dockerfile directive '\(directive)' check '\(condition)' matched against '\(value ?? "")' for line '\(argument)'")
            }
        }
        if condition == "not_exists", df[directive] == nil {
            run.fire("Dockerfile directive '\(directive)' not found, matching condition '\(condition)' check")
        }
    }

    static func effectiveUser(_ run: inout TriggerRun) {
        guard let df = run.prepared.dockerfile, let users = run.params.list("users"), let type = run.params.string("type") else { return }
        let last = (df["USER"] ?? []).last ?? "USER root"
        var user = String(last.drop { $0 != " " && $0 != "\t" }).trimmingCharacters(in: .whitespaces)
        if user.hasPrefix("[") { user.removeFirst() }
        if user.hasSuffix("]") { user.removeLast() }
        guard !user.isEmpty else { return }
        if type == "whitelist", !users.contains(user) {
            run.fire("User \(user) found as effective user, which is not on the allowed list")
        } else if type == "blacklist", users.contains(user) {
            run.fire("User \(user) found as effective user, which is explicity not allowed")
        }
    }

    static func exposedPorts(_ run: inout TriggerRun) {
        guard let df = lines(run, actualOnly: run.params.bool("actual_dockerfile_only") ?? false),
              let ports = run.params.list("ports"), let type = run.params.string("type")
        else { return }
        for line in df["EXPOSE"] ?? [] {
            var exposed = line.split(whereSeparator: \.isWhitespace).dropFirst().map(String.init)
            guard !exposed.isEmpty else { continue }
            let rendered = "[" + exposed.map { "'\($0)'" }.joined(separator: ", ") + "]"
            if type == "blacklist" {
                if ports.contains("0") {
                    run.fire("Dockerfile exposes network ports but policy sets DENIEDPORTS=0: " + rendered)
                    continue
                }
                for port in ports {
                    if let form = [port, port + "/tcp", port + "/udp"].first(where: exposed.contains) {
                        run.fire("Dockerfile exposes port (\(form)) which is in policy file DENIEDPORTS list")
                    }
                }
            } else {
                if ports.contains("0") {
                    run.fire("Dockerfile exposes network ports but policy sets ALLOWEDPORTS=0: " + rendered)
                    continue
                }
                exposed.removeAll { entry in ports.contains { entry == $0 || entry == $0 + "/tcp" || entry == $0 + "/udp" } }
                for port in exposed { run.fire("Dockerfile exposes port (\(port)) which is not in policy file ALLOWEDPORTS list") }
            }
        }
    }
}
