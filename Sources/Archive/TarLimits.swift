/// Bounds on the metadata a ``TarParser`` buffers, so a hostile archive cannot make it allocate
/// without limit. Member contents are streamed and never buffered, so they have no limit here.
public struct TarLimits: Sendable, Hashable {
    /// The largest pax extended header (`x` or `g`) accepted, and the most bytes of global pax
    /// records kept at once.
    public var maxPaxHeaderSize: Int
    /// The largest GNU long name or long link (`L`, `K`) accepted.
    public var maxLongNameSize: Int

    /// Creates limits.
    /// - Parameters:
    ///   - maxPaxHeaderSize: The largest pax extended header accepted, in bytes.
    ///   - maxLongNameSize: The largest GNU long name or long link accepted, in bytes.
    public init(maxPaxHeaderSize: Int = 1 << 20, maxLongNameSize: Int = 64 << 10) {
        self.maxPaxHeaderSize = maxPaxHeaderSize
        self.maxLongNameSize = maxLongNameSize
    }

    /// 1 MiB pax headers, 64 KiB long names.
    public static let `default` = TarLimits()
}
