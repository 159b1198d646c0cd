import Foundation
public import OCI

/// A Dockerfile reconstructed from the image config's history, as Anchore's "Guessed" mode shows it.
public enum DockerfileGuess {
    private static let instructions: Set<String> = [
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
        "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    ]

    /// One line per history step, base first, under `FROM scratch`.
    public static func guess(from config: ImageConfig) -> String {
        var lines = ["FROM scratch"]
        for step in config.history ?? [] {
            guard let createdBy = step.createdBy?.trimmingCharacters(in: .whitespacesAndNewlines), !createdBy.isEmpty else { continue }
            lines.append(instruction(createdBy))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `/bin/sh -c #(nop)  CMD ["bash"]` → `CMD ["bash"]`; `/bin/sh -c apt-get update` → `RUN apt-get update`;
    /// BuildKit's `RUN /bin/sh -c make # buildkit` → `RUN make`.
    static func instruction(_ createdBy: String) -> String {
        var text = createdBy
        for shell in ["/bin/sh -c ", "/bin/bash -c ", "/bin/bash -o pipefail -c ", "cmd /S /C "] where text.hasPrefix(shell) {
            text = String(text.dropFirst(shell.count)).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.hasPrefix("#(nop)") {
                return String(text.dropFirst("#(nop)".count)).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return "RUN " + text
        }
        if text.hasSuffix("# buildkit") { text = String(text.dropLast("# buildkit".count)).trimmingCharacters(in: .whitespacesAndNewlines) }
        if text.hasPrefix("RUN ") {
            let body = String(text.dropFirst(4)).trimmingCharacters(in: .whitespacesAndNewlines)
            for shell in ["/bin/sh -c ", "|"] where body.hasPrefix(shell) {
                if shell == "|" {
                    // `RUN |2 A=1 B=2 /bin/sh -c cmd` (build args)
                    if let range = body.range(of: "/bin/sh -c ") { return "RUN " + body[range.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines) }
                } else {
                    return "RUN " + String(body.dropFirst(shell.count)).trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            return "RUN " + body
        }
        let word = String(text.prefix { $0 != " " })
        return instructions.contains(word.uppercased()) ? text : "RUN " + text
    }
}
