import Catalog
import Foundation
import Layers
import OCI
import Policy
import Store
import Vulnerabilities

extension PolicyService {
    /// The artifact that remembers when each vulnerability match of an image was first seen (and its fix).
    static let seenArtifact = "policy-vulnerabilities-seen.bin"

    /// What the evaluations of a batch of images read from the store, each kind in one read for the whole batch
    /// (a re-evaluation of every image of an account is a few reads per batch, not several per image).
    struct StoredFacts {
        /// Analysis facts by image (absent: the analysis is read alone, see ``storedAnalysis(account:digest:)``).
        var facts: [Digest: Data] = [:]
        /// Stored vulnerability reports by image (absent: the report is computed, see `VulnerabilityService.report(for:)`).
        var reports: [Digest: Data] = [:]
        /// First-seen records by image.
        var seen: [Digest: Data] = [:]
        /// The oldest last sync of the enabled feed groups by namespace.
        var oldestSync: [String: Date] = [:]
        /// CISA KEV's CVE ids; nil while no KEV catalog is synced.
        var knownExploited: Set<String>?
        /// The account's VEX statements: a match they say is not_affected or fixed is no finding.
        var vex = VEXStatements()
    }

    func storedFacts(account: String, digests: [Digest], analysisKnown: Bool) async throws -> StoredFacts {
        var stored = StoredFacts()
        if !analysisKnown { stored.facts = try await store.artifacts(account: account, digests: digests, kind: ArtifactKind.facts) }
        if let vulnerabilities {
            stored.knownExploited = vulnerabilities.matcher.index.knownExploitedIDs
            stored.reports = try await store.matchReports(digests: digests)
            stored.seen = try await store.artifacts(account: account, digests: digests, kind: Self.seenArtifact)
            stored.vex = try await VEXService.statements(store: store, account: account, feeds: vulnerabilities.matcher.index.vex)
            for group in try await store.feedGroups() where group.enabled {
                guard let sync = group.lastSync else { continue }
                stored.oldestSync[group.name] = min(stored.oldestSync[group.name] ?? sync, sync)
            }
        }
        return stored
    }

    /// What the bundle's rules may look at — the analysis, the vulnerability report with first-seen times, the feed
    /// state — from what was read for the batch; the tag's previous image for `tag_drift` and the image's ancestors
    /// for `ancestry` only when the bundle uses those gates. Also returns the image's first-seen record when it
    /// changed (new matches or fixes), to be stored with the evaluation.
    func input(
        account: String, image: ImageRecord, tag: String, bundle: CompiledBundle, now: Date, stored: StoredFacts, analysis known: ImageAnalysis?
    ) async throws -> (PolicyInput, seen: Data?) {
        let analysis: ImageAnalysis
        if let known {
            analysis = known
        } else if let facts = stored.facts[image.digest], let decoded = AnalysisFacts.decode(facts, reading: bundle.reads) {
            // Only what the bundle's rules read: a file list of tens of thousands is not made for a bundle without
            // `files` rules. (The vulnerability report is read whatever the bundle, to keep first-seen times.)
            analysis = decoded
        } else {
            guard let read = try await storedAnalysis(account: account, digest: image.digest) else {
                throw CatalogError(.notFound, "the analysis of \(image.digest) is not stored; re-add the image with force=true")
            }
            analysis = read
        }
        let name = Self.tagName(tag)
        let imageID = image.tags.first { $0.fullTag == name.full }?.imageID ?? image.tags.first?.imageID ?? analysis.source.imageID.encoded
        var vulnerabilities: [PolicyInput.Vulnerability]?
        var namespace: String?
        var seen: Data?
        if let service = self.vulnerabilities {
            let report: MatchReport
            if let data = stored.reports[image.digest], let decoded = try? VulnerabilityService.decodeReport(data) {
                report = decoded
            } else {
                report = try await service.report(for: image)
            }
            namespace = report.osNamespace
            let digest = image.digest.description
            let matches = stored.vex.isEmpty
                ? report.matches : report.matches.filter { stored.vex.assessment(for: $0, image: digest)?.statement.status.suppresses != true }
            (vulnerabilities, seen) = Self.firstSeen(stored.seen[image.digest], matches: matches, now: now)
        }
        let used = bundle.gatesUsed
        let input = PolicyInput(
            imageID: imageID, digest: image.digest.description, tag: name, analysis: analysis, vulnerabilities: vulnerabilities,
            feed: PolicyInput.FeedState(
                namespace: namespace, distroNamespace: analysis.distro?.namespace ?? "unknown", oldestSync: namespace.flatMap { stored.oldestSync[$0] }),
            knownExploited: stored.knownExploited,
            previousPackages: used.contains("tag_drift") ? try await previousPackages(account: account, image: image, tag: name.full) : nil,
            ancestors: used.contains("ancestry") ? try await ancestors(account: account, image: image, analysis: analysis) : [])
        return (input, seen)
    }

