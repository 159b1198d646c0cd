public import Catalog
import Crypto
public import Layers
import OCI

/// What the analyzer reads and how far it trusts an image.
public struct AnalyzerConfiguration: Sendable {
    /// The catalogers to run (distro detection always runs).
    public var catalogers: [Cataloger]
    /// Bounds per layer (tar bombs, entry counts, captured bytes).
    public var limits: LayerLimits
    /// Secret search, or nil to skip it (the default: it reads every small text file).
    public var secrets: SecretScanner?
    /// Layers read at the same time.
    public var layerConcurrency: Int
    /// Files whose contents are kept in the analysis for policies (Anchore's `retrieve_files`), each up to
    /// ``maxRetrievedFileSize`` bytes.
    public var retrieveFiles: [String]

    /// Anchore's default `retrieve_files` list.
    public static let defaultRetrieveFiles = ["/etc/passwd"]
    /// Anchore's default `max_file_size_kb` (1000 KB).
    public static let maxRetrievedFileSize: Int64 = 1000 * 1024

    /// Every cataloger Drydock has: OS packages first, then language ecosystems.
    public static let defaultCatalogers: [Cataloger] = Cataloger.osPackages + Cataloger.languages

    public init(
        catalogers: [Cataloger] = AnalyzerConfiguration.defaultCatalogers, limits: LayerLimits = .default,
        secrets: SecretScanner? = nil, layerConcurrency: Int = 2, retrieveFiles: [String] = AnalyzerConfiguration.defaultRetrieveFiles
    ) {
        self.catalogers = catalogers
        self.limits = limits
        self.secrets = secrets
        self.layerConcurrency = max(1, layerConcurrency)
        self.retrieveFiles = retrieveFiles
    }

    /// Bumped when readers or catalogers change what a layer record means; part of every cache key.
    public static let analyzerVersion = "drydock-analyzer-1"

    /// The version of Drydock recorded in analyses.
    public static let toolVersion = "0.1.0"

    /// The cache key of stack records: everything that decides what the catalog stage finds (the reader, the
    /// catalogers, the secret rules, the record format).
    public var stackFingerprint: String {
        var text = "\(Self.analyzerVersion)/\(reader.fingerprint)/stack-v\(StackRecord.formatVersion)\n"
        for cataloger in catalogers { text += "cataloger \(cataloger.name)\n" }
        if let secrets { text += "secrets \(secrets.fingerprint)\n" }
        for path in retrieveFiles { text += "retrieve \(path)\n" }
        return "\(Self.analyzerVersion)/" + String(OCI.Digest.hex(SHA256.hash(data: Array(text.utf8))).prefix(16))
    }

    /// The layer reader for this configuration.
    public var reader: LayerReader { LayerReader(captures: captures, probes: probes, limits: limits) }

    /// The union of every cataloger's captures and the distro files.
    public var captures: [CaptureRule] {
        var seen = Set<CaptureRule>()
        let retrieved = retrieveFiles.map { CaptureRule($0, maxSize: Self.maxRetrievedFileSize) }
        return (DistroDetection.captures + catalogers.flatMap(\.captures) + retrieved).filter { seen.insert($0).inserted }
    }

    /// Every streaming probe: the catalogers' and the secret search.
    public var probes: [any ContentProbe] {
        var list = catalogers.flatMap(\.probes)
        if let secrets { list.append(secrets) }
        var names = Set<String>()
        return list.filter { names.insert($0.name).inserted }
    }
}
