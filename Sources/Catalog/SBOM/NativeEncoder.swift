public import Foundation

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
