import Foundation

/// Hands decompressed bytes from the feeding thread to one worker thread, so that inflating (on the feeder) and
/// hashing and parsing (on the worker) use two cores. Bytes are copied into a small ring of buffers
/// (``bufferCount`` × ``bufferSize``), so memory stays bounded and the feeder waits when the worker lags.
///
/// The worker calls `consume` for each buffer, in order. The first error it throws is kept, later buffers are
/// dropped, and the feeder receives the error from its next ``push(_:)`` or from ``finish()``.
final class ScanPipeline: @unchecked Sendable {
    static let bufferSize = 1 << 20
    static let bufferCount = 4

    /// Runs on the worker thread; only ever called by it.
    private let consume: (UnsafeRawBufferPointer) throws -> Void
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var queue: [(UnsafeMutableRawBufferPointer, Int)] = []
    private var free: [UnsafeMutableRawBufferPointer] = []
    private var ended = false
    private var done = false
    private var failure: (any Error)?
    // Used by the feeder only.
    private var filling: UnsafeMutableRawBufferPointer?
    private var fill = 0
    private var all: [UnsafeMutableRawBufferPointer] = []

    init(consume: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.consume = consume
        for _ in 0..<Self.bufferCount {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.bufferSize, alignment: 16)
            all.append(buffer)
            free.append(buffer)
        }
        let thread = Thread { [self] in run() }
        thread.name = "drydock-layer-scan"
        thread.start()
    }

    deinit {
        for buffer in all { buffer.deallocate() }
    }

    /// Copies bytes for the worker (feeder side).
    func push(_ bytes: UnsafeRawBufferPointer) throws {
        var bytes = bytes
        while !bytes.isEmpty {
            if filling == nil { filling = try takeFree() }
            guard let target = filling else { return }
            let count = min(bytes.count, target.count - fill)
            (target.baseAddress! + fill).copyMemory(from: bytes.baseAddress!, byteCount: count)
            fill += count
            bytes = UnsafeRawBufferPointer(rebasing: bytes[count...])
            if fill == target.count { try flush() }
        }
    }

    /// Hands over what is buffered, waits for the worker to finish everything and rethrows its error.
    func finish() throws {
        try flush()
        condition.lock()
        ended = true
        condition.broadcast()
        while !done { condition.wait() }
        let failure = self.failure
        condition.unlock()
        if let failure { throw failure }
    }

    /// Tells the worker to stop without waiting (the scanner is going away).
    func stop() {
        condition.lock()
        ended = true
        if failure == nil { failure = CancellationError() }
        condition.broadcast()
        condition.unlock()
    }

    private func flush() throws {
        guard let buffer = filling, fill > 0 else { return }
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        queue.append((buffer, fill))
        filling = nil
        fill = 0
        condition.broadcast()
    }

    private func takeFree() throws -> UnsafeMutableRawBufferPointer {
        condition.lock()
        defer { condition.unlock() }
        while free.isEmpty && failure == nil { condition.wait() }
        if let failure { throw failure }
        return free.removeLast()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !ended { condition.wait() }
            if queue.isEmpty {
                done = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let (buffer, count) = queue.removeFirst()
            let failed = failure != nil
            condition.unlock()
            var error: (any Error)?
            if !failed {
                do { try consume(UnsafeRawBufferPointer(rebasing: buffer[..<count])) } catch let thrown { error = thrown }
            }
            condition.lock()
            if let error, failure == nil { failure = error }
            free.append(buffer)
            condition.broadcast()
            condition.unlock()
        }
    }
}
