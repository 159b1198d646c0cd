public import Foundation

/// NVD CVE API 2.0 pages (`https://services.nvd.nist.gov/rest/json/cves/2.0`):
/// `{resultsPerPage, startIndex, totalResults, vulnerabilities: [{cve: {id, descriptions, metrics, references, …}}]}`.
///
/// One `VulnerabilityDetail` per `cve`: the English description, CVSS v3.1 (else v3.0) and v2 metrics — the
/// `Primary` entry when there are several, else the first — and the reference URLs (deduplicated, in feed order).
/// A v2 metric's severity is at the metric level (`baseSeverity` next to `cvssData`), a v3 one's inside `cvssData`.
/// An entry without an id is skipped with a reason; a metric entry without a vector or base score is skipped with a
/// reason and the detail is kept without it.
public enum NVDFeed {
    public static let feedName = "nvd"

    /// Parses one API response page.
    public static func parse(_ data: Data) throws(FeedError) -> NVDParseResult {
        try parse(data, name: "NVD page")
    }

    /// Parses every `.json` page under `directory`; a file that cannot be read or is not a page is recorded in `skipped`.
    public static func parse(directory: URL) throws(FeedError) -> NVDParseResult {
        var result = NVDParseResult()
        for url in try FeedFile.files(under: directory, extensions: ["json"]) {
            let name = FeedFile.relativePath(url, to: directory)
            do {
                result.append(try parse(try FeedFile.read(url), name: name))
            } catch {
                result.skipped.append(SkippedEntry(entry: name, reason: error.message))
            }
        }
        return result
    }

    static func parse(_ data: Data, name: String) throws(FeedError) -> NVDParseResult {
        let document = try FeedValue.json(data, context: name)
        guard document.members != nil else {
            throw FeedError(.malformed, "\(name): an NVD API page must be an object, not \(document.kindName)")
        }
        guard let vulnerabilities = document["vulnerabilities"]?.array else {
            throw FeedError(.malformed, "\(name): no `vulnerabilities` list")
        }
        var result = NVDParseResult(
            totalResults: try count(document, "totalResults", name: name),
            startIndex: try count(document, "startIndex", name: name),
            resultsPerPage: try count(document, "resultsPerPage", name: name)
        )
        for (index, item) in vulnerabilities.enumerated() {
            let path = "\(name) vulnerabilities[\(index)]"
            guard let cve = item["cve"], cve.members != nil else {
                result.skipped.append(SkippedEntry(entry: path, reason: "no `cve` object"))
                continue
            }
            guard let id = cve["id"]?.string, !id.isEmpty else {
                result.skipped.append(SkippedEntry(entry: path, reason: "no `cve.id` string"))
                continue
            }
            let description = (cve["descriptions"]?.array ?? [])
                .first { $0["lang"]?.string == "en" }?["value"]?.string
            var links: [String] = []
            for reference in cve["references"]?.array ?? [] {
                if let url = reference["url"]?.string, !url.isEmpty, !links.contains(url) { links.append(url) }
            }
            let metrics = cve["metrics"]
            var cvssV3: CVSSDetail?
            for key in ["cvssMetricV31", "cvssMetricV30"] where cvssV3 == nil {
                cvssV3 = metric(metrics?[key], path: "\(id) metrics.\(key)", into: &result.skipped)
            }
            let cvssV2 = metric(metrics?["cvssMetricV2"], path: "\(id) metrics.cvssMetricV2", into: &result.skipped)
            result.details.append(VulnerabilityDetail(
                id: id, description: description, cvssV2: cvssV2, cvssV3: cvssV3, links: links,
                published: cve["published"]?.string, lastModified: cve["lastModified"]?.string
            ))
        }
        return result
    }

    /// The `Primary` entry of a metric list (else the first usable one); unusable entries are recorded as skipped.
    static func metric(_ list: FeedValue?, path: String, into skipped: inout [SkippedEntry]) -> CVSSDetail? {
        var usable: [(type: String?, detail: CVSSDetail)] = []
        for (index, entry) in (list?.array ?? []).enumerated() {
            let data = entry["cvssData"]
            guard let vector = data?["vectorString"]?.string, !vector.isEmpty,
                  case let .number(baseScore)? = data?["baseScore"]
            else {
                skipped.append(SkippedEntry(entry: "\(path)[\(index)]", reason: "no `cvssData.vectorString` and `baseScore`"))
                continue
            }
            let version = data?["version"]?.scalarText ?? (vector.hasPrefix("CVSS:3.0/") ? "3.0" : vector.hasPrefix("CVSS:") ? "3.1" : "2.0")
            usable.append((entry["type"]?.string, CVSSDetail(
                version: version, vector: vector, baseScore: baseScore,
                exploitabilityScore: number(entry["exploitabilityScore"]), impactScore: number(entry["impactScore"]),
                baseSeverity: data?["baseSeverity"]?.string ?? entry["baseSeverity"]?.string
            )))
        }
        return (usable.first { $0.type == "Primary" } ?? usable.first)?.detail
    }

    static func number(_ value: FeedValue?) -> Double? {
        if case let .number(number)? = value { return number }
        return nil
    }

    /// A page counter: absent is nil, anything but a non-negative integer is malformed.
    static func count(_ document: FeedValue, _ key: String, name: String) throws(FeedError) -> Int? {
        guard let value = document[key], !value.isNull else { return nil }
        guard case let .number(number) = value, number >= 0, number == number.rounded(), number < 1e15 else {
            throw FeedError(.malformed, "\(name): `\(key)` must be a non-negative integer, not \(value.kindName)")
        }
        return Int(number)
    }
}

/// What `NVDFeed` made of one or more API pages: the details, the entries it could not use, and the paging counters.
public struct NVDParseResult: Sendable, Hashable {
    public var details: [VulnerabilityDetail]
    public var skipped: [SkippedEntry]
    /// The page's `totalResults`; after `append`, the largest of the pages'.
    public var totalResults: Int?
    /// The page's `startIndex`; after `append`, the smallest of the pages'.
    public var startIndex: Int?
    /// The page's `resultsPerPage`; after `append`, the largest of the pages'.
    public var resultsPerPage: Int?

    public init(
        details: [VulnerabilityDetail] = [], skipped: [SkippedEntry] = [], totalResults: Int? = nil,
        startIndex: Int? = nil, resultsPerPage: Int? = nil
    ) {
        self.details = details
        self.skipped = skipped
        self.totalResults = totalResults
        self.startIndex = startIndex
        self.resultsPerPage = resultsPerPage
    }

    public mutating func append(_ other: NVDParseResult) {
        details += other.details
        skipped += other.skipped
        totalResults = [totalResults, other.totalResults].compactMap(\.self).max()
        startIndex = [startIndex, other.startIndex].compactMap(\.self).min()
        resultsPerPage = [resultsPerPage, other.resultsPerPage].compactMap(\.self).max()
    }
}
