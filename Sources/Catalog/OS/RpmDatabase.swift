/// The three rpm database formats, told apart by their bytes rather than their file names.
enum RpmDatabase {
    /// The header blobs of every package in a database file.
    static func values(_ bytes: [UInt8]) throws(RpmDatabaseError) -> (values: [[UInt8]], problems: [String]) {
        if RpmSQLite.isSQLite(bytes) { return try RpmSQLite.values(bytes) }
        if RpmNDB.isNDB(bytes) { return try RpmNDB.values(bytes) }
        if RpmBerkeleyDB.byteOrder(bytes) != nil { return try RpmBerkeleyDB.values(bytes) }
        throw RpmDatabaseError("not an rpm database (neither SQLite, ndb nor BerkeleyDB)")
    }
}
