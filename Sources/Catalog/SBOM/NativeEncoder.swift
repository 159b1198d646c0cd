public import Foundation
public import Layers

/// Writes and reads Drydock's native analysis document: the `Codable` form of ``ImageAnalysis`` as JSON with
/// sorted keys (so equal analyses give equal bytes), ISO 8601 dates in UTC to the second, and unescaped slashes.
public enum NativeEncoder {
    /// Encodes an analysis as native JSON.
    /// - Parameters:
    ///   - analysis: The document to write.
    ///   - pretty: Indent the output for people (the default); `false` writes one line.
    /// - Returns: UTF-8 JSON.
    /// - Throws: `EncodingError` if a value cannot be encoded (not expected for well-formed values).
    public static func encode(_ analysis: ImageAnalysis, pretty: Bool = true) throws -> Data {
        try NativeDocumentWriter.write(analysis, pretty: pretty)
    }

    /// Writes an analysis as native JSON (the bytes of ``encode(_:pretty:)``) to a file descriptor, streaming: the
    /// files, most of a document, are never gathered into one buffer.
    /// - Throws: `POSIXError` when writing fails (`EPIPE` when a reader went away).
    public static func write(_ analysis: ImageAnalysis, pretty: Bool = true, to descriptor: Int32) throws {
        try NativeDocumentWriter.write(analysis, pretty: pretty, to: descriptor)
    }

    /// ``write(_:pretty:to:)`` of the pretty document with its `files` section copied from an earlier
    /// ``renderFiles(_:)`` of the same files (most of the document, and most of the time of writing it) instead of
    /// rendered again. Rendered when the count does not match.
    public static func write(_ analysis: ImageAnalysis, to descriptor: Int32, renderedFiles: RenderedFiles?) throws {
        try NativeDocumentWriter.write(analysis, pretty: true, to: descriptor, renderedFiles: renderedFiles)
    }

    /// The pretty document's `files` section (what it holds between the `[` and the closing line) for these files.
    /// Equal files give equal bytes while ``filesRenderingVersion`` is unchanged.
    public static func renderFiles(_ files: [FileRecord]) -> [UInt8] {
        NativeDocumentWriter.renderFiles(files)
    }

    /// Changes whenever ``renderFiles(_:)`` writes different bytes for the same files (a test pins the bytes), so
    /// renderings kept from an earlier version are not used.
    public static let filesRenderingVersion = 1

    /// A `files` section rendered earlier, and how to copy it out.
    public struct RenderedFiles {
        /// How many files it holds.
        public var count: Int
        /// Writes the section's bytes to a descriptor.
        public var copy: (Int32) throws -> Void

        public init(count: Int, copy: @escaping (Int32) throws -> Void) {
            self.count = count
            self.copy = copy
        }
    }

    /// Decodes native JSON written by ``encode(_:pretty:)``.
    /// - Parameter data: UTF-8 JSON.
    /// - Returns: The analysis.
    /// - Throws: `DecodingError` naming the path of the first field that is missing or malformed.
    public static func decode(_ data: Data) throws -> ImageAnalysis {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ImageAnalysis.self, from: data)
    }
}
