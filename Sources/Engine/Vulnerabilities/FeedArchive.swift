import Archive
public import Foundation
public import Vulnerabilities

/// Feeds published as one tar of JSON documents (`.tar`, `.tar.gz`, `.tar.zst`, `.tar.xz`), read as a stream, one
/// document in memory at a time: Red Hat's whole CSAF data set (`…/csaf/v2/vex/csaf_vex_YYYY-MM-DD.tar.zst`, named by
/// the directory's `archive_latest.txt`), Canonical's OSV data (`osv-all.tar.xz`), SUSE's CVRF and vendors' OpenVEX.
public enum FeedArchive {
    /// The largest single document read (the biggest VEX files, for kernel CVEs, are tens of megabytes).
    static let documentLimit = 256 << 20
    /// The most decompressed bytes an archive may hold.
    static let archiveLimit: Int64 = 64 << 30

    /// Whether `data` is a tar archive, compressed or not, rather than one JSON document.
    public static func isArchive(_ data: Data) -> Bool {
        if Compression.sniff(data.prefix(4)) != .none { return true }
        return data.count > 262 && data[data.startIndex + 257..<data.startIndex + 262].elementsEqual("ustar".utf8)
    }

    /// Every `.json` member parsed as a CSAF document, grouped by its path in the archive; a member that is not
    /// CSAF (or is too large) is skipped with the reason. A truncated or corrupt archive throws: no partial data.
    public static func parseCSAF(_ data: Data, name: String) throws(FeedError) -> FeedParseResult {
        try records(data, name: name) { bytes, path in try CSAFFeed.parse(bytes, name: path) }
    }

    /// The records of every `.json` member, each read with a driver's `parse` (given its bytes and path), with the
    /// members it refused among the skips (see ``documents(_:name:parse:)``).
    static func records(
        _ data: Data, name: String, parse: (Data, String) throws -> FeedParseResult
    ) throws(FeedError) -> FeedParseResult {
        let (results, skipped) = try documents(data, name: name, parse: parse)
        var result = FeedParseResult(skipped: skipped)
        for parsed in results { result.append(parsed) }
        return result
    }

    /// Every `.json` member of a tar archive (compressed or not) read with `parse` (given its bytes and path), one
    /// member in memory at a time; a member `parse` refuses (or too large) is skipped with the reason. A truncated or
    /// corrupt archive throws: no partial data.
    public static func documents<T>(
        _ data: Data, name: String, parse: (Data, String) throws -> T
    ) throws(FeedError) -> (documents: [T], skipped: [SkippedEntry]) {
        var documents: [T] = []
        var skipped: [SkippedEntry] = []
        var current: (path: String, bytes: [UInt8])?
        do {
            let reader = try TarStreamReader(compression: Compression.sniff(data.prefix(4)), outputLimit: archiveLimit)
            func handle(_ event: TarEvent) throws {
                switch event {
                case let .entry(entry):
                    current = entry.kind == .regular && entry.path.hasSuffix(".json") ? (entry.path, []) : nil
                    if current != nil, entry.size > Int64(documentLimit) {
                        skipped.append(SkippedEntry(entry: entry.path, reason: "\(entry.size) bytes is over the \(documentLimit)-byte document limit"))
                        current = nil
                    }
                case let .data(chunk):
                    guard current != nil else { return }
                    current?.bytes.append(contentsOf: chunk)
                case .entryEnd:
                    guard let document = current else { return }
                    current = nil
                    do {
                        documents.append(try parse(Data(document.bytes), document.path))
                    } catch {
                        skipped.append(SkippedEntry(entry: document.path, reason: (error as? FeedError)?.message ?? "\(error)"))
                    }
                }
            }
            try data.withUnsafeBytes { try reader.feed($0, handle) }
            try reader.finish(handle)
        } catch let error as FeedError {
            throw error
        } catch {
            throw FeedError(.malformed, "\(name): not a readable archive: \(error)")
        }
        return (documents, skipped)
    }

    /// The archive `archive_latest.txt` names (`csaf_vex_2026-12-06.tar.zst`): one file name, nothing else.
    public static func latestArchive(in text: String) -> String? {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, !name.contains("/"), !name.contains(".."), !name.contains(where: \.isWhitespace),
              name.hasSuffix(".tar.zst") || name.hasSuffix(".tar.gz") || name.hasSuffix(".tar")
        else { return nil }
        return name
    }
}