    /// A stored analysis: its fast-reading facts, else the native JSON (an image analyzed before facts were kept,
    /// whose facts are then written for the next time).
    func storedAnalysis(account: String, digest: Digest, reading parts: AnalysisParts? = nil) async throws -> ImageAnalysis? {
        if let facts = try await store.artifact(account: account, digest: digest, kind: ArtifactKind.facts),
           let analysis = AnalysisFacts.decode(facts, reading: parts) {
            return analysis
        }
        guard let artifact = try await store.artifact(account: account, digest: digest, kind: ArtifactKind.analysis) else { return nil }
        let analysis = try ArtifactKind.decodeAnalysis(artifact)
        try await store.putArtifact(account: account, digest: digest, kind: ArtifactKind.facts, data: try AnalysisFacts.encode(analysis))
        return analysis
    }

    /// `registry/repository:tag` in its parts (the tag after the last `:` that follows the last `/`).
    static func tagName(_ full: String) -> PolicyInput.TagName {
        var rest = Substring(full)
        var tag = "latest"
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        guard let slash = rest.firstIndex(of: "/") else { return .init(registry: "docker.io", repository: String(rest), tag: tag) }
        return .init(registry: String(rest[..<slash]), repository: String(rest[rest.index(after: slash)...]), tag: tag)
    }

    /// The matches with when each was first seen for this image (and when a fix was), kept per image so age
    /// parameters (`max_days_since_creation`, `max_days_since_fix`) count from the first sighting. The record to
    /// store comes back when it changed.
    static func firstSeen(_ stored: Data?, matches: [VulnerabilityMatch], now: Date) -> ([PolicyInput.Vulnerability], Data?) {
        // Looked up in the stored order (sorted by key): no table is built unless something is new.
        let known = stored.flatMap(FirstSeen.decodeSorted) ?? []
        var updates: [UInt64: FirstSeen] = [:]
        let time = Int64(now.timeIntervalSince1970)
        let list = matches.map { match -> PolicyInput.Vulnerability in
            let key = FirstSeen.key(match)
            let previous = updates[key] ?? FirstSeen.find(key, in: known)
            var entry = previous ?? FirstSeen(detected: time, fixed: nil)
            var changed = previous == nil
            if !match.fixedVersions.isEmpty, entry.fixed == nil {
                entry.fixed = time
                changed = true
            }
            if changed { updates[key] = entry }
            return PolicyInput.Vulnerability(
                match: match, detectedAt: Date(timeIntervalSince1970: TimeInterval(entry.detected)),
                fixObservedAt: entry.fixed.map { Date(timeIntervalSince1970: TimeInterval($0)) })
        }
        guard !updates.isEmpty else { return (list, nil) }
        var merged = Dictionary(known, uniquingKeysWith: { _, last in last })
        merged.merge(updates) { _, new in new }
        return (list, FirstSeen.encode(merged))
    }

    /// The packages of the image the tag pointed at before this one, if it is still stored.
    func previousPackages(account: String, image: ImageRecord, tag: String) async throws -> [Package]? {
        let name = Self.tagName(tag)
        let key = TagKey(registry: name.registry, repository: name.repository, tag: name.tag)
        let history = try await store.images(account: account, filter: ImageFilter(analysisStatus: .analyzed, imageStatus: nil, tag: key))
        func added(_ i: ImageRecord) -> Date { i.tags.filter { $0.fullTag == name.full }.map(\.createdAt).max() ?? .distantPast }
        let mine = added(image)
        guard let previous = history.filter({ $0.digest != image.digest && added($0) < mine }).max(by: { added($0) < added($1) }) else { return nil }
        return try await storedAnalysis(account: account, digest: previous.digest, reading: .packages)?.packages
    }

