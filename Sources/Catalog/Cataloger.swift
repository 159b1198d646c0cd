public import Layers

/// What a cataloger knows beyond the files: the distro (for PURLs) once detected.
public struct CatalogContext: Sendable {
    public var distro: Distro?

    public init(distro: Distro? = nil) { self.distro = distro }
}

/// What one cataloger found.
public struct CatalogResult: Sendable, Hashable {
    public var packages: [Package]
    public var issues: [AnalysisIssue]

    public init(packages: [Package] = [], issues: [AnalysisIssue] = []) {
        self.packages = packages
        self.issues = issues
    }
}

/// A cataloger is declarative: a name, the files it wants captured while layers stream (and any streaming
/// probes), and a function from the squashed view to packages. A corrupt file becomes an ``AnalysisIssue`` in
/// the result, never a crash or a thrown error.
public struct Cataloger: Sendable {
    public var name: String
    public var captures: [CaptureRule]
    public var probes: [any ContentProbe]
    public var catalog: @Sendable (any FileResolver, CatalogContext) -> CatalogResult

    public init(
        name: String, captures: [CaptureRule], probes: [any ContentProbe] = [],
        catalog: @escaping @Sendable (any FileResolver, CatalogContext) -> CatalogResult
    ) {
        self.name = name
        self.captures = captures
        self.probes = probes
        self.catalog = catalog
    }
}
