public import Archive
import Crypto
public import OCI

/// The sans-IO core of ``LayerReader``: reads one layer blob in one pass, fed in chunks as it arrives.
///
/// Decompresses (given or sniffed compression), hashes the tar stream (the diffID), parses tar entries and for
/// each regular file hashes its contents, captures it when a ``CaptureRule`` asks and runs the
/// ``ContentProbe``s — without copying file data except what is captured. Memory stays bounded by one
/// decompressed chunk (plus 4 MiB of hand-over buffers once pipelined) plus the records and captured contents.
///
/// Once a layer passes 8 MiB uncompressed (and `pipelined` is on), hashing and parsing move to a worker thread
/// while the feeding thread keeps decompressing: two cores per large layer. Errors found there surface from a
/// later ``feed(_:)`` or from ``finish()``. Use one scanner from one task at a time; dropping it mid-layer stops
/// its worker.
///
/// After an error the scanner must not be fed again.
public final class LayerScanner {
    /// The layer's name in messages, e.g. `layer 2 (sha256:ab12…)`.
    public let name: String
    /// The diffID the image config declares, checked by ``finish()``; nil to skip the check.
    public let expectedDiffID: OCI.Digest?
    let limits: LayerLimits
    let matcher: CaptureMatcher
    let probes: [any ContentProbe]

    /// The compression in use: the one given, or the one sniffed once 4 bytes have been fed.
    public private(set) var compression: Compression?
    private var decompressor: Decompressor?
    private var prefix: [UInt8] = []
    private var parser: TarParser
    private var diffHasher = SHA256()
    /// Whether to hash and parse on a second thread once the layer proves large.
    let pipelined: Bool
    /// The worker that hashes and parses, started after ``pipelineThreshold`` bytes.
    private var pipeline: ScanPipeline?
    /// Layers smaller than this are read on the feeding thread alone.
    static let pipelineThreshold: Int64 = 8 << 20
    /// Compressed bytes fed so far.
    public private(set) var compressedBytes: Int64 = 0

    // The regular file being read.
    var inRegular = false
    var currentIndex = 0
    var fileHasher = SHA256()
    var capturing = false
    var captureBuffer: [UInt8] = []
    var sessions: [ActiveSession] = []

    // What is found.
    var entryCount = 0
    var capturedBytes: Int64 = 0
    var omittedIssues = 0
    var entries: [FileRecord] = []
    var whiteouts: [String] = []
    var opaqueDirectories: [String] = []
    var contents: [String: [UInt8]] = [:]
    var extracts: [String: [String: [UInt8]]] = [:]
    var issues: [AnalysisIssue] = []

    struct ActiveSession {
        let probe: String
        var session: any ProbeSession
        var active: Bool
    }

    /// Creates a scanner for one layer.
    /// - Parameters:
    ///   - name: How messages name the layer.
    ///   - compression: The blob's compression, or nil to sniff it from the first bytes.
    ///   - expectedDiffID: The diffID the image declares, verified at the end; nil to skip.
    ///   - captures: Which files to capture.
    ///   - probes: Streaming probes offered every regular file.
    ///   - limits: Bounds on the layer.
    ///   - pipelined: Whether a large layer is hashed and parsed on a second thread while the feeding thread
    ///     decompresses (about 20% faster on a large layer when a core is free; probes then run on that thread).
    public convenience init(
        name: String, compression: Compression?, expectedDiffID: OCI.Digest? = nil, captures: [CaptureRule] = [],
        probes: [any ContentProbe] = [], limits: LayerLimits = .default, pipelined: Bool = true
    ) throws(LayerError) {
        try self.init(
            name: name, compression: compression, expectedDiffID: expectedDiffID, matcher: CaptureMatcher(captures),
            probes: probes, limits: limits, pipelined: pipelined)
    }

    init(
        name: String, compression: Compression?, expectedDiffID: OCI.Digest?, matcher: CaptureMatcher,
        probes: [any ContentProbe], limits: LayerLimits, pipelined: Bool
    ) throws(LayerError) {
        self.pipelined = pipelined
        self.name = name
        self.expectedDiffID = expectedDiffID
        self.matcher = matcher
        self.probes = probes
        self.limits = limits
        self.parser = TarParser(limits: limits.tar)
        if let compression { try start(compression) }
    }

    deinit {
        pipeline?.stop()
    }

