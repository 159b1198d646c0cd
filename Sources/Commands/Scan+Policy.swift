import ArgumentParser
import Catalog
import Foundation
import OCI
import Policy
import Store
import Vulnerabilities

extension Drydock.Scan {
    /// Reads and checks `--policy`; a bundle that cannot be used stops the scan before it starts (exit 2).
    static func loadBundle(_ path: String) throws -> CompiledBundle {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            FileHandle.standardError.write(Data("Error: cannot read the policy bundle \(path): \(error.localizedDescription)\n".utf8))
            throw ExitCode(2)
        }
        do {
            return try CompiledBundle(json: data)
        } catch {
            let lines = [error.message] + error.problems.map { "  \($0.problemType): \($0.details)" }
            FileHandle.standardError.write(Data(("Error: the policy bundle \(path) cannot be used: " + lines.joined(separator: "\n") + "\n").utf8))
            throw ExitCode(2)
        }
    }

    /// Evaluates the scanned image as its reference's tag (a local archive as `local/<name>:latest`), every
    /// match first seen now.
    static func evaluate(
        _ bundle: CompiledBundle, analysis: ImageAnalysis, report: MatchReport?, groups: [FeedGroupRecord], now: Date
    ) -> PolicyEvaluation {
        let reference = analysis.source.reference
        let tag = PolicyInput.TagName(
            registry: reference?.registry ?? "local", repository: reference?.repository ?? analysis.source.displayName,
            tag: reference?.tag ?? "latest")
        let namespace = report?.osNamespace
        let oldest = namespace.flatMap { ns in groups.filter { $0.enabled && $0.name == ns }.compactMap(\.lastSync).min() }
        let input = PolicyInput(
            imageID: analysis.source.imageID.encoded, digest: analysis.source.primaryDigest.description, tag: tag, analysis: analysis,
            vulnerabilities: report?.matches.map { .init(match: $0, detectedAt: now, fixObservedAt: $0.fixedVersions.isEmpty ? nil : now) },
            feed: .init(namespace: namespace, distroNamespace: analysis.distro?.namespace ?? "unknown", oldestSync: oldest))
        return bundle.evaluate(input, now: now)
    }

    /// The verdict and the fired triggers, STOP first.
    static func policyTable(_ result: PolicyEvaluation, bundle: PolicyBundle) -> String {
        var lines = ["", "Policy: \(bundle.id)\(bundle.name.map { " (\($0))" } ?? "")  Final action: \(result.finalAction.rawValue) (\(result.reason.rawValue))"]
        let rank: [Action: Int] = [.stop: 0, .warn: 1, .go: 2]
        let rows = result.rows.sorted { (rank[$0.action] ?? 3, $0.gate, $0.trigger) < (rank[$1.action] ?? 3, $1.gate, $1.trigger) }.map { row in
            [row.gate, row.trigger, row.allowlisted.map { "GO (allowlisted: \($0.allowlistName))" } ?? row.action.rawValue, row.checkOutput]
        }
        if rows.isEmpty {
            lines.append(result.matchedMapping == nil ? "No mapping of the bundle selects this image" : "No trigger fired")
        } else {
            lines += columns(["GATE", "TRIGGER", "ACTION", "CHECK OUTPUT"], rows)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
