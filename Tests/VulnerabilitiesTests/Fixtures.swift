import Foundation
import Testing
import Vulnerabilities

/// The real feed data in `/work/shared/vulndata`, found from this file: repo root → `../shared/vulndata`.
/// A missing fixture fails the test (never skips it).
enum Fixtures {
    static let root: URL = URL(filePath: #filePath)
        .deletingLastPathComponent()  // VulnerabilitiesTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repo root
        .appending(path: "../shared/vulndata")
        .standardizedFileURL

    static func url(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        let url = root.appending(path: path)
        try #require(FileManager.default.fileExists(atPath: url.path), "missing fixture \(url.path)", sourceLocation: sourceLocation)
        return url
    }

    static func data(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Data {
        try FeedFile.read(try url(path, sourceLocation: sourceLocation))
    }
}

extension FeedParseResult {
    func records(id: String, package: String? = nil, namespace: String? = nil) -> [VulnerabilityRecord] {
        records.filter { record in
            record.id == id && (package == nil || record.packageName == package) && (namespace == nil || record.namespace == namespace)
        }
    }
}
