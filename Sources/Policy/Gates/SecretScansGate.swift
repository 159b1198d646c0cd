import Layers
import Foundation
import Catalog
/// `secret_scans`: what the secret search found (rule ids `AWS_ACCESS_KEY`, `AWS_SECRET_KEY`, `PRIV_KEY`,
/// `DOCKER_AUTH`, `API_KEY`, `PASSWORD`, and secrets set in the image's environment).
enum SecretScansGate {
    static let spec = GateSpec(
        "secret_scans", "Checks for secrets and content found in the image using the secret search's named regexes.",
        reads: .secrets,
        triggers: [
            TriggerSpec(
                "content_regex_checks",
                "Triggers if the secret content search analyzer has found any matches with the configured and named regexes. Checks can be configured to trigger if a match is found or is not found (selected using match_type parameter).  Matches are filtered by the content_regex_name and filename_regex if they are set.",
                parameters: [
                    .init("content_regex_name", .string, example: "AWS_ACCESS_KEY", "Name of content regexps configured in the analyzer that match if found in the image, instead of matching all. Names available by default are: ['AWS_ACCESS_KEY', 'AWS_SECRET_KEY', 'PRIV_KEY', 'DOCKER_AUTH', 'API_KEY']."),
                    .init("filename_regex", .regex, example: "/etc/.*", "Regexp to filter the content matched files by."),
                    .init("match_type", .enumeration(["notfound", "found"]), example: "found", "Set to define the type of match - trigger if match is found (default) or not found."),
                ],
                body: check),
        ])

    static func check(_ run: inout TriggerRun) {
        let name = run.params.string("content_regex_name")
        let files = run.params.regex("filename_regex")
        let matchType = run.params.string("match_type") ?? "found"
        var any = false
        for secret in run.input.analysis.secrets {
            if let files, !files.matchesPrefix(of: secret.path) { continue }
            if let name, name != secret.ruleID { continue }
            any = true
            if matchType == "found" {
                run.fire("Secret content search analyzer found regexp match in container: file=\(secret.path) regexp=\(secret.ruleID)")
            }
        }
        if !any, matchType == "notfound" {
            run.fire("Secret content search analyzer did not find regexp match in container: filename_regex=\(files?.source ?? "*") content_regex_name=\(name ?? "all")")
        }
    }
}
