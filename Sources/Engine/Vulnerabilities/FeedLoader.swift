public import Foundation
public import Vulnerabilities
import Archive

/// What a feed's source came to after parsing: records, enrichment details and the entries it could not use.
public struct LoadedFeed: Sendable {
    public var records: [VulnerabilityRecord] = []
    public var details: [VulnerabilityDetail] = []
    public var skipped: [SkippedEntry] = []
    public var knownExploited: [KnownExploited]?
    public var epss: [EPSSScore]?
    public var vex: [VEXStatements.Assessment]?

    public init(
        records: [VulnerabilityRecord] = [], details: [VulnerabilityDetail] = [], skipped: [SkippedEntry] = [],
        knownExploited: [KnownExploited]? = nil, epss: [EPSSScore]? = nil, vex: [VEXStatements.Assessment]? = nil
    ) {
        self.records = records
        self.details = details
        self.skipped = skipped
        self.knownExploited = knownExploited
        self.epss = epss
        self.vex = vex
    }

    init(_ result: FeedParseResult) {
        self.init(records: result.records, skipped: result.skipped)
    }

    init(_ result: NVDParseResult) {
        self.init(details: result.details, skipped: result.skipped)
    }

    /// The records grouped by namespace, plus an `nvd` group for details.
    public func groups() -> [String: FeedGroupPayload] {
        var groups: [String: FeedGroupPayload] = [:]
        for record in records { groups[record.namespace, default: FeedGroupPayload()].records.append(record) }
        if !details.isEmpty { groups["nvd", default: FeedGroupPayload()].details = details }
        if let knownExploited { groups["kev"] = FeedGroupPayload(knownExploited: knownExploited) }
        if let epss { groups["epss"] = FeedGroupPayload(epss: epss) }
        if let vex { groups["vex"] = FeedGroupPayload(vex: vex) }
        return groups
    }
}

