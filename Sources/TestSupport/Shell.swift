import Foundation

/// A shell command line that failed: its exit status and what it printed.
public struct ShellCommandFailed: Error, CustomStringConvertible {
    public var command: String
    public var status: Int32
    public var output: String
    public var description: String { "`\(command)` exited \(status): \(output)" }
}

/// Runs a command line with `/bin/sh -c` (no stdin), returns its stdout and stderr together, and throws
/// ``ShellCommandFailed`` when it exits non-zero: how tests drive the real tools (rpmbuild, db5.3_load, tar, zstd).
@discardableResult
public func runShell(_ command: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ShellCommandFailed(command: command, status: process.terminationStatus, output: output) }
    return output
}

/// ``runShell(_:)`` on a dispatch thread: a test that waits for a long command (xz -9, rpmbuild) does not hold one of
/// the cooperative pool's threads — two on a 2-core machine — which the servers other tests start need to come up.
@discardableResult
public func runShellOffPool(_ command: String) async throws -> String {
    try await offPool { try runShell(command) }
}

/// Runs blocking work on a dispatch thread (see ``runShellOffPool(_:)``).
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try work() })
        }
    }
}
