import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started by a test helper: output goes to a file, waits are bounded and
/// polled (no thread blocks), and stopping escalates from SIGTERM to SIGKILL.
final class ProcessChild: Sendable {
    let executable: String
    let arguments: [String]
    let outputFile: URL
    private let process: Mutex<Process>

    /// Starts `executable` with `arguments`, stdout and stderr appended to `outputFile`.
    init(executable: String, arguments: [String], outputFile: URL, environment: [String: String]? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw RegistryServerError.missingTool(executable)
        }
        self.executable = executable
        self.arguments = arguments
        self.outputFile = outputFile
        if !FileManager.default.fileExists(atPath: outputFile.path) {
            _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        }
        let output = try FileHandle(forWritingTo: outputFile)
        try output.seekToEnd()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try? output.close()
        self.process = Mutex(process)
    }

    /// The process id.
    var pid: Int32 { process.withLock { $0.processIdentifier } }

    /// Whether the process has not exited yet.
    var isRunning: Bool { process.withLock { $0.isRunning } }

    /// The exit status once the process has exited, else nil.
    var exitStatus: Int32? {
        process.withLock { $0.isRunning ? nil : $0.terminationStatus }
    }

    /// Everything the process wrote so far (stdout and stderr interleaved).
    var output: String {
        (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    }

    /// Waits at most `timeout` for the process to exit; returns its status, or nil if still running.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = exitStatus { return status }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Sends SIGTERM, waits up to `grace`, then SIGKILL and waits for the exit.
    func stop(grace: Duration = .seconds(3)) async {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        if await waitForExit(timeout: grace) != nil { return }
        kill(pid, SIGKILL)
        _ = await waitForExit(timeout: .seconds(5))
    }

    /// Runs a command to completion (bounded by `timeout`) and returns its combined output.
    /// Throws when the tool is missing, times out, or exits with a non-zero status.
    static func run(
        _ executable: String, _ arguments: [String], in directory: URL, timeout: Duration = .seconds(30)
    ) async throws -> String {
        let log = directory.appendingPathComponent("cmd-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let child = try ProcessChild(executable: executable, arguments: arguments, outputFile: log)
        guard let status = await child.waitForExit(timeout: timeout) else {
            await child.stop(grace: .milliseconds(200))
            throw RegistryServerError.commandFailed(command: ([executable] + arguments).joined(separator: " "),
                                                    status: nil, output: child.output)
        }
        guard status == 0 else {
            throw RegistryServerError.commandFailed(command: ([executable] + arguments).joined(separator: " "),
                                                    status: status, output: child.output)
        }
        return child.output
    }

    /// The full path of `tool` found on PATH (plus the usual system dirs), or nil.
    static func find(_ tool: String) -> String? {
        if tool.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: tool) ? tool : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin"]
        for dir in dirs {
            let candidate = dir + "/" + tool
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
