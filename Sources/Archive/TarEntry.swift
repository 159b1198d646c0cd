/// One member of a tar archive, as described by its header (after pax and GNU extensions are applied).
public struct TarEntry: Sendable, Hashable {
    /// The type of a tar member (the header's typeflag).
    public enum Kind: Sendable, Hashable {
        /// A regular file (`0`, NUL, or contiguous file `7`).
        case regular
        /// A hard link to ``TarEntry/linkName`` (`1`).
        case hardLink
        /// A symbolic link pointing at ``TarEntry/linkName`` (`2`).
        case symbolicLink
        /// A character device (`3`).
        case characterDevice
        /// A block device (`4`).
        case blockDevice
        /// A directory (`5`, or a v7 regular entry whose name ends in `/`).
        case directory
        /// A named pipe (`6`).
        case fifo
        /// Any other typeflag (e.g. GNU `D` dump dir, `S` sparse, `V` volume label); its data is
        /// delivered as stored.
        case other(UInt8)

        /// Creates a kind from a header typeflag byte.
        /// - Parameter typeflag: The byte at offset 156 of a tar header.
        public init(typeflag: UInt8) {
            switch typeflag {
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): self = .regular
            case UInt8(ascii: "1"): self = .hardLink
            case UInt8(ascii: "2"): self = .symbolicLink
            case UInt8(ascii: "3"): self = .characterDevice
            case UInt8(ascii: "4"): self = .blockDevice
            case UInt8(ascii: "5"): self = .directory
            case UInt8(ascii: "6"): self = .fifo
            default: self = .other(typeflag)
            }
        }

        /// The typeflag byte written for this kind.
        public var typeflag: UInt8 {
            switch self {
            case .regular: UInt8(ascii: "0")
            case .hardLink: UInt8(ascii: "1")
            case .symbolicLink: UInt8(ascii: "2")
            case .characterDevice: UInt8(ascii: "3")
            case .blockDevice: UInt8(ascii: "4")
            case .directory: UInt8(ascii: "5")
            case .fifo: UInt8(ascii: "6")
            case .other(let byte): byte
            }
        }

        /// Whether members of this kind never carry data, whatever their size field says
        /// (links, devices, directories, fifos — as Go's archive/tar and Docker read them).
        public var isHeaderOnly: Bool {
            switch self {
            case .hardLink, .symbolicLink, .characterDevice, .blockDevice, .directory, .fifo: true
            case .regular, .other: false
            }
        }
    }

    /// The member's path, as stored (not normalized; may start with `./` or `/`), after pax `path`,
    /// GNU long name and ustar prefix resolution. Bytes that are not UTF-8 are replaced by U+FFFD.
    public var path: String
    /// The member's type.
    public var kind: Kind
    /// The number of content bytes that follow the header (always 0 for header-only kinds).
    public var size: Int64
    /// The mode field: permission bits plus setuid/setgid/sticky (some old archives also carry
    /// file-type bits, e.g. `0o100644`).
    public var mode: UInt32
    /// The owner's user ID.
    public var uid: Int
    /// The owner's group ID.
    public var gid: Int
    /// The owner's user name (ustar and pax only; empty otherwise).
    public var userName: String
    /// The owner's group name (ustar and pax only; empty otherwise).
    public var groupName: String
    /// The target of a hard or symbolic link, empty for other kinds.
    public var linkName: String
    /// The modification time in seconds since 1970-01-01 UTC (pax fractions are truncated toward
    /// negative infinity).
    public var modificationTime: Int64
    /// The device major number (character and block devices).
    public var deviceMajor: Int
    /// The device minor number (character and block devices).
    public var deviceMinor: Int
    /// The pax records in effect for this member (global `g` records overridden by its own `x`
    /// records), e.g. `SCHILY.xattr.*`. Values that are not UTF-8 are decoded lossily.
    public var paxRecords: [String: String]

    /// Creates an entry.
    /// - Parameters:
    ///   - path: The member's path.
    ///   - kind: The member's type.
    ///   - size: The content size (``TarWriter`` uses the contents' count instead).
    ///   - mode: Permission bits; defaults to `0o755` for directories and `0o644` otherwise.
    ///   - uid: The owner's user ID.
    ///   - gid: The owner's group ID.
    ///   - userName: The owner's user name.
    ///   - groupName: The owner's group name.
    ///   - linkName: The link target for links.
    ///   - modificationTime: Seconds since 1970-01-01 UTC.
    ///   - deviceMajor: The device major number.
    ///   - deviceMinor: The device minor number.
    ///   - paxRecords: Extra pax records (e.g. `SCHILY.xattr.security.capability`).
    public init(
        path: String,
        kind: Kind = .regular,
        size: Int64 = 0,
        mode: UInt32? = nil,
        uid: Int = 0,
        gid: Int = 0,
        userName: String = "",
        groupName: String = "",
        linkName: String = "",
        modificationTime: Int64 = 0,
        deviceMajor: Int = 0,
        deviceMinor: Int = 0,
        paxRecords: [String: String] = [:]
    ) {
        self.path = path
        self.kind = kind
        self.size = size
        self.mode = mode ?? (kind == .directory ? 0o755 : 0o644)
        self.uid = uid
        self.gid = gid
        self.userName = userName
        self.groupName = groupName
        self.linkName = linkName
        self.modificationTime = modificationTime
        self.deviceMajor = deviceMajor
        self.deviceMinor = deviceMinor
        self.paxRecords = paxRecords
    }
}
