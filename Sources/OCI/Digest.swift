/// A content digest such as `sha256:6c3c…`: an algorithm and its lowercase hex encoding.
///
/// Only `sha256` and `sha512` are accepted, and the encoding must have the algorithm's exact length.
public struct Digest: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The hash algorithms Drydock verifies.
    public enum Algorithm: String, Sendable, Hashable, Codable, CaseIterable {
        case sha256, sha512

        /// The length of the hex encoding.
        public var hexLength: Int { self == .sha256 ? 64 : 128 }
    }

    /// The algorithm.
    public let algorithm: Algorithm
    /// The lowercase hex encoding of the hash.
    public let encoded: String

    /// Parses `algorithm:hex`.
    /// - Throws: ``OCIError`` with code ``OCIError/Code/invalidDigest`` saying which part is wrong.
    public init(parsing string: String) throws(OCIError) {
        guard let colon = string.firstIndex(of: ":") else {
            throw OCIError(.invalidDigest, "invalid digest \"\(string)\": expected ALGORITHM:HEX, e.g. sha256:<64 hex digits>")
        }
        let name = String(string[..<colon])
        let hex = String(string[string.index(after: colon)...])
        guard let algorithm = Algorithm(rawValue: name) else {
            throw OCIError(.invalidDigest, "invalid digest \"\(string)\": unsupported algorithm \"\(name)\" (sha256 or sha512)")
        }
        guard hex.utf8.count == algorithm.hexLength else {
            throw OCIError(
                .invalidDigest,
                "invalid digest \"\(string)\": \(name) needs \(algorithm.hexLength) hex digits, found \(hex.utf8.count)")
        }
        guard hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            throw OCIError(.invalidDigest, "invalid digest \"\(string)\": the hash must be lowercase hex")
        }
        self.algorithm = algorithm
        self.encoded = hex
    }

    /// Makes a digest from raw hash bytes.
    public init(algorithm: Algorithm, bytes: some Sequence<UInt8>) {
        self.algorithm = algorithm
        self.encoded = Digest.hex(bytes)
    }

    public init?(_ description: String) {
        try? self.init(parsing: description)
    }

    public var description: String { "\(algorithm.rawValue):\(encoded)" }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            try self.init(parsing: string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Lowercase hex of bytes, written straight into the string's storage (a stack record holds a digest per file,
    /// so this runs tens of thousands of times per cached scan).
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        if let string = bytes.withContiguousStorageIfAvailable(hex(buffer:)) { return string }
        return Array(bytes).withUnsafeBufferPointer(hex(buffer:))
    }

    private static func hex(buffer input: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: 2 * input.count) { output in
            for (index, byte) in input.enumerated() {
                output[2 * index] = hexDigit(byte >> 4)
                output[2 * index + 1] = hexDigit(byte & 0x0f)
            }
            return 2 * input.count
        }
    }

    @inline(__always) private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
    }
}
