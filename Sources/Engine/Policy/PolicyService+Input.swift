import Catalog
import Foundation
import OCI
import Policy
import Store
import Vulnerabilities

extension PolicyService {
    /// The artifact that remembers when each vulnerability match of an image was first seen (and its fix).
    static let seenArtifact = "policy-vulnerabilities-seen.json"

    /// Gathers what the bundle's rules may look at: the stored analysis, the vulnerability report with first-seen
    /// times, the feed state; the tag's previous image for `tag_drift` and the image's ancestors for `ancestry`
    /// only when the bundle uses those gates.
    func input(
        account: String, image: ImageRecord, tag: String, bundle: CompiledBundle, now: Date, analysis known: ImageAnalysis? = nil
    ) async throws -> PolicyInput {
        let analysis: ImageAnalysis
        if let known {
            analysis = known
        } else {
            guard let artifact = try await store.artifact(account: account, digest: image.digest, kind: ArtifactKind.analysis) else {
                throw CatalogError(.notFound, "the analysis of \(image.digest) is not stored; re-add the image with force=true")
            }
            analysis = try ArtifactKind.decodeAnalysis(artifact)
        }
        let name = Self.tagName(tag)
        let imageID = image.tags.first { $0.fullTag == name.full }?.imageID ?? image.tags.first?.imageID ?? analysis.source.imageID.encoded
        var vulnerabilities: [PolicyInput.Vulnerability]?
        var namespace: String?
        if let service = self.vulnerabilities {
            let report = try await service.report(for: image)
            namespace = report.osNamespace
            vulnerabilities = try await firstSeen(account: account, digest: image.digest, matches: report.matches, now: now)
        }
        let used = bundle.gatesUsed
        return PolicyInput(
            imageID: imageID, digest: image.digest.description, tag: name, analysis: analysis, vulnerabilities: vulnerabilities,
            feed: PolicyInput.FeedState(
                namespace: namespace, distroNamespace: analysis.distro?.namespace ?? "unknown", oldestSync: try await oldestSync(namespace)),
            previousPackages: used.contains("tag_drift") ? try await previousPackages(account: account, image: image, tag: name.full) : nil,
            ancestors: used.contains("ancestry") ? try await ancestors(account: account, image: image, analysis: analysis) : [])
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
    /// parameters (`max_days_since_creation`, `max_days_since_fix`) count from the first sighting.
    func firstSeen(account: String, digest: Digest, matches: [VulnerabilityMatch], now: Date) async throws -> [PolicyInput.Vulnerability] {
        var seen: [String: [Double?]] = [:]
        if let data = try await store.artifact(account: account, digest: digest, kind: Self.seenArtifact) {
            seen = (try? JSONDecoder().decode([String: [Double?]].self, from: data)) ?? [:]
        }
        var changed = false
        let list = matches.map { match -> PolicyInput.Vulnerability in
            let key = match.identity
            var entry = seen[key] ?? [now.timeIntervalSince1970, nil]
            if seen[key] == nil { changed = true }
            if entry.count < 2 { entry.append(nil) }
            if !match.fixedVersions.isEmpty, entry[1] == nil {
                entry[1] = now.timeIntervalSince1970
                changed = true
            }
            seen[key] = entry
            return PolicyInput.Vulnerability(
                match: match, detectedAt: Date(timeIntervalSince1970: entry[0] ?? now.timeIntervalSince1970),
                fixObservedAt: entry[1].map { Date(timeIntervalSince1970: $0) })
        }
        if changed {
            try await store.putArtifact(account: account, digest: digest, kind: Self.seenArtifact, data: try JSONEncoder().encode(seen))
        }
        return list
    }

    /// The oldest last sync of the feed groups that serve a namespace; nil when none has synced.
    func oldestSync(_ namespace: String?) async throws -> Date? {
        guard let namespace else { return nil }
        return try await store.feedGroups().filter { $0.enabled && $0.name == namespace }.compactMap(\.lastSync).min()
    }

    /// The packages of the image the tag pointed at before this one, if it is still stored.
    func previousPackages(account: String, image: ImageRecord, tag: String) async throws -> [Package]? {
        let name = Self.tagName(tag)
        let key = TagKey(registry: name.registry, repository: name.repository, tag: name.tag)
        let history = try await store.images(account: account, filter: ImageFilter(analysisStatus: .analyzed, imageStatus: nil, tag: key))
        func added(_ i: ImageRecord) -> Date { i.tags.filter { $0.fullTag == name.full }.map(\.createdAt).max() ?? .distantPast }
        let mine = added(image)
        guard let previous = history.filter({ $0.digest != image.digest && added($0) < mine }).max(by: { added($0) < added($1) }),
              let artifact = try await store.artifact(account: account, digest: previous.digest, kind: ArtifactKind.analysis)
        else { return nil }
        return try ArtifactKind.decodeAnalysis(artifact).packages
    }

    /// The account's analyzed images whose layers are a strict prefix of this image's, nearest first.
    func ancestors(account: String, image: ImageRecord, analysis: ImageAnalysis) async throws -> [PolicyInput.Ancestor] {
        let layers = analysis.source.layers.map(\.diffID)
        var found: [(Int, PolicyInput.Ancestor)] = []
        for other in try await store.images(account: account, filter: ImageFilter(analysisStatus: .analyzed, imageStatus: nil))
        where other.digest != image.digest && (other.layerCount ?? 0) < layers.count {
            guard let artifact = try await store.artifact(account: account, digest: other.digest, kind: ArtifactKind.analysis) else { continue }
            let theirs = try ArtifactKind.decodeAnalysis(artifact).source.layers.map(\.diffID)
            guard !theirs.isEmpty, theirs.count < layers.count, Array(layers.prefix(theirs.count)) == theirs else { continue }
            found.append((theirs.count, .init(digest: other.digest.description, tags: other.tags.map(\.fullTag))))
        }
        return found.sorted { $0.0 > $1.0 }.map(\.1)
    }
}
