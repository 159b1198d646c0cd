public import Foundation

/// A VEX document an account imported: the document as given, and the fields it is listed by.
public struct VEXRecord: Hashable, Sendable {
    public var account: String
    /// Drydock's id of the document: derived from its `@id`, so importing a new version of a document replaces it.
    public var id: String
    /// The document's own `@id`.
    public var documentID: String
    public var author: String
    public var statementCount: Int
    public var createdAt: Date
    /// The OpenVEX JSON.
    public var document: Data

    public init(account: String, id: String, documentID: String, author: String, statementCount: Int, createdAt: Date, document: Data) {
        self.account = account
        self.id = id
        self.documentID = documentID
        self.author = author
        self.statementCount = statementCount
        self.createdAt = createdAt
        self.document = document
    }
}

/// The VEX documents of accounts.
public protocol VEXStore: Sendable {
    /// The account's documents, oldest first.
    func vexDocuments(account: String) async throws(StoreError) -> [VEXRecord]
    func vexDocument(account: String, id: String) async throws(StoreError) -> VEXRecord?
    /// Inserts or replaces a document by id.
    func save(_ vex: VEXRecord) async throws(StoreError)
    /// Deletes a document; false when there was none.
    func deleteVEXDocument(account: String, id: String) async throws(StoreError) -> Bool
}
