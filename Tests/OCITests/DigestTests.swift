import Foundation
import OCI
import Testing

@Test(arguments: [
    "sha256:" + String(repeating: "0", count: 64),
    "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "sha512:" + String(repeating: "f", count: 128),
])
func acceptsDigest(_ string: String) throws {
    #expect(try Digest(parsing: string).description == string)
}

@Test(arguments: [
    ("", "expected ALGORITHM:HEX"),
    ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "expected ALGORITHM:HEX"),
    ("sha256:" + String(repeating: "0", count: 63), "needs 64 hex digits"),
    ("sha256:" + String(repeating: "0", count: 128), "needs 64 hex digits"),
    ("sha256:" + String(repeating: "A", count: 64), "lowercase hex"),
    ("sha256:" + String(repeating: "g", count: 64), "lowercase hex"),
    ("sha384:" + String(repeating: "0", count: 96), "unsupported algorithm"),
    ("SHA256:" + String(repeating: "0", count: 64), "unsupported algorithm"),
])
func rejectsDigest(input: String, reason: String) {
    #expect {
        try Digest(parsing: input)
    } throws: { error in
        (error as? OCIError)?.code == .invalidDigest && (error as? OCIError)?.message.contains(reason) == true
    }
}

@Test func digestIsCodableAsString() throws {
    let digest = try Digest(parsing: "sha256:" + String(repeating: "1", count: 64))
    let data = try JSONEncoder().encode([digest])
    #expect(String(decoding: data, as: UTF8.self) == "[\"sha256:\(String(repeating: "1", count: 64))\"]")
    #expect(try JSONDecoder().decode([Digest].self, from: data) == [digest])
    #expect(throws: DecodingError.self) { try JSONDecoder().decode([Digest].self, from: Data("[\"sha256:1\"]".utf8)) }
}

@Test func digestFromBytes() {
    #expect(Digest(algorithm: .sha256, bytes: [0x00, 0xff, 0x10] + Array(repeating: 0, count: 29)).encoded.hasPrefix("00ff10"))
}
