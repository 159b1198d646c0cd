import Crypto
import Foundation

/// The issuer's signing key and its self-signed certificate (the registry's `rootcertbundle`).
struct TokenSigningMaterial: Sendable {
    let privateKey: P256.Signing.PrivateKey
    /// PEM file holding the self-signed certificate.
    let certificateFile: URL
    /// Base64 (standard alphabet) of the certificate's DER, as `x5c` wants it.
    let certificateBase64DER: String
    /// libtrust key id of the public key.
    let keyID: String

    /// Makes a fresh P-256 key with swift-crypto and a self-signed certificate for it with the
    /// `openssl` CLI, both written to `directory`.
    static func make(in directory: URL, commonName: String) async throws -> TokenSigningMaterial {
        guard let openssl = ProcessChild.find("openssl") else {
            throw RegistryServerError.missingTool("openssl")
        }
        let key = P256.Signing.PrivateKey()
        let keyFile = directory.appendingPathComponent("token-signing-key.pem")
        let certificateFile = directory.appendingPathComponent("token-signing-cert.pem")
        try Data(key.pemRepresentation.utf8).write(to: keyFile)
        _ = try await ProcessChild.run(openssl, [
            "req", "-new", "-x509", "-sha256", "-days", "2",
            "-key", keyFile.path, "-out", certificateFile.path, "-subj", "/CN=\(commonName)",
        ], in: directory)
        let pem = try String(contentsOf: certificateFile, encoding: .utf8)
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return TokenSigningMaterial(
            privateKey: key, certificateFile: certificateFile, certificateBase64DER: body,
            keyID: RegistryJWT.libtrustKeyID(key.publicKey)
        )
    }
}
