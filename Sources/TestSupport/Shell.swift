public import Foundation

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
