public import Foundation
import PostgresNIO

extension PostgresStore: PolicyStore {
    static let evaluationListColumns = "account, id, digest, tag, policy_id, final_action, evaluated_at"

    public func policies(account: String) async throws(StoreError) -> [PolicyRecord] {
        try await rows("SELECT * FROM policies WHERE account = \(account) ORDER BY created_at, id").map(PolicyRecord.init(postgres:))
    }

    public func policy(account: String, id: String) async throws(StoreError) -> PolicyRecord? {
        try await rows("SELECT * FROM policies WHERE account = \(account) AND id = \(id)").first.map(PolicyRecord.init(postgres:))
    }

    public func save(_ policy: PolicyRecord) async throws(StoreError) {
        let logger = logger
        try await transaction { connection in
            if policy.active {
                try await connection.rows("UPDATE policies SET active = FALSE WHERE account = \(policy.account) AND id <> \(policy.id)", logger: logger)
            }
            try await connection.rows("""
                INSERT INTO policies (account, id, active, source, name, description, bundle, created_at, last_updated)
                VALUES (\(policy.account), \(policy.id), \(policy.active), \(policy.source), \(policy.name), \(policy.description),
                    \(policy.bundle), \(policy.createdAt.timeIntervalSince1970), \(policy.lastUpdated.timeIntervalSince1970))
                ON CONFLICT (account, id) DO UPDATE SET active = excluded.active, source = excluded.source, name = excluded.name,
                    description = excluded.description, bundle = excluded.bundle, last_updated = excluded.last_updated
                """, logger: logger)
        }
    }

    public func deletePolicy(account: String, id: String) async throws(StoreError) -> Bool {
        try await !rows("DELETE FROM policies WHERE account = \(account) AND id = \(id) RETURNING id").isEmpty
    }

    public func save(_ evaluation: EvaluationRecord) async throws(StoreError) { try await save([evaluation]) }

    public func save(_ evaluations: [EvaluationRecord]) async throws(StoreError) {
        guard !evaluations.isEmpty else { return }
        let logger = logger
        try await transaction { connection in
            for e in evaluations {
                try await connection.rows("""
                    INSERT INTO policy_evaluations (account, id, digest, tag, policy_id, final_action, evaluated_at, document)
                    VALUES (\(e.account), \(e.id), \(e.digest), \(e.tag), \(e.policyID), \(e.finalAction), \(e.evaluatedAt.timeIntervalSince1970),
                        \(e.document))
                    ON CONFLICT (account, id) DO UPDATE SET evaluated_at = excluded.evaluated_at, document = excluded.document
                    """, logger: logger)
            }
        }
    }

    public func evaluations(account: String, digest: String, tag: String?, policyID: String?) async throws(StoreError) -> [EvaluationRecord] {
        var sql = SQLBuilder("SELECT * FROM policy_evaluations WHERE ")
        try sql.add("account = ", account)
        try sql.add(" AND digest = ", digest)
        if let tag { try sql.add(" AND tag = ", tag) }
        if let policyID { try sql.add(" AND policy_id = ", policyID) }
        sql.text += " ORDER BY evaluated_at DESC, id"
        return try await rows(sql.query).map(EvaluationRecord.init(postgres:))
    }

    public func latestEvaluation(account: String, digest: String, tag: String) async throws(StoreError) -> EvaluationRecord? {
        try await rows("""
            SELECT \(unescaped: Self.evaluationListColumns) FROM policy_evaluations
            WHERE account = \(account) AND digest = \(digest) AND tag = \(tag) ORDER BY evaluated_at DESC, id LIMIT 1
            """).first.map(EvaluationRecord.init(postgres:))
    }

    public func latestEvaluations(account: String, digests: [String]) async throws(StoreError) -> [EvaluationRecord] {
        guard !digests.isEmpty else { return [] }
        return try await rows("""
            SELECT DISTINCT ON (digest, tag) \(unescaped: Self.evaluationListColumns) FROM policy_evaluations
            WHERE account = \(account) AND digest = ANY(\(digests)) ORDER BY digest, tag, evaluated_at DESC, id
            """).map(EvaluationRecord.init(postgres:))
    }

    public func evaluation(account: String, id: String) async throws(StoreError) -> EvaluationRecord? {
        try await rows("SELECT * FROM policy_evaluations WHERE account = \(account) AND id = \(id)").first.map(EvaluationRecord.init(postgres:))
    }

    public func latestEvaluations(account: String, policyID: String) async throws(StoreError) -> [EvaluationRecord] {
        try await rows("""
            SELECT DISTINCT ON (digest, tag) \(unescaped: Self.evaluationListColumns) FROM policy_evaluations
            WHERE account = \(account) AND policy_id = \(policyID) ORDER BY digest, tag, evaluated_at DESC, id
            """).map(EvaluationRecord.init(postgres:))
    }
}

extension PostgresStore: VEXStore {
    public func vexDocuments(account: String) async throws(StoreError) -> [VEXRecord] {
        try await rows("SELECT * FROM vex_documents WHERE account = \(account) ORDER BY created_at, id").map(VEXRecord.init(postgres:))
    }

    public func vexDocument(account: String, id: String) async throws(StoreError) -> VEXRecord? {
        try await rows("SELECT * FROM vex_documents WHERE account = \(account) AND id = \(id)").first.map(VEXRecord.init(postgres:))
    }

    public func save(_ vex: VEXRecord) async throws(StoreError) {
        try await rows("""
            INSERT INTO vex_documents (account, id, document_id, author, statements, created_at, document)
            VALUES (\(vex.account), \(vex.id), \(vex.documentID), \(vex.author), \(vex.statementCount), \(vex.createdAt.timeIntervalSince1970),
                \(vex.document))
            ON CONFLICT (account, id) DO UPDATE SET document_id = excluded.document_id, author = excluded.author,
                statements = excluded.statements, created_at = excluded.created_at, document = excluded.document
            """)
    }

    public func deleteVEXDocument(account: String, id: String) async throws(StoreError) -> Bool {
        try await !rows("DELETE FROM vex_documents WHERE account = \(account) AND id = \(id) RETURNING id").isEmpty
    }
}
