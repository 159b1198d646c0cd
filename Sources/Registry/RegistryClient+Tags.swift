import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

extension RegistryClient {
    /// Lists every tag of a repository, following `Link: <…>; rel="next"` pages.
    /// - Parameters:
    ///   - pageSize: the `n` asked for per page.
    ///   - limit: stop after this many tags (a bound on what a registry can make us hold).
    public func listTags(
        registry: String, repository: String, pageSize: Int = 1000, limit: Int = 100_000
    ) async throws(RegistryError) -> [String] {
        var tags: [String] = []
        var path: String? = "/v2/\(repository)/tags/list?n=\(pageSize)"
        var pages = 0
        while let current = path, tags.count < limit {
            pages += 1
            guard pages <= 10_000 else { break }
            let operation = Operation(.GET, registry: registry, repository: repository, path: current)
            let what = "listing tags of \(registry)/\(repository)"
            let response = try await send(operation)
            guard response.status.code == 200 else { throw await failure(response, operation, what: what) }
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: 16 * 1024 * 1024)
            } catch {
                throw RegistryError(.tooLarge, "\(what): a page of tags is over 16 MiB or the connection failed", cause: error)
            }
            struct Page: Decodable { var tags: [String]? }
            guard let page = try? JSONDecoder().decode(Page.self, from: Data(buffer: body)) else {
                throw RegistryError(.protocolViolation, "\(what): the registry's answer is not a tag list")
            }
            tags += page.tags ?? []
            path = response.headers.first(name: "Link").flatMap(Self.nextLink)
        }
        return Array(tags.prefix(limit))
    }

    /// The target of `<url>; rel="next"` in a `Link` header, as a path or absolute URL.
    static func nextLink(_ header: String) -> String? {
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = pieces.first, target.hasPrefix("<"), target.hasSuffix(">"),
                pieces.dropFirst().contains(where: { $0.replacingOccurrences(of: " ", with: "") == "rel=\"next\"" || $0 == "rel=next" })
            else { continue }
            return String(target.dropFirst().dropLast())
        }
        return nil
    }
}
