/// Every gate Drydock knows, by name: Anchore Engine's active gates, Anchore Enterprise's `distro`, `tag_drift`
/// and `ancestry`, and the retired ones (so a bundle naming them gets Anchore's end-of-life error).
public enum GateRegistry {
    public static let gates: [GateSpec] = [
        AlwaysGate.spec, AncestryGate.spec, DistroGate.spec, DockerfileGate.spec, FilesGate.spec, LicensesGate.spec,
        MalwareGate.spec, MetadataGate.spec, LanguageFeedGates.npms, PackagesGate.spec, PasswdFileGate.spec,
        RetrievedFilesGate.spec, LanguageFeedGates.rubyGems, SecretScansGate.spec, TagDriftGate.spec, VulnerabilitiesGate.spec,
    ] + RetiredGates.specs

    static let byName: [String: GateSpec] = Dictionary(gates.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    public static func gate(named name: String) -> GateSpec? { byName[name.lowercased()] }
}
