import OCI
import Layers
import Catalog
import Crypto
import Foundation

/// `always`: fires unconditionally; tests mappings and allowlists, or denies whatever a mapping selects.
enum AlwaysGate {
    static let spec = GateSpec(
        "always", "Triggers that fire unconditionally if present in policy, useful for things like testing and blacklisting.",
        triggers: [
            TriggerSpec(
                "always",
                "Fires if present in a policy being evaluated. Useful for things like blacklisting images or testing mappings and whitelists by using this trigger in combination with policy mapping rules.",
                body: { run in run.fire("Unconditional trigger match", id: "always") }),
        ])
}

/// `malware`: malware scanner findings. Drydock runs no malware scanner, so `scan_not_run` fires and `scans`
/// finds nothing to report.
enum MalwareGate {
    static let spec = GateSpec(
        "malware", "Checks for malware scan findings in the image",
        triggers: [
            TriggerSpec("scans", "Triggers if any malware scanner has found any matches in the image.", body: { run in
                for finding in run.input.malwareFindings ?? [] {
                    let pathHash = OCI.Digest.hex(Insecure.MD5.hash(data: Data(finding.path.utf8)))
                    run.fire(
                        "Malware scan finding: scanner=\(finding.scanner) file=\(finding.path) signature=\(finding.signature)",
                        id: "\(finding.scanner)+\(finding.signature)+\(pathHash)")
                }
            }),
            TriggerSpec("scan_not_run", "Triggers if no malware scan has been run on the image.", body: { run in
                if run.input.malwareFindings == nil { run.fire("No malware scans found for image") }
            }),
        ])
}

/// `npms` and `ruby_gems`: name/version denylists, and checks against a package feed of official versions,
/// which Drydock does not sync (those triggers say so when they run).
enum LanguageFeedGates {
    static func gate(_ name: String, label: String, type: String, code: String, feedTriggers: [(String, String)], denylistName: String) -> GateSpec {
        let unavailable = "\(label) packages data feed is not available: Drydock does not sync the \(type) packages feed, so this check cannot be performed"
        var triggers = feedTriggers.map { trigger, description in
            TriggerSpec(trigger, description, body: { run in
                if run.input.analysis.packages.contains(where: { $0.type.rawValue == type }) { run.fire(unavailable) }
            })
        }
        triggers.append(TriggerSpec(
            denylistName, "Triggers if the evaluated image has an \(label) package installed that matches the specified name and version.",
            parameters: [
                .init("name", .string, required: true, example: "time_diff", "\(label) package name to blacklist."),
                .init("version", .string, example: "0.2.9", "\(label) package version to blacklist specifically."),
            ],
            body: { run in
                guard let name = run.params.string("name") else { return }
                let version = run.params.string("version")
                for package in run.input.analysis.packages where package.type.rawValue == type && package.name == name {
                    guard version == nil || version == package.version else { continue }
                    run.fire(version == nil
                        ? "\(code)PKGBLACKLIST Package is blacklisted: \(package.name)"
                        : "\(code)PKGBLACKLIST Package is blacklisted: \(package.name)-\(package.version)")
                }
            }))
        triggers.append(TriggerSpec(
            "feed_data_unavailable", "Triggers if the engine does not have access to the \(label) data feed.",
            body: { run in run.fire(unavailable) }))
        return GateSpec(name, "\(label) Checks", reads: .packages, triggers: triggers)
    }

    static let npms = gate(
        "npms", label: "NPM", type: "npm", code: "NPM",
        feedTriggers: [
            ("newer_version_in_feed", "Triggers if an installed NPM is not the latest version according to NPM data feed."),
            ("unknown_in_feeds", "Triggers if an installed NPM is not in the official NPM database, according to NPM data feed."),
            ("version_not_in_feeds", "Triggers if an installed NPM version is not listed in the official NPM feed as a valid version."),
        ],
        denylistName: "blacklisted_name_version")

    static let rubyGems = gate(
        "ruby_gems", label: "Ruby Gem", type: "gem", code: "GEM",
        feedTriggers: [
            ("newer_version_found_in_feed", "Triggers if an installed GEM is not the latest version according to GEM data feed."),
            ("not_found_in_feed", "Triggers if an installed GEM is not in the official GEM database, according to GEM data feed."),
            ("version_not_found_in_feed", "Triggers if an installed GEM version is not listed in the official GEM feed as a valid version."),
        ],
        denylistName: "blacklist")
}
