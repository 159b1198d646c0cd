public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// Where a feed's bytes are: a local file or directory (`file://`), or a download (`https://`, `http://` for
/// loopback mirrors).
public enum FetchedFeed: Sendable {
    case local(URL)
    case downloaded(Data, revision: String?)
    /// The source says nothing changed since `revision` (HTTP 304).
    case notModified
}

/// Why a feed could not be fetched.
public struct FeedFetchError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The HTTP status of a refused download.
    public var status: Int?
    public init(_ description: String, status: Int? = nil) {
        self.description = description
        self.status = status
    }
}

/// Fetches feeds: `file://` in place, HTTP(S) with a size limit, a timeout and conditional requests
/// (`If-None-Match` / `If-Modified-Since`) so an unchanged source costs one round trip.
public struct FeedFetcher: Sendable {
    public let client: HTTPClient
    public var sizeLimit: Int
    public var timeout: Duration

    public init(client: HTTPClient, sizeLimit: Int = 1 << 30, timeout: Duration = .seconds(600)) {
        self.client = client
        self.sizeLimit = sizeLimit
        self.timeout = timeout
    }

    public func fetch(_ url: URL, revision: String?, query: [(String, String)] = []) async throws(FeedFetchError) -> FetchedFeed {
        switch url.scheme?.lowercased() {
        case "file":
            guard FileManager.default.fileExists(atPath: url.path) else { throw FeedFetchError("\(url.path) does not exist") }
            return .local(url)
        case "https", "http":
            return try await download(url, revision: revision, query: query)
        default:
            throw FeedFetchError("\(url.absoluteString): only https://, http:// and file:// feed URLs are supported")
        }
    }

    func download(_ url: URL, revision: String?, query: [(String, String)]) async throws(FeedFetchError) -> FetchedFeed {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        if !query.isEmpty {
            let items = (components?.queryItems ?? []) + query.map { URLQueryItem(name: $0.0, value: $0.1) }
            components?.queryItems = items
        }
        let target = components?.url?.absoluteString ?? url.absoluteString
        var request = HTTPClientRequest(url: target)
        request.headers.add(name: "User-Agent", value: "drydock-feeds")
        if let revision {
            if revision.hasPrefix("etag:") {
                request.headers.add(name: "If-None-Match", value: String(revision.dropFirst(5)))
            } else if revision.hasPrefix("modified:") {
                request.headers.add(name: "If-Modified-Since", value: String(revision.dropFirst(9)))
            }
        }
        do {
            let response = try await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
            if response.status == .notModified { return .notModified }
            guard response.status == .ok else {
                throw FeedFetchError("\(target): HTTP \(response.status.code) \(response.status.reasonPhrase)", status: Int(response.status.code))
            }
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > sizeLimit {
                throw FeedFetchError("\(target): \(length) bytes is over the \(sizeLimit)-byte feed limit")
            }
            let body = try await response.body.collect(upTo: sizeLimit)
            let newRevision = response.headers.first(name: "ETag").map { "etag:" + $0 }
                ?? response.headers.first(name: "Last-Modified").map { "modified:" + $0 }
            return .downloaded(Data(body.readableBytesView), revision: newRevision)
        } catch let error as FeedFetchError {
            throw error
        } catch let error as NIOTooManyBytesError {
            _ = error
            throw FeedFetchError("\(target): the body is over the \(sizeLimit)-byte feed limit")
        } catch {
            throw FeedFetchError("\(target): \(error)")
        }
    }
}