/// Reads a feed with its driver, from a local path (file, directory or zip) or downloaded bytes.
public enum FeedLoader {
    public static func load(_ driver: FeedDriver, local url: URL) throws(FeedError) -> LoadedFeed {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw FeedError(.unreadable, "\(url.path) does not exist")
        }
        if isDirectory.boolValue {
            switch driver {
            case .vulnListDebian: return LoadedFeed(try VulnListDebianFeed.parse(directory: url))
            case .osv: return LoadedFeed(try OSVFeed.parse(directory: url))
            case .nvd: return LoadedFeed(try NVDFeed.parse(directory: url))
            case .csaf: return LoadedFeed(try CSAFFeed.parse(directory: url))
            case .suseCvrf: return LoadedFeed(try SUSECVRFFeed.parse(directory: url))
            case .openvex:
                var documents: [OpenVEXDocument] = []
                var skipped: [SkippedEntry] = []
                for file in try FeedFile.files(under: url, extensions: ["json"]) {
                    let name = FeedFile.relativePath(file, to: url)
                    do { documents.append(try OpenVEXDocument.parse(try FeedFile.read(file))) } catch { skipped.append(SkippedEntry(entry: name, reason: error.message)) }
                }
                return LoadedFeed(skipped: skipped, vex: VEXStatements.assessments(of: documents))
            case .kev, .epss, .amazonUpdateinfo: throw FeedError(.unreadable, "\(url.path): the \(driver.rawValue) driver reads one file, not a directory")
            case .alpineSecdb, .wolfiSecdb, .chainguardSecdb:
                var result = FeedParseResult()
                for file in try FeedFile.files(under: url, extensions: ["json", "yaml", "yml"]) {
                    let name = file.path.dropFirst(url.path.count)
                    do {
                        let data = try FeedFile.read(file)
                        result.append(try AlpineSecDBFeed.parse(data, format: file.pathExtension == "json" ? .json : .yaml, distribution: driver.secdbDistribution))
                    } catch {
                        result.skipped.append(SkippedEntry(entry: String(name), reason: error.message))
                    }
                }
                return LoadedFeed(result)
            case .debianTracker:
                throw FeedError(.unreadable, "\(url.path): the debian-tracker driver reads one JSON file, not a directory")
            }
        }
        if driver == .vulnListDebian {
            throw FeedError(.unreadable, "\(url.path): the vuln-list-debian driver reads a directory (tracker/CVE, tracker/DSA)")
        }
        return try load(driver, data: try FeedFile.read(url), name: url.lastPathComponent)
    }

    public static func load(_ driver: FeedDriver, data: Data, name: String) throws(FeedError) -> LoadedFeed {
        let isZip = data.starts(with: [0x50, 0x4B, 0x03, 0x04])
        let firstByte = data.first { !" \t\r\n".utf8.contains($0) }
        let isJSON = firstByte == UInt8(ascii: "{") || firstByte == UInt8(ascii: "[")
        switch driver {
        case .debianTracker: return LoadedFeed(try DebianTrackerFeed.parse(data))
        case .alpineSecdb, .wolfiSecdb, .chainguardSecdb:
            return LoadedFeed(try AlpineSecDBFeed.parse(data, format: isJSON ? .json : .yaml, distribution: driver.secdbDistribution))
        case .osv:
            if isZip { return LoadedFeed(try OSVFeed.parse(zip: data)) }
            if FeedArchive.isArchive(data) {
                // A vendor's tarball of records (Canonical's `osv-all.tar.xz`), one member in memory at a time.
                return LoadedFeed(try FeedArchive.records(data, name: name) { bytes, path in try OSVFeed.parse(bytes, format: .json, name: path) })
            }
            return LoadedFeed(try OSVFeed.parse(data, format: isJSON ? .json : .yaml, name: name))
        case .nvd: return LoadedFeed(try NVDFeed.parse(data))
        case .csaf:
            if FeedArchive.isArchive(data) { return LoadedFeed(try FeedArchive.parseCSAF(data, name: name)) }
            return LoadedFeed(try CSAFFeed.parse(data, name: name))
        case .suseCvrf:
            if FeedArchive.isArchive(data) {
                return LoadedFeed(try FeedArchive.records(data, name: name) { bytes, path in try SUSECVRFFeed.parse(bytes, name: path) })
            }
            return LoadedFeed(try SUSECVRFFeed.parse(data, name: name))
        case .kev:
            let parsed = try KEVFeed.parse(data)
            return LoadedFeed(skipped: parsed.skipped, knownExploited: parsed.entries)
        case .amazonUpdateinfo:
            return LoadedFeed(try AmazonUpdateInfoFeed.parse(try gunzipped(data, name: name), name: name))
        case .openvex:
            if FeedArchive.isArchive(data) {
                let (documents, skipped) = try FeedArchive.documents(data, name: name) { bytes, _ in try OpenVEXDocument.parse(bytes) }
                return LoadedFeed(skipped: skipped, vex: VEXStatements.assessments(of: documents))
            }
            return LoadedFeed(vex: VEXStatements.assessments(of: [try OpenVEXDocument.parse(data)]))
        case .epss:
            // FIRST serves the CSV gzip-compressed.
            let parsed = try EPSSFeed.parse(try gunzipped(data, name: name))
            return LoadedFeed(skipped: parsed.skipped, epss: parsed.scores)
        case .vulnListDebian:
            throw FeedError(.unreadable, "\(name): the vuln-list-debian driver reads a local directory (file://), not a download")
        }
    }

    /// `data` decompressed when it is gzip, as it is when it comes.
    static func gunzipped(_ data: Data, name: String) throws(FeedError) -> Data {
        guard data.starts(with: [0x1F, 0x8B]) else { return data }
        do {
            return Data(try Decompressor.decompress(Array(data), as: .gzip, outputLimit: 1 << 30))
        } catch {
            throw FeedError(.malformed, "\(name): not a readable gzip file: \(error)")
        }
    }
}

extension FeedDriver {
    /// Whose security database a secdb-shaped driver reads.
    var secdbDistribution: AlpineSecDBFeed.Distribution {
        switch self {
        case .wolfiSecdb: .wolfi
        case .chainguardSecdb: .chainguard
        default: .alpine
        }
    }
}
