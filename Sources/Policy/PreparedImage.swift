import Catalog
import Foundation
import Layers

/// Views of an image's facts that several rules share, each computed on first use during one evaluation (the
/// evaluation runs on one thread; nothing here outlives it).
final class PreparedImage: @unchecked Sendable {
    let input: PolicyInput

    init(input: PolicyInput) { self.input = input }

    /// Dockerfile lines by upper-cased instruction, continuation lines joined (Anchore's `prepared_dockerfile`);
    /// nil when the image has no Dockerfile, actual or guessed.
    lazy var dockerfile: [String: [String]]? = {
        guard let contents = input.analysis.dockerfile?.contents else { return nil }
        var directives: [String: [String]] = [:]
        var buffer = ""
        for raw in contents.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.hasSuffix("\\") {
                buffer += line.dropLast()
                continue
            }
            buffer += line
            let directive = String(buffer.prefix { $0 != " " && $0 != "\t" }).uppercased()
            directives[directive, default: []].append(buffer)
            buffer = ""
        }
        return directives
    }()

    /// Files by path.
    lazy var filesByPath: [String: FileRecord] = Dictionary(input.analysis.files.map { ($0.path, $0) }, uniquingKeysWith: { _, b in b })

    /// `/etc/passwd` entries by user name (the rest of each line's fields), nil when the file was not retrieved.
    lazy var passwd: [(user: String, fields: [String])]? = {
        guard let data = input.retrievedFiles?["/etc/passwd"] else { return nil }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard let user = fields.first, !user.isEmpty else { return nil }
            return (user, Array(fields.dropFirst()))
        }
    }()

    /// Packages by name.
    lazy var packagesByName: [String: [Package]] = Dictionary(grouping: input.analysis.packages, by: \.name)
}
