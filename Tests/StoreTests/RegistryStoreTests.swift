import Foundation
import Store
import Testing

@Suite struct RegistryStoreTests {
    static let key = Data((0..<32).map { UInt8($0) })

    func record(_ registry: String, account: String = "admin", user: String = "u", password: String = "p", at time: Double = 100) throws -> RegistryRecord {
        let cipher = try SecretCipher(key: Self.key)
        return RegistryRecord(
            account: account, registry: registry, username: user,
            encryptedPassword: try cipher.seal(password, context: RegistryRecord.sealingContext(account: account, registry: registry)),
            createdAt: Date(timeIntervalSince1970: time))
    }

    @Test(arguments: StoreKind.allCases) func recordsRoundTripAreUpsertedAndDeletedPerAccount(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var first = try record("registry.lan:5000", user: "alice", password: "s3cret")
            first.verifyTLS = false
            first.insecure = true
            first.name = "lan"
            try await store.save(first)
            try await store.save(try record("ghcr.io/myorg*", user: "bob"))
            try await store.save(try record("registry.lan:5000", account: "other", user: "carol"))

            let listed = try await store.registries(account: "admin")
            #expect(listed.map(\.registry) == ["ghcr.io/myorg*", "registry.lan:5000"])
            #expect(try await store.registry(account: "admin", registry: "registry.lan:5000") == first)
            #expect(try await store.registry(account: "admin", registry: "nope") == nil)

            var changed = try record("registry.lan:5000", user: "alice2", password: "new", at: 500)
            changed.createdAt = first.createdAt
            try await store.save(changed)
            let stored = try #require(try await store.registry(account: "admin", registry: "registry.lan:5000"))
            #expect(stored.username == "alice2")
            #expect(stored.createdAt == first.createdAt)
            #expect(stored.lastUpdated == Date(timeIntervalSince1970: 500))
            #expect(stored.insecure == nil && stored.verifyTLS)

            #expect(try await store.deleteRegistry(account: "admin", registry: "registry.lan:5000"))
            #expect(try await !store.deleteRegistry(account: "admin", registry: "registry.lan:5000"))
            #expect(try await store.registries(account: "admin").map(\.registry) == ["ghcr.io/myorg*"])
            #expect(try await store.registries(account: "other").map(\.username) == ["carol"])
        }
    }

    /// Anchore's `registry_record_matches`, longest key first.
    @Test(arguments: [
        ("registry.lan:5000", "team/app", "registry.lan:5000/team/app"),
        ("registry.lan:5000", "team/other", "registry.lan:5000/team/*"),
        ("registry.lan:5000", "misc/thing", "registry.lan:5000"),
        ("ghcr.io", "myorg/tool", "ghcr.io/myorg*"),
        ("ghcr.io", "myorganization/tool", "ghcr.io/myorg*"),
        ("ghcr.io", "else/tool", nil),
        ("docker.io", "library/alpine", "docker.io"),
        ("registry.lan", "team/app", nil),
    ] as [(String, String, String?)])
    func matchingPrefersTheLongestKey(registry: String, repository: String, expected: String?) throws {
        let records = try ["registry.lan:5000", "registry.lan:5000/team/*", "registry.lan:5000/team/app", "ghcr.io/myorg*", "docker.io"]
            .map { try record($0) }
        #expect(RegistryRecord.bestMatch(records, registry: registry, repository: repository)?.registry == expected)
    }

    @Test func hostIsTheKeyUpToItsFirstSlash() throws {
        #expect(try record("registry.lan:5000/team/*").host == "registry.lan:5000")
        #expect(try record("ghcr.io/myorg*").host == "ghcr.io")
        #expect(try record("docker.io").host == "docker.io")
    }

    @Test func passwordsAreSealedAndOpenOnlyWithTheirKeyAndRecord() throws {
        let cipher = try SecretCipher(key: Self.key)
        let context = RegistryRecord.sealingContext(account: "admin", registry: "r.example")
        let sealed = try cipher.seal("hunter2", context: context)
        #expect(!sealed.isEmpty)
        #expect(sealed.range(of: Data("hunter2".utf8)) == nil)
        #expect(try cipher.seal("hunter2", context: context) != sealed)  // a fresh nonce each time
        #expect(try cipher.open(sealed, context: context) == "hunter2")

        let wrong = try SecretCipher(key: Data(repeating: 7, count: 32))
        #expect(throws: StoreError.self) { try wrong.open(sealed, context: context) }
        #expect(throws: StoreError.self) {
            try cipher.open(sealed, context: RegistryRecord.sealingContext(account: "other", registry: "r.example"))
        }
        var altered = sealed
        altered[altered.count - 1] ^= 1
        #expect(throws: StoreError.self) { try cipher.open(altered, context: context) }
        #expect(throws: StoreError.self) { try SecretCipher(key: Data(repeating: 1, count: 16)) }
        #expect(throws: StoreError.self) { try SecretCipher(base64Key: "not base64!") }
    }

    @Test func theKeyFileIsCreatedOnceWithMode0600AndReused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("secret.key")
        let first = try SecretCipher.loadOrCreateKey(at: url)
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines))?.count == 32)
        let sealed = try first.seal("pw", context: Data())
        let second = try SecretCipher.loadOrCreateKey(at: url)
        #expect(try second.open(sealed, context: Data()) == "pw")
    }
}
