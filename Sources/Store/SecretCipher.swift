public import Crypto
public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Seals secrets kept at rest (registry passwords) with AES-256-GCM. A sealed value is the nonce, the
/// ciphertext and the tag; `context` is authenticated with it, so a value opens only for the record it was
/// sealed for.
public struct SecretCipher: Sendable {
    let key: SymmetricKey

    /// A cipher over a 256-bit key.
    public init(key: Data) throws(StoreError) {
        guard key.count == 32 else {
            throw StoreError(.corrupt, "the encryption key must be 32 bytes (256 bits), got \(key.count)")
        }
        self.key = SymmetricKey(data: key)
    }

    /// A cipher over a key given as base64 of 32 bytes (`encryption_key`).
    public init(base64Key text: String) throws(StoreError) {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw StoreError(.corrupt, "the encryption key is not base64")
        }
        try self.init(key: data)
    }

    /// A value that tells keys apart without revealing them: an HMAC of a fixed text under the key. Processes
    /// sharing a database compare it, so one started with another key is refused instead of failing to open the
    /// passwords the others sealed.
    public var keyFingerprint: String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("drydock encryption key fingerprint v1".utf8), using: key)
        return "hmac-sha256:" + Data(code).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// 32 random bytes.
    public static func generateKey() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }

    public func seal(_ secret: String, context: Data) throws(StoreError) -> Data {
        do {
            guard let combined = try AES.GCM.seal(Data(secret.utf8), using: key, authenticating: context).combined else {
                throw StoreError(.corrupt, "AES-GCM produced no combined box")
            }
            return combined
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.corrupt, "cannot encrypt a secret: \(error)", cause: error)
        }
    }

    /// Opens a sealed value; ``StoreError/Code/corrupt`` when the key or the context is not the one it was
    /// sealed with, or the value was altered.
    public func open(_ sealed: Data, context: Data) throws(StoreError) -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            let plain = try AES.GCM.open(box, using: key, authenticating: context)
            return String(decoding: plain, as: UTF8.self)
        } catch {
            throw StoreError(
                .corrupt, "cannot decrypt a stored secret: wrong encryption key, or the value was altered", cause: error)
        }
    }

    /// The key file of a data directory: read when it exists, else created with a new key (mode 0600).
    public static func loadOrCreateKey(at url: URL) throws(StoreError) -> SecretCipher {
        if let text = try? String(contentsOf: url, encoding: .utf8) {
            do {
                return try SecretCipher(base64Key: text)
            } catch {
                throw StoreError(.corrupt, "\(url.path): \(error.message)")
            }
        }
        let text = generateKey().base64EncodedString() + "\n"
        // O_EXCL: two processes starting at once do not overwrite each other's key.
        let fd = Foundation.open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { return try loadOrCreateKey(at: url) }
            throw StoreError(.database, "cannot create the key file \(url.path): \(String(cString: strerror(errno)))")
        }
        let written = text.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        close(fd)
        guard written == text.utf8.count else {
            try? FileManager.default.removeItem(at: url)
            throw StoreError(.database, "cannot write the key file \(url.path)")
        }
        return try SecretCipher(base64Key: text)
    }
}
