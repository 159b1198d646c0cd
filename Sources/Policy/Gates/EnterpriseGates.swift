import Layers
import Foundation
import Catalog
import Versions

/// Anchore Enterprise's `distro` gate: deny images of a distro, optionally by version.
enum DistroGate {
    static let spec = GateSpec(
        "distro", "Checks the image's operating system distribution and its version.",
        triggers: [
            TriggerSpec(
                "deny", "Triggers if the image's distro (and, if given, its version compared by check) matches.",
                parameters: [
                    .init("distro", .string, required: true, example: "centos", "The distro name, as os-release ID says it (debian, ubuntu, alpine, rhel, …)."),
                    .init("version", .string, example: "8", "The version to compare the image's distro version with."),
                    .init("check", .enumeration(Comparison.names), example: "<", "How to compare the image's distro version with version (default =)."),
                ],
                body: deny),
        ])

    static func deny(_ run: inout TriggerRun) {
        guard let wanted = run.params.string("distro"), let distro = run.input.analysis.distro, distro.id == wanted else { return }
        guard let version = run.params.string("version") else {
            run.fire("Distro denied: \(distro.id) \(distro.version)")
            return
        }
        let op = Comparison(rawValue: run.params.string("check") ?? "=") ?? .equal
        // Distro versions compare numerically part by part (3.9 < 3.10), the way version IDs are meant.
        let order = (try? VersionScheme.semver.compare(normalized(distro.version), normalized(version)))
        let holds: Bool
        if let order { holds = op.holds(order.rawValue, 0) } else { holds = op.holds(distro.version, version) }
        if holds { run.fire("Distro denied: \(distro.id) \(distro.version) \(op.rawValue) \(version)") }
    }

    /// `12` → `12.0.0`, `3.18.4` as is: distro versions as semantic versions.
    static func normalized(_ version: String) -> String {
        var parts = version.split(separator: ".").map(String.init)
        while parts.count < 3 { parts.append("0") }
        return parts.prefix(3).joined(separator: ".")
    }
}

/// Anchore Enterprise's `tag_drift`: packages that changed since the image the tag pointed at before.
enum TagDriftGate {
    static let packageType = ParameterSpec(
        "package_type", .string, example: "apkg", "Only consider packages of this type (deb, apk, rpm, python, npm, gem, java-archive, go-module, binary).")

    static let spec = GateSpec(
        "tag_drift", "Compares the image's packages with those of the image the tag pointed at before.",
        reads: .packages,
        triggers: [
            TriggerSpec("packages_added", "Checks to see if any packages have been added.", parameters: [packageType]) { run in
                drift(&run) { old, new in new.filter { old[$0.key] == nil }.map { "Package added: \($0.key.name) (\($0.value))" } }
            },
            TriggerSpec("packages_removed", "Checks to see if any packages have been removed.", parameters: [packageType]) { run in
                drift(&run) { old, new in old.filter { new[$0.key] == nil }.map { "Package removed: \($0.key.name) (\($0.value))" } }
            },
            TriggerSpec("packages_modified", "Checks to see if any packages have been modified.", parameters: [packageType]) { run in
                drift(&run) { old, new in
                    new.compactMap { key, version in
                        guard let before = old[key], before != version else { return nil }
                        return "Package modified: \(key.name) (\(before) -> \(version))"
                    }
                }
            },
        ])

    struct Key: Hashable {
        var name: String
        var type: String
    }

    static func drift(_ run: inout TriggerRun, _ changes: ([Key: String], [Key: String]) -> [String]) {
        guard let previous = run.input.previousPackages else { return }
        let type = run.params.string("package_type")
        func index(_ packages: [Package]) -> [Key: String] {
            Dictionary(packages.filter { type == nil || $0.type.rawValue == type }.map { (Key(name: $0.name, type: $0.type.rawValue), $0.version) },
                       uniquingKeysWith: { a, _ in a })
        }
        for message in changes(index(previous), index(run.input.analysis.packages)).sorted() { run.fire(message) }
    }
}

/// Anchore Enterprise's `ancestry`: the image must be built on an approved base image (its layers a prefix of
/// this image's layers).
enum AncestryGate {
    static let spec = GateSpec(
        "ancestry", "Checks the analyzed images this image is built on (those whose layers are a prefix of its layers).",
        triggers: [
            TriggerSpec(
                "allowed_base_image_digest", "Triggers if none of the image's ancestors has one of the approved digests.",
                parameters: [.init("base_digest", .stringList, required: true, example: "sha256:1234…", "Digests of the approved base images.")]
            ) { run in
                guard let allowed = run.params.list("base_digest") else { return }
                guard !run.input.ancestors.isEmpty else { return run.fire(noAncestors) }
                if !run.input.ancestors.contains(where: { allowed.contains($0.digest) }) {
                    run.fire("No ancestor of the image has an approved digest; its ancestors: " + run.input.ancestors.map(\.digest).joined(separator: ", "))
                }
            },
            TriggerSpec(
                "allowed_base_image_tag", "Triggers if none of the image's ancestors is tagged with one of the approved tags.",
                parameters: [.init("base_tag", .stringList, required: true, example: "docker.io/library/debian:12", "Full tags of the approved base images (* patterns allowed).")]
            ) { run in
                guard let allowed = run.params.list("base_tag")?.map(Wildcard.init) else { return }
                guard !run.input.ancestors.isEmpty else { return run.fire(noAncestors) }
                if !run.input.ancestors.contains(where: { $0.tags.contains { tag in allowed.contains { $0.matches(tag) } } }) {
                    run.fire("No ancestor of the image has an approved tag; its ancestors: "
                        + run.input.ancestors.map { $0.tags.first ?? $0.digest }.joined(separator: ", "))
                }
            },
            TriggerSpec("no_ancestors_analyzed", "Triggers if no analyzed image is an ancestor of this image.") { run in
                if run.input.ancestors.isEmpty { run.fire(noAncestors) }
            },
        ])

    static let noAncestors = "No ancestor of the image has been analyzed"
}

/// Gates Anchore retired, listed by `/system/policy_spec` with `state: eol` and refused in new bundles.
enum RetiredGates {
    static let specs: [GateSpec] = [
        ("anchoresec", "vulnerabilities"), ("pkgcheck", "packages"), ("pkgblacklist", "packages"),
        ("dockerfilecheck", "dockerfile"), ("filecheck", "files"), ("fileparse_passwd", "passwd_file"), ("gemcheck", "ruby_gems"),
        ("metadatacheck", "metadata"), ("licblacklist", "licenses"), ("npmcheck", "npms"), ("secretcheck", "secret_scans"),
        ("suiddiff", nil), ("imagecheck", nil), ("pkgdiff", nil),
    ].map { name, successor in
        GateSpec(name, "End-of-Lifed gate" + (successor.map { ", superseded by \($0)" } ?? ""), state: .eol, supersededBy: successor, triggers: [])
    }
}
