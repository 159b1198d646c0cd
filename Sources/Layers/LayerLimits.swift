public import Archive

/// Bounds on what one layer can make the reader do, so a hostile or broken layer cannot exhaust memory or time.
public struct LayerLimits: Sendable, Hashable {
    /// The most uncompressed (tar) bytes a layer may expand to; past it the layer fails (a tar bomb).
    /// Nil for no bound.
    public var maxUncompressedBytes: Int64?
    /// The most tar entries a layer may hold; past it the layer fails.
    public var maxEntries: Int
    /// The most bytes captured from one layer's files; past it further files are recorded but not captured,
    /// with an issue.
    public var maxCapturedBytes: Int64
    /// The most issues kept for one layer; the rest are counted in one last issue.
    public var maxIssues: Int
    /// Bounds on tar extended headers.
    public var tar: TarLimits

    /// Creates limits.
    public init(
        maxUncompressedBytes: Int64? = 16 << 30, maxEntries: Int = 2_000_000, maxCapturedBytes: Int64 = 256 << 20,
        maxIssues: Int = 1000, tar: TarLimits = .default
    ) {
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxEntries = maxEntries
        self.maxCapturedBytes = maxCapturedBytes
        self.maxIssues = maxIssues
        self.tar = tar
    }

    /// 16 GiB uncompressed, 2 million entries, 256 MiB captured, 1000 issues, default tar header bounds.
    public static let `default` = LayerLimits()
}