    /// The account's analyzed images whose layers are a strict prefix of this image's, nearest first.
    func ancestors(account: String, image: ImageRecord, analysis: ImageAnalysis) async throws -> [PolicyInput.Ancestor] {
        let layers = analysis.source.layers.map(\.digest)
        var found: [(Int, PolicyInput.Ancestor)] = []
        for other in try await store.images(account: account, filter: ImageFilter(analysisStatus: .analyzed, imageStatus: nil))
        where other.digest != image.digest && (other.layerCount ?? 0) < layers.count {
            // The stored manifest (a small document) names the layers; the analysis only when it is missing.
            let theirs: [Digest]
            if let data = try await store.artifact(account: account, digest: other.digest, kind: "manifest"),
               let manifest = try? JSONDecoder().decode(ImageManifest.self, from: data) {
                theirs = manifest.layers.map(\.digest)
            } else if let stored = try await storedAnalysis(account: account, digest: other.digest) {
                theirs = stored.source.layers.map(\.digest)
            } else {
                continue
            }
            guard !theirs.isEmpty, theirs.count < layers.count, Array(layers.prefix(theirs.count)) == theirs else { continue }
            found.append((theirs.count, .init(digest: other.digest.description, tags: other.tags.map(\.fullTag))))
        }
        return found.sorted { $0.0 > $1.0 }.map(\.1)
    }
}

/// When a match was first seen for an image, and its fix; whole seconds since 1970. Keyed by a 64-bit hash of
/// Anchore's match identity (vulnerability, feed group, package, version, path): read for every evaluation, so no
/// strings are made.
struct FirstSeen: Hashable {
    var detected: Int64
    var fixed: Int64?

    static let version: UInt8 = 2

    /// FNV-1a of the match's identity.
    static func key(_ match: VulnerabilityMatch) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in [match.id, match.namespace, match.packageName, match.packageVersion, match.packagePath] {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
            hash ^= 0x1F
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    static func encode(_ map: [UInt64: FirstSeen]) -> Data {
        var writer = ByteWriter(capacity: 16 + map.count * 24)
        writer.byte(version)
        writer.count(map.count)
        for (key, entry) in map.sorted(by: { $0.key < $1.key }) {
            writer.varint(key)
            writer.signed(entry.detected)
            writer.signed(entry.fixed ?? -1)
        }
        return Data(writer.bytes)
    }

    /// The map, or nil for another version or damaged data (every match is then seen anew).
    static func decode(_ data: Data) -> [UInt64: FirstSeen]? {
        decodeSorted(data).map { Dictionary($0, uniquingKeysWith: { _, last in last }) }
    }

    /// The entries in key order, as ``encode(_:)`` writes them; nil for another version, damaged data or keys out of
    /// order.
    static func decodeSorted(_ data: Data) -> [(UInt64, FirstSeen)]? {
        data.withUnsafeBytes { buffer -> [(UInt64, FirstSeen)]? in
            var reader = ByteReader(buffer)
            guard (try? reader.byte()) == version, let count = try? reader.count(), count <= reader.remaining else { return nil }
            var entries: [(UInt64, FirstSeen)] = []
            entries.reserveCapacity(count)
            for _ in 0..<count {
                guard let key = try? reader.varint(), let detected = try? reader.signed(), let fixed = try? reader.signed(),
                      entries.last.map({ $0.0 < key }) ?? true
                else { return nil }
                entries.append((key, FirstSeen(detected: detected, fixed: fixed < 0 ? nil : fixed)))
            }
            return reader.remaining == 0 ? entries : nil
        }
    }

    /// The entry of `key` in sorted entries.
    static func find(_ key: UInt64, in entries: [(UInt64, FirstSeen)]) -> FirstSeen? {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].0 < key { low = mid + 1 } else { high = mid }
        }
        return low < entries.count && entries[low].0 == key ? entries[low].1 : nil
    }
}
