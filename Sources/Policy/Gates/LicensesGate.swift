import Layers
import Foundation
import Catalog
/// `licenses`: the licenses the image's packages declare.
enum LicensesGate {
    static let spec = GateSpec(
        "licenses", "License checks against found software licenses in the container image",
        reads: .packages,
        triggers: [
            TriggerSpec(
                "blacklist_exact_match",
                "Triggers if the evaluated image has a package installed with software distributed under the specified (exact match) license(s).",
                parameters: [.init("licenses", .stringList, required: true, example: "GPLv2+,GPL-3+,BSD-2-clause", "List of license names to blacklist exactly.")],
                body: { run in check(&run, prefix: "LICFULLMATCH") { license, listed in license == listed } }),
            TriggerSpec(
                "blacklist_partial_match",
                "triggers if the evaluated image has a package installed with software distributed under the specified (substring match) license(s)",
                parameters: [.init("licenses", .stringList, required: true, example: "LGPL,BSD", "List of strings to do substring match for blacklist.")],
                body: { run in check(&run, prefix: "LICSUBMATCH") { license, listed in Pattern.contains(license.utf8, Array(listed.utf8)) } }),
        ])

    /// Fires once, listing every `package(license)` whose license (each word of a package's license texts, as
    /// Anchore splits them) matches an entry of the list.
    static func check(_ run: inout TriggerRun, prefix: String, _ matches: (String, String) -> Bool) {
        guard let listed = run.params.list("licenses") else { return }
        var hits: [String] = []
        for (package, license) in run.prepared.licenseWords {
            for entry in listed where matches(license, entry) { hits.append(package + "(" + license + ")") }
        }
        guard !hits.isEmpty else { return }
        run.fire("\(prefix) Packages are installed that have blacklisted licenses: " + hits.joined(separator: ", "))
    }
}
