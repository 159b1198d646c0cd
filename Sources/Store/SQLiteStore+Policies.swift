public import Foundation
import GRDB

extension SQLiteStore: PolicyStore {
    public func policies(account: String) async throws(StoreError) -> [PolicyRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM policies WHERE account = ? ORDER BY created_at, id", arguments: [account]).map(PolicyRecord.init(row:))
        }
    }

    public func policy(account: String, id: String) async throws(StoreError) -> PolicyRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM policies WHERE account = ? AND id = ?", arguments: [account, id]).map(PolicyRecord.init(row:))
        }
    }

    public func save(_ policy: PolicyRecord) async throws(StoreError) {
        try await write { db in
            if policy.active {
                try db.execute(sql: "UPDATE policies SET active = ? WHERE account = ? AND id <> ?", arguments: [false, policy.account, policy.id])
            }
            try db.execute(
                sql: """
                    INSERT INTO policies (account, id, active, source, name, description, bundle, created_at, last_updated)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (account, id) DO UPDATE SET active = excluded.active, source = excluded.source, name = excluded.name,
                        description = excluded.description, bundle = excluded.bundle, last_updated = excluded.last_updated
                    """,
                arguments: [
                    policy.account, policy.id, policy.active, policy.source, policy.name, policy.description, policy.bundle,
                    policy.createdAt.timeIntervalSince1970, policy.lastUpdated.timeIntervalSince1970,
                ])
        }
    }

    public func deletePolicy(account: String, id: String) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM policies WHERE account = ? AND id = ?", arguments: [account, id])
            return db.changesCount > 0
        }
    }

    public func save(_ evaluation: EvaluationRecord) async throws(StoreError) {
        try await save([evaluation])
    }

    public func save(_ evaluations: [EvaluationRecord]) async throws(StoreError) {
        guard !evaluations.isEmpty else { return }
        try await write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO policy_evaluations (account, id, digest, tag, policy_id, final_action, evaluated_at, document)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (account, id) DO UPDATE SET evaluated_at = excluded.evaluated_at, document = excluded.document
                """)
            for e in evaluations {
                try statement.execute(arguments: [
                    e.account, e.id, e.digest, e.tag, e.policyID, e.finalAction, e.evaluatedAt.timeIntervalSince1970, e.document,
                ])
            }
        }
    }

    public func evaluations(account: String, digest: String, tag: String?, policyID: String?) async throws(StoreError) -> [EvaluationRecord] {
        try await read { db in
            var sql = "SELECT * FROM policy_evaluations WHERE account = ? AND digest = ?"
            var arguments: StatementArguments = [account, digest]
            if let tag {
                sql += " AND tag = ?"
                arguments += [tag]
            }
            if let policyID {
                sql += " AND policy_id = ?"
                arguments += [policyID]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY evaluated_at DESC, id", arguments: arguments).map(EvaluationRecord.init(row:))
        }
    }

    public func latestEvaluation(account: String, digest: String, tag: String) async throws(StoreError) -> EvaluationRecord? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT account, id, digest, tag, policy_id, final_action, evaluated_at, X'' AS document FROM policy_evaluations
                    WHERE account = ? AND digest = ? AND tag = ? ORDER BY evaluated_at DESC, id LIMIT 1
                    """,
                arguments: [account, digest, tag]
            ).map(EvaluationRecord.init(row:))
        }
    }

    public func latestEvaluations(account: String, digests: [String]) async throws(StoreError) -> [EvaluationRecord] {
        guard !digests.isEmpty else { return [] }
        return try await read { db in
            var latest: [String: EvaluationRecord] = [:]
            for start in stride(from: 0, to: digests.count, by: 500) {
                let chunk = Array(digests[start..<min(start + 500, digests.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT account, id, digest, tag, policy_id, final_action, evaluated_at, X'' AS document FROM policy_evaluations
                        WHERE account = ? AND digest IN (\(marks)) ORDER BY digest, tag, evaluated_at DESC, id
                        """,
                    arguments: StatementArguments([account] + chunk))
                for row in rows {
                    let record = EvaluationRecord(row: row)
                    let key = record.digest + " " + record.tag
                    if latest[key] == nil { latest[key] = record }
                }
            }
            return latest.values.sorted { ($0.digest, $0.tag) < ($1.digest, $1.tag) }
        }
    }

    public func evaluation(account: String, id: String) async throws(StoreError) -> EvaluationRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM policy_evaluations WHERE account = ? AND id = ?", arguments: [account, id]).map(EvaluationRecord.init(row:))
        }
    }

    public func latestEvaluations(account: String, policyID: String) async throws(StoreError) -> [EvaluationRecord] {
        try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT account, id, digest, tag, policy_id, final_action, evaluated_at FROM policy_evaluations
                    WHERE account = ? AND policy_id = ? ORDER BY digest, tag, evaluated_at DESC
                    """,
                arguments: [account, policyID])
            var latest: [EvaluationRecord] = []
            for row in rows {
                let digest: String = row["digest"]
                let tag: String = row["tag"]
                if let last = latest.last, last.digest == digest, last.tag == tag { continue }
                latest.append(EvaluationRecord(
                    account: row["account"], id: row["id"], digest: digest, tag: tag, policyID: row["policy_id"],
                    finalAction: row["final_action"], evaluatedAt: Date(timeIntervalSince1970: row["evaluated_at"]), document: Data()))
            }
            return latest
        }
    }
}

extension PolicyRecord {
    init(row: Row) {
        self.init(
            account: row["account"], id: row["id"], active: row["active"], source: row["source"], name: row["name"],
            description: row["description"], bundle: row["bundle"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
            lastUpdated: Date(timeIntervalSince1970: row["last_updated"]))
    }
}

extension EvaluationRecord {
    init(row: Row) {
        self.init(
            account: row["account"], id: row["id"], digest: row["digest"], tag: row["tag"], policyID: row["policy_id"],
            finalAction: row["final_action"], evaluatedAt: Date(timeIntervalSince1970: row["evaluated_at"]), document: row["document"])
    }
}
