import Layers
import Foundation
import Catalog
import Versions

/// `packages`: packages that must or must not be installed, and package files gone missing.
enum PackagesGate {
    static let spec = GateSpec(
        "packages", "Distro package checks",
        reads: .packages,
        triggers: [
            TriggerSpec(
                "required_package", "Triggers if the specified package and optionally a specific version is not found in the image.",
                parameters: [
                    .init("name", .string, required: true, example: "libssl", "Name of package that must be found installed in image."),
                    .init("version", .string, example: "1.10.3rc3", "Optional version of package for exact version match."),
                    .init("version_match_type", .enumeration(["exact", "minimum"]), example: "exact", "The type of comparison to use for version if a version is provided."),
                ],
                body: required),
            TriggerSpec(
                "verify",
                "Check package integrity against package db in the image. Triggers for changes or removal or content in all or the selected \"dirs\" parameter if provided, and can filter type of check with the \"check_only\" parameter.",
                parameters: [
                    .init("only_packages", .stringList, example: "libssl,openssl", "List of package names to limit verification."),
                    .init("only_directories", .stringList, example: "/usr,/var/lib", "List of directories to limit checks so as to avoid checks on all dir."),
                    .init("check", .enumeration(["changed", "missing"]), example: "changed", "Check to perform instead of all."),
                ],
                reads: [.packages, .packageFiles, .files],
                body: verify),
            TriggerSpec(
                "blacklist", "Triggers if the evaluated image has a package installed that matches the named package optionally with a specific version as well.",
                parameters: [
                    .init("name", .string, required: true, example: "openssh-server", "Package name to blacklist."),
                    .init("version", .string, example: "1.0.1", "Specific version of package to blacklist."),
                ],
                body: denylist),
        ])

    /// The version scheme of a package type, for `minimum` comparisons.
    static func scheme(_ type: PackageType) -> VersionScheme {
        switch type {
        case .deb: .dpkg
        case .apk: .apk
        case .rpm: .rpm
        case .python: .pep440
        case .gem: .gem
        case .java: .maven
        case .go: .go
        case .npm, .binary: .semver
        }
    }

    static func required(_ run: inout TriggerRun) {
        guard let name = run.params.string("name") else { return }
        let version = run.params.string("version")
        let comparison = run.params.string("version_match_type") ?? "exact"
        guard let package = run.prepared.packagesByName[name]?.first else {
            if let version {
                run.fire("Required input package (\(name),\(version)) is not present in container image")
            } else {
                run.fire("Required input package (\(name)) is not present in container image")
            }
            return
        }
        guard let version, package.version != version else { return }
        if comparison == "exact" {
            run.fire("Required input package (\(package.name)) is present (\(package.version)), but not at the version specified in policy (\(version))")
        } else if let order = try? scheme(package.type).compare(package.version, version), order == .less {
            run.fire("Required min-version input package (\(package.name)) is present (\(package.version)), but is lower version than what is specified in policy (\(version))")
        }
    }

    static func denylist(_ run: inout TriggerRun) {
        guard let name = run.params.string("name") else { return }
        let version = run.params.string("version")
        for package in run.prepared.packagesByName[name] ?? [] {
            if let version {
                if package.version == version { run.fire("Package is blacklisted: \(package.name)-\(package.version)") }
            } else {
                run.fire("Package is blacklisted: \(package.name)")
            }
        }
    }

    /// Drydock records which files each OS package owns but not the package database's digests of them, so
    /// `missing` is checked and `changed` is reported as not checkable.
    static func verify(_ run: inout TriggerRun) {
        let only = run.params.list("only_packages").map(Set.init)
        let directories = run.params.list("only_directories")
        let check = run.params.string("check")
        if check == nil || check == "missing" {
            for package in run.input.analysis.packages where package.type.isOS && (only?.contains(package.name) ?? true) {
                for path in package.files where directories.map({ dirs in dirs.contains { path.hasPrefix($0) } }) ?? true {
                    guard run.prepared.filesByPath[path] == nil else { continue }
                    run.fire("VERIFY check against package db for package '\(package.name)' failed on entry '\(path)' with status: 'missing'")
                }
            }
        }
        if check == "changed" {
            run.fire("VERIFY check 'changed' cannot be performed: the analyzer does not record the package database's file digests, so only 'missing' is verified")
        }
    }
}
