import Foundation

/// How a child process ended, and how long it took by the driver's monotonic clock.
struct ProcessOutcome: Sendable {
    var status: Int32
    /// Whether it was killed by a signal (then `status` is the signal number).
    var signaled: Bool
    var elapsed: Duration

    var succeeded: Bool { status == 0 && !signaled }
}

enum Subprocess {
    /// Runs a program to its end without blocking a thread: stdin from /dev/null, stdout and stderr to files (or
    /// discarded). The elapsed time is taken from just before launch to the termination callback.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        stdout: String? = nil, stderr: String? = nil
    ) async throws -> ProcessOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        let out = try handle(stdout)
        let err = try handle(stderr)
        process.standardOutput = out ?? FileHandle.nullDevice
        process.standardError = err ?? FileHandle.nullDevice
        defer {
            try? out?.close()
            try? err?.close()
        }
        let start = ContinuousClock.now
        let end: ContinuousClock.Instant = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { _ in continuation.resume(returning: ContinuousClock.now) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: BenchError("cannot start \(executable): \(error)"))
            }
        }
        return ProcessOutcome(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
            elapsed: end - start)
    }

    private static func handle(_ path: String?) throws -> FileHandle? {
        guard let path else { return nil }
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw BenchError("cannot write \(path)") }
        return handle
    }

    /// The last lines of a text file, joined by " | ", at most `limit` characters: for "failed: …" cells.
    static func tail(of path: String, lines: Int = 3, limit: Int = 300) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let last = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .suffix(lines).joined(separator: " ⏎ ")
        return last.count > limit ? "…" + String(last.suffix(limit)) : last
    }
}

/// A failure of the bench driver itself (not of a measured tool).
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
