/// An image the bench builds: a repository under `bench/` and the rootfs dirs that are its layers, base first.
struct BenchImage: Sendable {
    var name: String
    var layers: [String]

    var repository: String { "bench/\(name)" }

    /// minbase: debootstrap minbase; dev: the same plus python3, perl, git, gcc as one layer; wheels: dev plus a
    /// layer of pip-installed wheels in /usr/local/lib/python3.11/dist-packages.
    static let all = [
        BenchImage(name: "minbase", layers: ["minbase"]),
        BenchImage(name: "dev", layers: ["dev"]),
        BenchImage(name: "wheels", layers: ["dev", "wheels"]),
    ]
}

/// Everything measured for one image.
struct ImageResult {
    var image: BenchImage
    var reference: String
    var layers: Int
    var compressedBytes: Int64
    var uncompressedBytes: Int64
    /// Median of the floor runs, or why there is none.
    var floorMedian: Duration?
    var floorFailure: String?
    /// The floor's CPU seconds in the median run.
    var floorCPU: Double?
    var syft: Outcome
    var cold: Outcome
    var warm: Outcome
    /// A re-scan with only the layer records cached (the stack records removed): what an image costs whose layers
    /// were all analyzed, but never together.
    var warmLayers: Outcome
    /// The package comparison, or why there is none.
    var comparison: Comparison?
    var comparisonFailure: String?
    /// Whether the warm scan's package list equals the cold one's (nil when either failed).
    var warmMatchesCold: Bool?
    /// Whether the layer-records-only re-scan's package list equals the cold one's.
    var warmLayersMatchesCold: Bool?
}
