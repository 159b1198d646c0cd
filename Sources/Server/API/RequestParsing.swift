import Foundation
import Hummingbird
import OCI

extension Request {
    /// A query parameter as a boolean, case-insensitively (`True`, `false`, `1`); `fallback` when absent.
    func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let raw = uri.queryParameters.get(name) else { return fallback }
        switch raw.lowercased() {
        case "true", "1", "yes", "y", "on": return true
        case "false", "0", "no", "n", "off", "": return false
        default: throw APIError.badRequest("query parameter \(name) must be a boolean, got \"\(raw)\"")
        }
    }

    func query(_ name: String) -> String? {
        uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The body as JSON of type `T`, bounded by `limit` bytes; a clear 400 when it is empty or malformed.
    func decode<T: Decodable>(_ type: T.Type, limit: Int, allowEmpty: Bool = false) async throws -> T? {
        let buffer = try await body.collect(upTo: limit)
        if buffer.readableBytes == 0 || buffer.readableBytesView.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            if allowEmpty { return nil }
            throw APIError.badRequest("the request body is empty; a JSON object is required")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIError.badRequest("invalid request body: \(describe(error))")
        }
    }
}

extension Parameters {
    /// A path parameter, percent-decoded (clients send `sha256%3A…` and `%2F`).
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        return raw.removingPercentEncoding ?? raw
    }

    /// A digest path parameter.
    func digest(_ name: String = "digest") throws -> Digest {
        let text = try decoded(name)
        guard let digest = Digest(text) else { throw APIError.badRequest("\"\(text)\" is not a valid image digest") }
        return digest
    }
}

/// A JSON value of unknown shape, for request fields whose type must be checked by hand.
enum JSONValue: Decodable, Sendable, Hashable {
    case string(String), number(Double), bool(Bool), object([String: JSONValue]), array([JSONValue]), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
}
