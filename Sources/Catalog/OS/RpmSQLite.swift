import Foundation
import GRDB

/// rpm's SQLite `rpmdb.sqlite` (rpm ≥ 4.16: RHEL 9, Fedora ≥ 33): the `Packages` table's `blob` column holds one
/// header per row. The captured bytes are written to a private temporary file (switched out of WAL mode, so no
/// `-wal`/`-shm` files are needed) and opened read-only.
enum RpmSQLite {
    static let magic = Array("SQLite format 3\u{0}".utf8)

    static func isSQLite(_ bytes: [UInt8]) -> Bool {
        bytes.count >= magic.count && bytes[0..<magic.count].elementsEqual(magic)
    }

    static func values(_ bytes: [UInt8]) throws(RpmDatabaseError) -> (values: [[UInt8]], problems: [String]) {
        guard isSQLite(bytes), bytes.count >= 100 else { throw RpmDatabaseError("not a SQLite database") }
        var copy = bytes
        // Bytes 18 and 19 are the read and write format versions: 2 means WAL. 1 (rollback journal) reads the same
        // pages without needing a shared-memory file beside the copy.
        if copy[18] == 2 { copy[18] = 1 }
        if copy[19] == 2 { copy[19] = 1 }
        let directory = FileManager.default.temporaryDirectory
        let url = directory.appendingPathComponent("drydock-rpmdb-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            try Data(copy).write(to: url, options: .atomic)
            var configuration = Configuration()
            configuration.readonly = true
            configuration.label = "rpmdb"
            let queue = try DatabaseQueue(path: url.path, configuration: configuration)
            defer { try? queue.close() }
            let blobs = try queue.read { db in
                try Data.fetchAll(db, sql: "SELECT blob FROM Packages ORDER BY hnum")
            }
            return (blobs.map { [UInt8]($0) }, [])
        } catch let error as DatabaseError {
            throw RpmDatabaseError("the SQLite database cannot be read: \(error.message ?? error.description)")
        } catch {
            throw RpmDatabaseError("the SQLite database cannot be read: \(error)")
        }
    }
}
