public import Crypto
public import Foundation

/// One `access` entry of a registry token: what the bearer may do on one resource.
public struct TokenAccess: Codable, Hashable, Sendable {
    /// Resource type, `repository` or `registry`.
    public var type: String
    /// Resource name, e.g. `library/alpine`, or `catalog`.
    public var name: String
    /// Granted actions, e.g. `["pull", "push"]`.
    public var actions: [String]

    /// An access entry; `type` defaults to `repository`.
    public init(type: String = "repository", name: String, actions: [String]) {
        self.type = type
        self.name = name
        self.actions = actions
    }

    /// Parses a distribution scope string `TYPE:NAME:ACTION[,ACTION…]` (the name may hold `:`).
    public init?(scope: String) {
        let parts = scope.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, !parts[0].isEmpty else { return nil }
        let name = parts[1..<(parts.count - 1)].joined(separator: ":")
        guard !name.isEmpty else { return nil }
        self.init(type: String(parts[0]), name: name,
                  actions: parts[parts.count - 1].split(separator: ",").map { String($0) })
    }
}

/// How a token names the key that signed it, as distribution's token verifier understands it.
public enum TokenKeyIdentification: Sendable, Hashable {
    /// `kid`: the libtrust key id of the signing key, matched against the root certificates' keys.
    case keyID
    /// `x5c`: the base64 DER signing certificate, verified against the root certificate bundle.
    case certificateChain
}

/// Minting and helpers for ES256 JSON Web Tokens in the shape docker/distribution expects.
public enum RegistryJWT {
    /// The libtrust key id of a P-256 public key: SHA-256 over its DER SubjectPublicKeyInfo, first
    /// 30 bytes, base32 (RFC 4648, no padding), in 12 groups of 4 characters joined by `:`.
    public static func libtrustKeyID(_ key: P256.Signing.PublicKey) -> String {
        let digest = Array(SHA256.hash(data: key.derRepresentation).prefix(30))
        let encoded = Array(base32(digest))
        return stride(from: 0, to: encoded.count, by: 4)
            .map { String(encoded[$0..<min($0 + 4, encoded.count)]) }
            .joined(separator: ":")
    }

    /// RFC 4648 base32, standard alphabet, without padding.
    public static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var output = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return output
    }

    /// Base64url without padding.
    public static func base64URL(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    struct Header: Encodable {
        var typ = "JWT"
        var alg = "ES256"
        var kid: String?
        var x5c: [String]?
    }

    struct Claims: Encodable {
        var iss: String
        var sub: String
        var aud: String
        var exp: Int
        var nbf: Int
        var iat: Int
        var jti: String
        var access: [TokenAccess]
    }

    /// Signs `claims` with `key`: `base64url(header).base64url(claims).base64url(r||s)`.
    static func sign(header: Header, claims: Claims, key: P256.Signing.PrivateKey) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let signingInput = base64URL(try encoder.encode(header)) + "." + base64URL(try encoder.encode(claims))
        let signature = try key.signature(for: Data(signingInput.utf8))
        return signingInput + "." + base64URL(signature.rawRepresentation)
    }

    /// Decodes the (unverified) claims of a token, for tests that inspect what was issued.
    public static func claims(of token: String) -> [String: Any]? {
        let parts = token.split(separator: ".")
        guard parts.count == 3 else { return nil }
        var text = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
