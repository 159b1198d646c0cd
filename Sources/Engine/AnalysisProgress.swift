/// What the analyzer is doing, for progress displays.
public enum AnalysisProgress: Sendable {
    /// The manifest and config were read: the image has this many layers and compressed bytes.
    case resolved(layers: Int, bytes: Int64)
    /// A layer was found in the cache.
    case layerCached(index: Int)
    /// Bytes of a layer were read.
    case layerBytes(index: Int, read: Int64, total: Int64)
    /// A layer was read and recorded.
    case layerDone(index: Int)
    /// Catalogers are running on the squashed image.
    case cataloging
}
