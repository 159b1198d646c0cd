import Crypto
public import Foundation
public import OCI

/// The bytes of one blob, streamed in chunks and verified while they are read: the size may never exceed the
/// descriptor's, and when the stream ends the size and digest must match. A consumer that reads to the end has
/// therefore read exactly the content the digest names; a mismatch is thrown by the last `next()`.
///
/// Single use: iterate it once. Memory is bounded by one chunk.
public final class BlobStream: AsyncSequence {
    public typealias Element = [UInt8]

    /// What is being read.
    public let descriptor: Descriptor
    private let origin: String
    private let read: () async throws -> [UInt8]?
    private var sha256 = SHA256()
    private var sha512: SHA512?
    private var count: Int64 = 0
    private var finished = false

    /// Wraps a raw chunk source.
    /// - Parameters:
    ///   - origin: where the bytes come from, for messages (e.g. `registry localhost:5000 repository a/b`).
    ///   - read: returns the next chunk, or nil at the end.
    package init(descriptor: Descriptor, origin: String, read: @escaping () async throws -> [UInt8]?) {
        self.descriptor = descriptor
        self.origin = origin
        self.read = read
        if descriptor.digest.algorithm == .sha512 { sha512 = SHA512() }
    }

    /// Bytes read so far.
    public var bytesRead: Int64 { count }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: BlobStream
        public mutating func next() async throws -> [UInt8]? { try await stream.nextChunk() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(stream: self) }

    /// The next verified chunk, or nil at a verified end.
    public func nextChunk() async throws(RegistryError) -> [UInt8]? {
        if finished { return nil }
        let chunk: [UInt8]?
        do {
            chunk = try await read()
        } catch let error as RegistryError {
            finished = true
            throw error
        } catch {
            finished = true
            throw RegistryError(
                .unreachable,
                "reading blob \(descriptor.digest) from \(origin) failed after \(count) of \(descriptor.size) bytes",
                cause: error)
        }
        guard let chunk else {
            finished = true
            try verifyEnd()
            return nil
        }
        count += Int64(chunk.count)
        guard count <= descriptor.size else {
            finished = true
            throw RegistryError(
                .sizeMismatch,
                "blob \(descriptor.digest) from \(origin) is longer than the \(descriptor.size) bytes its descriptor says")
        }
        if sha512 != nil { sha512!.update(data: chunk) } else { sha256.update(data: chunk) }
        return chunk
    }

    private func verifyEnd() throws(RegistryError) {
        guard count == descriptor.size else {
            throw RegistryError(
                .sizeMismatch,
                "blob \(descriptor.digest) from \(origin) is truncated: \(count) of \(descriptor.size) bytes arrived")
        }
        let actual: OCI.Digest =
            if let sha512 { OCI.Digest(algorithm: .sha512, bytes: sha512.finalize()) } else {
                OCI.Digest(algorithm: .sha256, bytes: sha256.finalize())
            }
        guard actual == descriptor.digest else {
            throw RegistryError(
                .digestMismatch, "blob from \(origin) hashes to \(actual), not to its digest \(descriptor.digest)")
        }
    }

    /// Reads the whole (small) blob, verified, refusing more than `limit` bytes.
    public func collect(limit: Int64) async throws(RegistryError) -> Data {
        guard descriptor.size <= limit else {
            throw RegistryError(
                .tooLarge, "blob \(descriptor.digest) from \(origin) is \(descriptor.size) bytes, over the \(limit)-byte limit")
        }
        var data = Data()
        data.reserveCapacity(Int(descriptor.size))
        while let chunk = try await nextChunk() { data.append(contentsOf: chunk) }
        return data
    }

    /// A stream over a local file, or over `length` bytes of it from `offset` (a member of an archive), read in
    /// 1 MiB chunks.
    package static func file(
        _ path: String, offset: Int64 = 0, length: Int64? = nil, descriptor: Descriptor, origin: String
    ) throws(RegistryError) -> BlobStream {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RegistryError(.invalidSource, "\(origin): blob \(descriptor.digest) is missing (\(path))")
        }
        do {
            try handle.seek(toOffset: UInt64(offset))
        } catch {
            throw RegistryError(.invalidSource, "\(origin): cannot seek in \(path)", cause: error)
        }
        // A whole file is read to at most one byte past the descriptor's size, so an over-long file is detected
        // without reading it all.
        var remaining = length ?? (descriptor.size + 1)
        return BlobStream(descriptor: descriptor, origin: origin) {
            guard remaining > 0 else {
                try? handle.close()
                return nil
            }
            let data = try handle.read(upToCount: Int(Swift.min(remaining, 1 << 20))) ?? Data()
            if data.isEmpty {
                try? handle.close()
                return nil
            }
            remaining -= Int64(data.count)
            return [UInt8](data)
        }
    }
}
