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
