public import Foundation
import GRDB

extension SQLiteStore: VEXStore {
    public func vexDocuments(account: String) async throws(StoreError) -> [VEXRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM vex_documents WHERE account = ? ORDER BY created_at, id", arguments: [account])
                .map(VEXRecord.init(row:))
        }
    }

    public func vexDocument(account: String, id: String) async throws(StoreError) -> VEXRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM vex_documents WHERE account = ? AND id = ?", arguments: [account, id]).map(VEXRecord.init(row:))
        }
    }

    public func save(_ vex: VEXRecord) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO vex_documents (account, id, document_id, author, statements, created_at, document)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (account, id) DO UPDATE SET document_id = excluded.document_id, author = excluded.author,
                        statements = excluded.statements, created_at = excluded.created_at, document = excluded.document
                    """,
                arguments: [vex.account, vex.id, vex.documentID, vex.author, vex.statementCount, vex.createdAt.timeIntervalSince1970, vex.document])
        }
    }

    public func deleteVEXDocument(account: String, id: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM vex_documents WHERE account = ? AND id = ?", arguments: [account, id])
            return db.changesCount > 0
        }
    }
}

extension VEXRecord {
    init(row: Row) {
        self.init(
            account: row["account"], id: row["id"], documentID: row["document_id"], author: row["author"], statementCount: row["statements"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]), document: row["document"])
    }
}
