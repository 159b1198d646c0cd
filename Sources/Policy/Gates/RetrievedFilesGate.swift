import Layers
import Catalog
import Foundation

/// `retrieved_files`: files whose content was kept at analysis time.
enum RetrievedFilesGate {
    static let path = ParameterSpec("path", .string, required: true, example: "/etc/httpd.conf", "The path of the file to verify has been retrieved during analysis")

    static let spec = GateSpec(
        "retrieved_files", "Checks against content and/or presence of files retrieved at analysis time from an image",
        reads: .retrievedFiles,
        triggers: [
            TriggerSpec("content_not_available", "Triggers if the specified file is not present/stored in the evaluated image.", parameters: [path], body: { run in
                guard let path = run.params.string("path") else { return }
                if run.input.retrievedFiles?[path] == nil { run.fire("Cannot locate file in the image analysis") }
            }),
            TriggerSpec(
                "content_regex", "Evaluation of regex on retrieved file content",
                parameters: [
                    path,
                    .init("regex", .regex, required: true, example: ".*SSlEnabled.*", "The regex to evaluate against the content of the file"),
                    .init("check", .enumeration(["match", "no_match"]), required: true, example: "match", "The type of check to perform with the regex"),
                ],
                body: contentRegex),
        ])

    static func contentRegex(_ run: inout TriggerRun) {
        guard let path = run.params.string("path"), let regex = run.params.regex("regex"), let check = run.params.string("check") else { return }
        guard let data = run.input.retrievedFiles?[path] else {
            run.fire("Cannot evaluate content regex: file '\(path)' was not retrieved at analysis time", id: "\(run.ruleID ?? "")+file://\(path)")
            return
        }
        let text = String(decoding: data, as: UTF8.self)
        let found = text.split(whereSeparator: \.isWhitespace).contains { regex.matchesPrefix(of: String($0)) }
        if found == (check == "match") {
            run.fire("Content regex '\(regex.source)' check '\(check)' found in retrieved file '\(path)'", id: "\(run.ruleID ?? "")+file://\(path)")
        }
    }
}
