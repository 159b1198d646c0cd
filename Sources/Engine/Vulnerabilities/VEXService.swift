import Crypto
public import Foundation
public import Store
public import Vulnerabilities

/// The VEX documents of accounts: imported (validated), listed, removed, and read back as the statements matching
/// applies when it answers — the vulnerability listings, the exports and the policy `vulnerabilities` gate.
public struct VEXService: Sendable {
    public let store: any DataStore
    let clock: @Sendable () -> Date

    public init(store: any DataStore, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// Validates and stores an OpenVEX document; a new version of a document (the same `@id`) replaces the old.
    public func add(account: String, json: Data) async throws -> (record: VEXRecord, document: OpenVEXDocument) {
        let document: OpenVEXDocument
        do {
            document = try OpenVEXDocument.parse(json)
        } catch {
            throw CatalogError(.badRequest, "invalid VEX document: \(error.message)")
        }
        let id = Self.id(forDocument: document.id)
        let record = VEXRecord(
            account: account, id: id, documentID: document.id, author: document.author, statementCount: document.statements.count,
            createdAt: clock(), document: json)
        try await store.save(record)
        return (record, document)
    }

    public func documents(account: String) async throws -> [VEXRecord] { try await store.vexDocuments(account: account) }

    public func document(account: String, id: String) async throws -> VEXRecord {
        guard let record = try await store.vexDocument(account: account, id: id) else { throw CatalogError(.notFound, "no VEX document \(id)") }
        return record
    }

    public func delete(account: String, id: String) async throws {
        guard try await store.deleteVEXDocument(account: account, id: id) else { throw CatalogError(.notFound, "no VEX document \(id)") }
    }

    /// Every statement of the account's documents, oldest document first. A stored document that no longer
    /// parses is left out (it was valid when imported).
    /// With `feeds`, the statements of `openvex` feeds (the index's), which apply to every account.
    public func statements(account: String, feeds: [VEXStatements.Assessment] = []) async throws -> VEXStatements {
        try await Self.statements(store: store, account: account, feeds: feeds)
    }

    static func statements(store: any DataStore, account: String, feeds: [VEXStatements.Assessment] = []) async throws -> VEXStatements {
        let records = try await store.vexDocuments(account: account)
        guard !records.isEmpty || !feeds.isEmpty else { return VEXStatements() }
        return VEXStatements(records.compactMap { record in (try? OpenVEXDocument.parse(record.document)).map { (record.id, $0) } }, feeds: feeds)
    }

    /// Drydock's id of a document: the first 24 hex digits of the SHA-256 of its `@id`.
    public static func id(forDocument documentID: String) -> String {
        String(SHA256.hash(data: Data(documentID.utf8)).map { String(format: "%02x", $0) }.joined().prefix(24))
    }
}
