/// What catalogers see of an image: the squashed file tree and the contents that were captured while the layers
/// streamed past (only files matched by some cataloger's ``CaptureRule``, within its size bound).
public protocol FileResolver: Sendable {
    /// Every file in the squashed view, in path order.
    var files: [FileRecord] { get }
    /// The file at a cleaned absolute path, without following links.
    func file(at path: String) -> FileRecord?
    /// The file a path leads to after following symlinks (bounded; nil on a loop or a dangling link) and
    /// hardlinks.
    func resolve(_ path: String) -> FileRecord?
    /// The captured contents of a regular file (after following links), or nil when it was not captured.
    func contents(at path: String) -> [UInt8]?
    /// What a streaming ``ContentProbe`` extracted from a file, by probe name.
    func extract(_ probe: String, at path: String) -> [UInt8]?
    /// The files whose path matches a glob, in path order.
    func files(matching glob: Glob) -> [FileRecord]
}

/// A file a cataloger wants read while layers stream: the pattern and the largest size worth keeping in memory.
public struct CaptureRule: Sendable, Hashable {
    public var glob: Glob
    public var maxSize: Int64

    public init(_ pattern: String, maxSize: Int64 = 8 * 1024 * 1024) {
        self.glob = Glob(pattern)
        self.maxSize = maxSize
    }
}

/// A streaming look at file contents that are too large or too many to capture (e.g. Go build info inside
/// executables): offered every regular file, it may start a session that sees the contents chunk by chunk and
/// keeps a small extract.
public protocol ContentProbe: Sendable {
    /// The name extracts are stored under.
    var name: String { get }
    /// A session for this file, or nil to skip it (decide from metadata: kind, mode, size, path; check magic
    /// bytes in the session's first `consume`).
    func start(_ file: FileRecord) -> (any ProbeSession)?
}

/// One probe's pass over one file.
public protocol ProbeSession {
    /// Sees the next chunk of the file; returns false to stop early.
    mutating func consume(_ chunk: UnsafeRawBufferPointer) -> Bool
    /// The extract to keep (bounded by the probe), or nil.
    mutating func finish() -> [UInt8]?
}
