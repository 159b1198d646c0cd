import OCI
import Catalog
import Foundation
import Layers

/// `files`: names, attributes and set-id bits of the image's files, and content-search findings.
enum FilesGate {
    static let spec = GateSpec(
        "files", "Checks against files in the analyzed image including file content, file names, and filesystem attributes.",
        reads: .files,
        triggers: [
            TriggerSpec(
                "content_regex_match",
                "Triggers for each file where the content search analyzer has found a match using configured regexes. If the parameter is set, the trigger will only fire for files that matched the named regex. Drydock's content search is its secret search: the regex names are the secret rule ids.",
                parameters: [
                    .init("regex_name", .string, example: ".*password.*", "Regex string that also appears in the content search configuration, to limit the check to. If set, will only fire trigger when the specific named regex was found in a file."),
                ],
                reads: .secrets,
                body: contentMatch),
            TriggerSpec(
                "name_match",
                "Triggers if a file exists in the container that has a filename that matches the provided regex. This does have a performance impact on policy evaluation.",
                parameters: [.init("regex", .regex, required: true, example: #".*\.pem"#, "Regex to apply to file names for match.")],
                body: nameMatch),
            TriggerSpec(
                "attribute_match",
                "Triggers if a filename exists in the container that has attributes that match those which are provided . This check has a performance impact on policy evaluation.",
                parameters: [
                    .init("filename", .string, required: true, example: "/etc/passwd", "Filename to check against provided checksum."),
                    .init("checksum_algorithm", .enumeration(["sha256"]), example: "sha256", "Checksum algorithm"),
                    .init("checksum", .string, example: "832cd0f75b227d13aac82b1f70b7f90191a4186c151f9db50851d209c45ede11", "Checksum of file."),
                    .init("checksum_match", .enumeration(["equals", "not_equals"]), example: "equals", "Checksum operation to perform."),
                    .init("mode", .string, example: "00644", "File mode of file."),
                    .init("mode_op", .enumeration(["equals", "not_equals"]), example: "equals", "File mode operation to perform."),
                    .init("skip_missing", .boolean, example: "true", "If set to true, do not fire this trigger if the file is not present.  If set to false, fire this trigger ignoring the other parameter settings."),
                ],
                check: { p in
                    if let mode = p.string("mode"), UInt32(mode, radix: 8) == nil { return "mode \"\(mode)\" is not an octal file mode" }
                    return nil
                },
                body: attributeMatch),
            TriggerSpec("suid_or_guid_set", "Fires for each file found to have suid or sgid bit set.", body: { run in
                for file in run.input.analysis.files where file.isSetUID || file.isSetGID {
                    run.fire("SUID or SGID found set on file \(file.path). Mode: \(octal(file.mode, type: file.kind))")
                }
            }),
        ])

    /// Python's `oct()` of a full `st_mode` (file type bits included), as Anchore printed it.
    static func octal(_ mode: UInt32, type: FileRecord.Kind) -> String {
        let typeBits: UInt32 = switch type {
        case .regular, .hardlink: 0o100000
        case .directory: 0o040000
        case .symlink: 0o120000
        case .characterDevice: 0o020000
        case .blockDevice: 0o060000
        case .fifo: 0o010000
        case .other: 0
        }
        return "0o" + String(mode | typeBits, radix: 8)
    }

    static func contentMatch(_ run: inout TriggerRun) {
        let wanted = run.params.string("regex_name")
        for secret in run.input.analysis.secrets where wanted == nil || wanted == secret.ruleID {
            run.fire("File content analyzer found regexp match in container: file=\(secret.path) regexp=\(secret.ruleID)")
        }
    }

    static func nameMatch(_ run: inout TriggerRun) {
        guard let regex = run.params.regex("regex") else { return }
        // By index: copying each file record out would retain all its strings, for thousands of files per rule.
        let files = run.input.analysis.files
        for index in files.indices where regex.matchesPrefix(of: files[index].path) {
            run.fire("Application of regex matched file found in container: file=\(files[index].path) regexp=\(regex.source)")
        }
    }

    static func attributeMatch(_ run: inout TriggerRun) {
        guard let name = run.params.string("filename") else { return }
        let p = run.params
        var notes: [String] = []
        // One path: a scan is cheaper than indexing every file.
        if let file = run.input.analysis.files.first(where: { $0.path == name }) {
            if let checksum = p.string("checksum") {
                let op = p.string("checksum_match") ?? "equals"
                let actual = file.sha256?.encoded ?? ""
                guard (op == "equals") == (actual == checksum.lowercased()) else { return }
                notes.append("checksum=\(actual) op=\(op) specified_checksum=\(checksum)")
            }
            if let modeText = p.string("mode"), let wanted = UInt32(modeText, radix: 8) {
                let op = p.string("mode_op") ?? "equals"
                let actual = file.mode & 0o7777
                guard (op == "equals") == (actual == wanted & 0o7777) else { return }
                notes.append("mode=0o\(String(actual, radix: 8)) op=\(op) specified_mode=0o\(String(wanted & 0o7777, radix: 8))")
            }
        } else {
            if p.bool("skip_missing") ?? true { return }
            notes.append("skip_missing=False")
        }
        guard !notes.isEmpty else { return }
        run.fire("filename=\(name)" + notes.map { " and " + $0 }.joined())
    }
}
