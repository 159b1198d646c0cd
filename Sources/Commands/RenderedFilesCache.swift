import Catalog
import Crypto
import Engine
import Foundation
import OCI

/// The native document's `files` section as `drydock scan -o json` rendered it for a stack of layers, kept beside
/// the layer and stack records: a re-scan of an image whose layers were analyzed before maps it and writes it out
/// instead of rendering tens of thousands of lines again (most of a cached re-scan's output time).
///
/// Keyed by the stack's chain ID and the analyzer's stack fingerprint, which fix the files, and by
/// ``NativeEncoder/filesRenderingVersion``, which fixes their bytes. The file repeats its key and holds the file
/// count and the SHA-256 of the section, checked before use like every other cache record: one that does not
/// match is not used, and the section is rendered (and kept) again.
struct RenderedFilesCache {
    let directory: URL
    /// ``AnalyzerConfiguration/stackFingerprint`` of the scan's analyzer.
    let analyzer: String

    private static let magic = "DDNF1\n"

    /// The files section for the analysis: the kept rendering when it is intact and for these files, else rendered
    /// now (once, for this document and the cache) and kept for the next scan. Nil for an image without layers.
    func section(for analysis: ImageAnalysis) -> NativeEncoder.RenderedFiles? {
        guard let chainID = ImageAnalyzer.chainID(analysis.source.layers.map(\.diffID)) else { return nil }
        if let kept = kept(for: chainID, count: analysis.files.count) { return kept }
        let body = NativeEncoder.renderFiles(analysis.files)
        // Not kept (a full disk, a read-only cache) only costs the next scan a rendering.
        let record = Array("\(header(for: chainID))\(analysis.files.count) \(OCI.Digest.hex(SHA256.hash(data: body)))\n".utf8) + body
        try? Data(record).write(to: URL(fileURLWithPath: path(for: chainID)), options: .atomic)
        return NativeEncoder.RenderedFiles(count: analysis.files.count) { output in
            try body.withUnsafeBytes { try JSONWriter.write($0, to: output) }
        }
    }

    /// The kept section for a stack, when it is intact and holds `count` files.
    private func kept(for chainID: OCI.Digest, count: Int) -> NativeEncoder.RenderedFiles? {
        guard let section = Section(path: path(for: chainID)) else { return nil }
        let header = Array(header(for: chainID).utf8)
        let bytes = section.bytes
        // `COUNT SHA256HEX\n` after the key, then the section.
        guard bytes.count > header.count, bytes.starts(with: header),
            let newline = bytes[header.count...].prefix(100).firstIndex(of: UInt8(ascii: "\n"))
        else { return nil }
        let fields = String(decoding: bytes[header.count..<newline], as: UTF8.self).split(separator: " ")
        let body = UnsafeRawBufferPointer(rebasing: bytes[(newline + 1)...])
        guard fields.count == 2, Int(fields[0]) == count, fields[1] == OCI.Digest.hex(SHA256.hash(data: body)) else {
            return nil
        }
        return NativeEncoder.RenderedFiles(count: count) { output in
            try withExtendedLifetime(section) { try JSONWriter.write(body, to: output) }
        }
    }

    private func header(for chainID: OCI.Digest) -> String {
        "\(Self.magic)\(chainID)\n\(analyzer.utf8.count):\(analyzer)\nnative files \(NativeEncoder.filesRenderingVersion)\n"
    }

    private func path(for chainID: OCI.Digest) -> String {
        let key = OCI.Digest.hex(SHA256.hash(data: Array("\(analyzer)\n\(NativeEncoder.filesRenderingVersion)".utf8)).prefix(8))
        return directory.appendingPathComponent("\(chainID.algorithm.rawValue)-\(chainID.encoded)-\(key).files").path
    }

    /// A cache file mapped read-only (its pages come straight from the page cache, nothing is copied in), unmapped
    /// when the last use of it goes away.
    private final class Section: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer

        init?(path: String) {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var info = stat()
            guard fstat(descriptor, &info) == 0, info.st_size > 0,
                let base = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED
            else { return nil }
            bytes = UnsafeRawBufferPointer(start: base, count: Int(info.st_size))
        }

        deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
    }
}
