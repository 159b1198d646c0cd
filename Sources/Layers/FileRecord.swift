public import OCI

/// One file of an image as Drydock records it: its metadata, content digest and the layer that introduced it.
public struct FileRecord: Sendable, Hashable, Codable {
    /// The kind of file.
    public enum Kind: String, Sendable, Hashable, Codable {
        case regular, directory, symlink, hardlink, characterDevice, blockDevice, fifo, other
    }

    /// The cleaned absolute path, e.g. `/etc/os-release` (never `..`, never a trailing `/` except `/` itself).
    public var path: String
    public var kind: Kind
    /// Content size in bytes (regular files; 0 otherwise).
    public var size: Int64
    /// Permission and special bits (`0o4755` for a setuid executable), without the file-type bits.
    public var mode: UInt32
    public var uid: Int
    public var gid: Int
    /// The target of a symlink (as stored) or of a hardlink (cleaned absolute path).
    public var linkTarget: String?
    /// The SHA-256 of the contents (regular files).
    public var sha256: Digest?
    /// The index (0 = base) of the layer this version of the file came from.
    public var layer: Int

    public init(
        path: String, kind: Kind, size: Int64 = 0, mode: UInt32 = 0o644, uid: Int = 0, gid: Int = 0,
        linkTarget: String? = nil, sha256: Digest? = nil, layer: Int = 0
    ) {
        self.path = path
        self.kind = kind
        self.size = size
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.linkTarget = linkTarget
        self.sha256 = sha256
        self.layer = layer
    }

    public var isSetUID: Bool { mode & 0o4000 != 0 }
    public var isSetGID: Bool { mode & 0o2000 != 0 }
    public var isExecutable: Bool { kind == .regular && mode & 0o111 != 0 }
}

/// Something wrong inside an image that did not stop its analysis: a corrupt file, a refused path.
public struct AnalysisIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Who found it, e.g. `layer`, `dpkg`, `python`.
    public var source: String
    /// The path concerned, if any.
    public var path: String?
    /// The layer concerned, if any.
    public var layer: Int?
    /// What is wrong, for a person.
    public var message: String

    public init(source: String, path: String? = nil, layer: Int? = nil, message: String) {
        self.source = source
        self.path = path
        self.layer = layer
        self.message = message
    }

    public var description: String {
        [source, path, layer.map { "layer \($0)" }].compactMap { $0 }.joined(separator: " ") + ": " + message
    }
}