    /// Reads the next bytes of the blob.
    /// - Throws: ``LayerError`` naming the layer: `.tooLarge` past a bound of ``LayerLimits``, `.corrupt` for an
    ///   invalid stream or archive.
    public func feed(_ bytes: UnsafeRawBufferPointer) throws(LayerError) {
        compressedBytes += Int64(bytes.count)
        do {
            if decompressor == nil {
                prefix.append(contentsOf: bytes)
                guard prefix.count >= 4 else { return }
                try start(Compression.sniff(prefix))
                let held = prefix
                prefix = []
                try held.withUnsafeBytes { try pump($0) }
            } else {
                try pump(bytes)
            }
        } catch {
            throw wrap(error)
        }
    }

    /// Declares the end of the blob and returns what was found.
    /// - Throws: ``LayerError`` `.truncated` when the stream or archive ended early, `.diffIDMismatch` when the
    ///   tar stream does not hash to ``expectedDiffID``.
    public func finish() throws(LayerError) -> LayerRecord {
        do {
            if decompressor == nil {
                try start(Compression.sniff(prefix))
                let held = prefix
                prefix = []
                try held.withUnsafeBytes { try pump($0) }
            }
            try decompressor?.finish()
            try pipeline?.finish()
            pipeline = nil
            try parser.finish()
        } catch {
            throw wrap(error)
        }
        let diffID = OCI.Digest(algorithm: .sha256, bytes: diffHasher.finalize())
        if let expectedDiffID, expectedDiffID != diffID {
            throw LayerError(
                .diffIDMismatch,
                "\(name): its uncompressed contents hash to \(diffID) but the image config declares "
                    + "diffID \(expectedDiffID)")
        }
        if omittedIssues > 0 {
            issues.append(
                AnalysisIssue(source: "layer", message: "\(omittedIssues) more issues in this layer were not recorded"))
        }
        return LayerRecord(
            diffID: diffID, uncompressedSize: decompressor?.totalOut ?? 0, entries: entries, whiteouts: whiteouts,
            opaqueDirectories: opaqueDirectories, contents: contents, extracts: extracts, issues: issues)
    }

    private func start(_ compression: Compression) throws(LayerError) {
        do {
            decompressor = try Decompressor(compression, outputLimit: limits.maxUncompressedBytes)
            self.compression = compression
        } catch {
            throw wrap(error)
        }
    }

    private func pump(_ input: UnsafeRawBufferPointer) throws {
        guard let decompressor else { return }
        try decompressor.decompress(input) { output in
            if let pipeline {
                try pipeline.push(output)
                return
            }
            try process(output)
            if pipelined && decompressor.totalOut >= Self.pipelineThreshold {
                pipeline = ScanPipeline { [weak self] bytes in
                    guard let self else { throw CancellationError() }
                    try self.process(bytes)
                }
            }
        }
    }

    /// Hashes and parses decompressed bytes: on the feeding thread, or on the pipeline's worker once started.
    private func process(_ output: UnsafeRawBufferPointer) throws {
        diffHasher.update(bufferPointer: output)
        try parser.feed(output) { event in
            switch event {
            case .data(let chunk):
                if inRegular { consume(chunk) }
            case .entry(let entry):
                try begin(entry)
            case .entryEnd:
                if inRegular { end() }
            }
        }
    }

    private func consume(_ chunk: UnsafeRawBufferPointer) {
        fileHasher.update(bufferPointer: chunk)
        if capturing { captureBuffer.append(contentsOf: chunk) }
        if !sessions.isEmpty {
            for index in sessions.indices where sessions[index].active {
                sessions[index].active = sessions[index].session.consume(chunk)
            }
        }
    }

    private func end() {
        inRegular = false
        entries[currentIndex].sha256 = OCI.Digest(algorithm: .sha256, bytes: fileHasher.finalize())
        let path = entries[currentIndex].path
        if capturing {
            contents[path] = captureBuffer
            captureBuffer = []
            capturing = false
        }
        if !sessions.isEmpty {
            for index in sessions.indices {
                if let extract = sessions[index].session.finish() {
                    extracts[sessions[index].probe, default: [:]][path] = extract
                }
            }
            sessions.removeAll(keepingCapacity: true)
        }
    }

    private func wrap(_ error: any Error) -> LayerError {
        if let error = error as? LayerError { return error }
        guard let archive = error as? ArchiveError else {
            return LayerError(.corrupt, "cannot read \(name): \(error)", cause: error)
        }
        let code: LayerError.Code =
            switch archive.code {
            case .tooLarge: .tooLarge
            case .truncated: .truncated
            case .libraryUnavailable: .unsupported
            default: .corrupt
            }
        return LayerError(code, "cannot read \(name): \(archive.message)", cause: archive)
    }
}
